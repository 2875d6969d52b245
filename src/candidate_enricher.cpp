// candidate_enricher: one candidate.info call, its reply judged as Ashby's others are.
#include "candidate_enricher.hpp"

#include "ashby_call_request.hpp"
#include "ashby_update_replies.hpp"
#include "candidate_enrichment.hpp"

namespace ashbyknit::detail {

candidate_enricher::candidate_enricher(store::impl &state, transport &sender, std::string_view ashby_api_url,
                                       std::int64_t timeout_ms)
    : state_(state), sender_(sender), url_(ashby_call_url(ashby_api_url, "candidate.info")), timeout_ms_(timeout_ms) {}

candidate_enricher::outcome candidate_enricher::fetch(const outbox_event &event) const {
  outcome fetched;
  auto candidate = record_new_candidate_id(event.body);
  if (!candidate.ok()) return fetched;
  auto key = load_ashby_key(state_, event.integration_id);
  if (!key.ok()) return fetched;
  const std::vector<http_header> headers = ashby_call_headers(key.value());
  const std::string request = candidate_info_request(candidate.value());
  outbound_request call{url_, headers, request};
  call.timeout_ms = timeout_ms_;
  const outbound_reply reply = sender_.send(call);
  const reply_judgement judgement = judge_ashby_reply(reply, state_.now_ms());
  fetched.limited = judgement.limited;
  fetched.retry_after_ms = judgement.retry_after_ms;
  if (judgement.what != reply_judgement::kind::delivered) return fetched;
  auto details = read_candidate_info(reply.body, candidate.value());
  if (!details.ok()) return fetched;
  auto enriched = enrich_record_new(event.body, details.value());
  if (enriched.ok()) fetched.body = std::move(enriched).value();
  return fetched;
}

}  // namespace ashbyknit::detail
