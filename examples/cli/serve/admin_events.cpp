// The event routes of serve's admin API: the outbox's events (for the vendor's webhook and for
// Ashby) by state, each one's delivery attempts, and replays of dead letters.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "admin_query.hpp"
#include "admin_route.hpp"
#include "arguments.hpp"
#include "ashbyknit/store_json.hpp"
#include "json_reply.hpp"

namespace ashbyknit::cli {
namespace {

/// How many events a list holds when the query does not say, and the most it may ask for.
constexpr std::size_t default_event_limit = 100;
constexpr std::size_t max_event_limit = 10'000;

/// The state `name` stands for, or std::nullopt when it stands for none.
std::optional<event_state> parse_state(std::string_view name) {
  if (name == "pending") return event_state::pending;
  if (name == "delivered") return event_state::delivered;
  if (name == "dead_lettered") return event_state::dead_lettered;
  return std::nullopt;
}

/// `text` as a limit from 1 to max_event_limit, or std::nullopt when it is not one.
std::optional<std::size_t> parse_limit(std::string_view text) {
  const std::optional<std::int64_t> limit = whole_number(text);
  if (!limit || *limit < 1 || *limit > static_cast<std::int64_t>(max_event_limit)) return std::nullopt;
  return static_cast<std::size_t>(*limit);
}

/// GET events?state=&limit=: events oldest first, in one state or every state, at most `limit`
/// (default_event_limit); never a body.
http_response list_events(admin_call &request, admin_context &context) {
  admin_query query(request.query);
  const auto state_name = query.value("state");
  const auto limit_text = query.value("limit");
  if (const auto problem = query.problem()) return admin_bad_request_reply(*problem);
  std::optional<event_state> state;
  if (state_name && !(state = parse_state(*state_name))) {
    return admin_bad_request_reply("\"state\" must be pending, delivered or dead_lettered.");
  }
  std::size_t limit = default_event_limit;
  if (limit_text) {
    const auto parsed = parse_limit(*limit_text);
    if (!parsed) return admin_bad_request_reply("\"limit\" must be from 1 to " + std::to_string(max_event_limit) + ".");
    limit = *parsed;
  }
  return admin_read_reply(context.records.list_events(state, limit));
}

/// GET events/{eventId}/attempts: the event's delivery attempts, oldest first.
http_response list_attempts(admin_call &request, admin_context &context) {
  return admin_read_reply(context.records.event_history(request.parameters[0]));
}

/// `{"replayed":N}`, or the refusal.
http_response replay_reply(const result<std::size_t> &replayed) {
  if (!replayed.ok()) return admin_refusal_reply(replayed.failure());
  return json_reply(200, R"({"replayed":)" + std::to_string(replayed.value()) + "}");
}

/// POST events/{eventId}/replay: the dead-lettered event is pending again, due at once; 404 for no
/// such event, 409 for one that is not dead-lettered.
http_response replay_event(admin_call &request, admin_context &context) {
  return replay_reply(context.records.replay_dead_letters(request.parameters[0]));
}

/// POST events/replay: every dead-lettered event is pending again.
http_response replay_dead_letters(admin_call &, admin_context &context) {
  return replay_reply(context.records.replay_dead_letters());
}

}  // namespace

const std::vector<admin_route> &event_routes() {
  static const std::vector<admin_route> routes = {
      {"GET", "events", "event.list", list_events},
      {"GET", "events/{eventId}/attempts", "event.attempts", list_attempts},
      {"POST", "events/{eventId}/replay", "event.replay", replay_event},
      {"POST", "events/replay", "deadLetters.replay", replay_dead_letters},
  };
  return routes;
}

}  // namespace ashbyknit::cli
