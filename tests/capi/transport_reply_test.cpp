// What a host transport's send hands back through ak_reply_* reaches the engine: the adapter that
// ak_delivery_new wraps around an ak_transport is driven directly, as the engine drives it.
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ashbyknit.h"
#include "ashbyknit/transport.hpp"
#include "delivery_c.hpp"

namespace {

using ashbyknit::outbound_reply;
using header_pairs = std::vector<std::pair<std::string, std::string>>;

/// What the host's send does: hands back `headers` and `body` (unless `set_body` is false), then
/// returns `status`. It records what the ak_reply_* calls returned and the request it saw, since
/// an assertion must not throw through the adapter.
struct host_script {
  int status = 200;
  header_pairs headers;
  std::string body;
  bool set_body = true;
  std::vector<ak_status> results;  ///< of each ak_reply_* call, in order
  bool saw_reply = false;          ///< request->reply was not NULL
  std::string url;
  std::int64_t timeout_ms = -1;  ///< request->timeout_ms
};

int scripted_send(const ak_outbound_request *request, char *, size_t, void *user_data) {
  auto &script = *static_cast<host_script *>(user_data);
  script.saw_reply = request->reply != nullptr;
  script.url = request->url;
  script.timeout_ms = request->timeout_ms;
  for (const auto &[name, value] : script.headers) {
    script.results.push_back(ak_reply_add_header(request->reply, name.c_str(), value.c_str()));
  }
  if (script.set_body) script.results.push_back(ak_reply_set_body(request->reply, script.body.data(), script.body.size()));
  return script.status;
}

using send_function = int (*)(const ak_outbound_request *, char *, size_t, void *);

/// The engine's view of a host transport whose send is `send`, given `user_data`.
std::shared_ptr<ashbyknit::transport> adopt(send_function send, void *user_data) {
  ak_transport host{};
  host.struct_size = sizeof host;
  host.send = send;
  host.user_data = user_data;
  std::shared_ptr<ashbyknit::transport> adapter;
  REQUIRE(ashbyknit::capi::adopt_transport(&host, adapter) == AK_OK);
  return adapter;
}

std::shared_ptr<ashbyknit::transport> adopt(host_script &script) { return adopt(scripted_send, &script); }

outbound_reply send_through(ashbyknit::transport &adapter, std::int64_t timeout_ms = 0) {
  const std::vector<ashbyknit::http_header> headers{{"Content-Type", "application/json"}};
  return adapter.send({"https://api.ashbyhq.com/assessment.update", headers, R"({"assessment_id":"a"})", timeout_ms});
}

header_pairs pairs_of(const outbound_reply &reply) {
  header_pairs pairs;
  for (const auto &header : reply.headers) pairs.emplace_back(header.name, header.value);
  return pairs;
}

}  // namespace

TEST_CASE("a host sees the request's timeout and its reply headers and body reach the engine", "[capi]") {
  host_script script;
  script.status = 429;
  script.headers = {{"Retry-After", "30"},
                    {"X-RateLimit-Scope", "integration-partner"},
                    {"x-ashby-request-id", "req_1"},
                    {"Set-Cookie", "a=1"},
                    {"Set-Cookie", "b=2"},
                    {"X-Empty", ""}};
  script.body = R"({"success":false,"errorInfo":{"code":"rate_limit_exceeded","message":"Slow down"}})";
  script.body += '\0';  // bytes, not text
  const auto adapter = adopt(script);
  const outbound_reply reply = send_through(*adapter, 2'500);
  CHECK(script.saw_reply);
  CHECK(script.url == "https://api.ashbyhq.com/assessment.update");
  CHECK(script.timeout_ms == 2'500);
  CHECK(script.results == std::vector<ak_status>(7, AK_OK));
  CHECK(reply.result == outbound_reply::outcome::answered);
  CHECK(reply.status == 429);
  CHECK(pairs_of(reply) == script.headers);
  CHECK(reply.body == script.body);
}

TEST_CASE("a host's reply body is kept up to 64 KiB", "[capi]") {
  const std::size_t limit = 64 * 1024;
  const std::size_t size = GENERATE_COPY(limit - 1, limit, limit + 1, std::size_t{1024 * 1024});
  CAPTURE(size);
  host_script script;
  for (std::size_t i = 0; i < size; ++i) script.body += static_cast<char>('a' + i % 23);
  const auto adapter = adopt(script);
  const outbound_reply reply = send_through(*adapter);
  CHECK(script.results == std::vector<ak_status>{AK_OK});
  CHECK(reply.body == script.body.substr(0, limit));
}

TEST_CASE("a host's later body replaces an earlier one, and an empty one clears it", "[capi]") {
  struct twice {
    static int send(const ak_outbound_request *request, char *, size_t, void *) {
      const bool first = ak_reply_set_body(request->reply, "first", 5) == AK_OK;
      const bool second = ak_reply_set_body(request->reply, "second", 6) == AK_OK;
      return first && second ? 200 : 599;
    }
    static int clear(const ak_outbound_request *request, char *, size_t, void *) {
      const bool set = ak_reply_set_body(request->reply, "first", 5) == AK_OK;
      const bool cleared = ak_reply_set_body(request->reply, nullptr, 0) == AK_OK;
      return set && cleared ? 200 : 599;
    }
  };
  const bool clearing = GENERATE(false, true);
  const auto adapter = adopt(clearing ? twice::clear : twice::send, nullptr);
  const outbound_reply reply = send_through(*adapter);
  CHECK(reply.status == 200);
  CHECK(reply.body == (clearing ? "" : "second"));
}

TEST_CASE("what a host hands back is dropped when its send returns no HTTP status", "[capi]") {
  host_script script;
  script.status = GENERATE(int{AK_SEND_FAILED}, int{AK_SEND_ABORTED}, 42);
  CAPTURE(script.status);
  script.headers = {{"x-ashby-request-id", "req_1"}};
  script.body = R"({"success":true})";
  const auto adapter = adopt(script);
  const outbound_reply reply = send_through(*adapter);
  CHECK(reply.result != outbound_reply::outcome::answered);
  CHECK(reply.headers.empty());
  CHECK(reply.body.empty());
}

TEST_CASE("a host that hands back nothing gets an empty reply", "[capi]") {
  host_script script;
  script.status = 204;
  script.set_body = false;
  const auto adapter = adopt(script);
  const outbound_reply reply = send_through(*adapter);
  CHECK(script.saw_reply);
  CHECK(reply.status == 204);
  CHECK(reply.headers.empty());
  CHECK(reply.body.empty());
}

TEST_CASE("ak_reply_* refuse NULL arguments and an empty header name, keeping the reply as it was", "[capi]") {
  CHECK(ak_reply_set_body(nullptr, "x", 1) == AK_ERR_INVALID_ARGUMENT);
  CHECK(ak_reply_add_header(nullptr, "Retry-After", "30") == AK_ERR_INVALID_ARGUMENT);
  CHECK(std::string(ak_last_error_message()).find("reply") != std::string::npos);

  struct refused {
    static int send(const ak_outbound_request *request, char *, size_t, void *user_data) {
      auto &results = *static_cast<std::vector<ak_status> *>(user_data);
      ak_reply *reply = request->reply;
      results.push_back(ak_reply_set_body(reply, "kept", 4));
      results.push_back(ak_reply_set_body(reply, nullptr, 5));
      results.push_back(ak_reply_add_header(reply, nullptr, "v"));
      results.push_back(ak_reply_add_header(reply, "n", nullptr));
      results.push_back(ak_reply_add_header(reply, "", "v"));
      return 200;
    }
  };
  std::vector<ak_status> results;
  const auto adapter = adopt(refused::send, &results);
  const outbound_reply reply = send_through(*adapter);
  CHECK(results == std::vector<ak_status>{AK_OK, AK_ERR_INVALID_ARGUMENT, AK_ERR_INVALID_ARGUMENT,
                                          AK_ERR_INVALID_ARGUMENT, AK_ERR_INVALID_ARGUMENT});
  CHECK(reply.status == 200);
  CHECK(reply.body == "kept");
  CHECK(reply.headers.empty());
}
