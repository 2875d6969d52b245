#include "rounds.hpp"

#include <thread>

#include "connection.hpp"
#include "json_text.hpp"

namespace ashbyknit::cli::simulation {
namespace {

/// Plays one round on `link`. Once the start is not answered as expected, the rest of the round,
/// which needs its assessment, is left out.
void play_round(connection &link, const round_plan &plan) {
  const expectation new_id{expectation::shape::assessment_id, 200, ""};
  const verdict started = link.call(call_kind::start, operation::start, credentials::issued_key, plan.start_body, new_id);
  if (!started.problem.empty()) return;
  const expectation same_id{expectation::shape::assessment_id, 200, started.assessment_id};
  if (plan.retry) link.call(call_kind::start_retry, operation::start, credentials::issued_key, plan.start_body, same_id);
  for (const prepared_call &negative : plan.negatives) link.call(negative);
  if (plan.cancels == 0) return;
  const std::string cancel_body = json_string_object({{"assessment_id", started.assessment_id}});
  for (int i = 0; i < plan.cancels; ++i) {
    link.call(i == 0 ? call_kind::cancel : call_kind::cancel_again, operation::cancel, credentials::issued_key,
              cancel_body, same_id);
  }
}

}  // namespace

statistics play_rounds(const std::vector<round_plan> &rounds, std::size_t concurrency, const bridge_target &target,
                       const credential_headers &headers, std::atomic<std::size_t> &played) {
  std::atomic<std::size_t> next{0};
  std::vector<statistics> recorded(concurrency);
  std::vector<std::thread> workers;
  workers.reserve(concurrency);
  for (std::size_t worker = 0; worker < concurrency; ++worker) {
    workers.emplace_back([&, worker] {
      connection link(target, headers);
      for (std::size_t index = next++; index < rounds.size(); index = next++) {
        play_round(link, rounds[index]);
        ++played;
      }
      recorded[worker] = std::move(link.recorded());
    });
  }
  for (std::thread &worker : workers) worker.join();
  statistics all;
  for (statistics &one : recorded) all.merge(std::move(one));
  return all;
}

}  // namespace ashbyknit::cli::simulation
