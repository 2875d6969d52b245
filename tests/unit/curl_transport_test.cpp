// The libcurl transport against a real HTTP server on 127.0.0.1.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "ashbyknit/transport.hpp"
#include "ashbyknit/version.hpp"
#include "loopback_receiver.hpp"

namespace ashbyknit {
namespace {

using outcome = outbound_reply::outcome;
using std::chrono::milliseconds;

/// Long enough for a request on loopback to arrive on a loaded machine; only a failing test waits it out.
constexpr milliseconds arrival = std::chrono::seconds(30);

std::shared_ptr<transport> make_transport(const curl_transport_options &options = {}) {
  auto made = make_curl_transport(options);
  REQUIRE(made.ok());
  return std::move(made).value();
}

/// The request the delivery engine sends, to `url`.
struct webhook {
  std::string url;
  std::vector<http_header> headers{{"Content-Type", "application/json"},
                                   {"X-Knit-Signature", "c2lnbmF0dXJl"},
                                   {"X-Knit-Integration-Id", "acme"},
                                   {"X-Knit-Execution-Id", "exec_1"}};
  std::string body = R"({"eventType":"record.new","eventId":"evt_1"})";
  std::int64_t timeout_ms = 0;

  outbound_reply send(transport &sender) const { return sender.send({url, headers, body, timeout_ms}); }
};

/// Answers every request with `status` after `delay_ms`.
ak_test::reply_handler answer_with(int status, int delay_ms = 0) {
  return [status, delay_ms](const ak_test::received_request &) {
    ak_test::reply answer;
    answer.status = status;
    answer.delay_ms = delay_ms;
    return answer;
  };
}

/// A reply's headers as (name, value) pairs, names as sent, in order.
std::vector<std::pair<std::string, std::string>> pairs_of(const outbound_reply &reply) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const http_header &header : reply.headers) pairs.emplace_back(header.name, header.value);
  return pairs;
}

/// The value of the reply's header named exactly `name`, or nothing.
std::optional<std::string> header_of(const outbound_reply &reply, const std::string &name) {
  for (const http_header &header : reply.headers) {
    if (header.name == name) return header.value;
  }
  return std::nullopt;
}

/// `length` bytes that differ from one position to the next, so that a cut in the wrong place shows.
std::string patterned(std::size_t length) {
  std::string bytes(length, '\0');
  for (std::size_t i = 0; i < length; ++i) bytes[i] = static_cast<char>('a' + i % 23);
  return bytes;
}

std::set<int> remote_ports(const std::vector<ak_test::received_request> &requests) {
  std::set<int> ports;
  for (const auto &request : requests) ports.insert(request.remote_port);
  return ports;
}

}  // namespace

TEST_CASE("the loopback receiver records requests and answers as told", "[curl]") {
  ak_test::loopback_receiver receiver;
  CHECK(receiver.url("/hook") == "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook");
  receiver.set_handler(answer_with(204));
  const auto sender = make_transport();
  webhook first{receiver.url("/first")};
  webhook second{receiver.url("/second")};
  CHECK(first.send(*sender).status == 204);
  CHECK(second.send(*sender).status == 204);
  REQUIRE(receiver.wait_for(2, arrival));
  const auto requests = receiver.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].order == 0);
  CHECK(requests[0].path == "/first");
  CHECK(requests[1].order == 1);
  CHECK(requests[1].path == "/second");
  CHECK(requests[0].arrived <= requests[1].arrived);
  CHECK(requests[0].header("x-knit-integration-id") == std::optional<std::string>("acme"));
  CHECK_FALSE(receiver.wait_for(3, milliseconds(1)));
}

TEST_CASE("a 200 delivers the body and headers unchanged", "[curl]") {
  ak_test::loopback_receiver receiver;
  const auto sender = make_transport();
  webhook hook{receiver.url("/knit/webhook")};
  // Bytes no text layer would keep: UTF-8, a NUL, a trailing newline.
  hook.body = "{\"bytes\":\"\xc3\xa9";
  hook.body += '\0';
  hook.body += "\"}\n";

  const outbound_reply reply = hook.send(*sender);
  CHECK(reply.result == outcome::answered);
  CHECK(reply.status == 200);
  CHECK(reply.error.empty());

  REQUIRE(receiver.request_count() == 1);
  const ak_test::received_request request = receiver.requests().front();
  CHECK(request.path == "/knit/webhook");
  CHECK(request.body == hook.body);
  for (const http_header &header : hook.headers) {
    CHECK(request.header_count(header.name) == 1);
    CHECK(request.header(header.name) == std::optional<std::string>(header.value));
  }
  CHECK(request.header("User-Agent") == std::optional<std::string>(std::string("ashbyknit/") + version_string()));
  CHECK(request.header_count("Expect") == 0);
  CHECK(request.header("Content-Length") == std::optional<std::string>(std::to_string(hook.body.size())));
}

TEST_CASE("without a Content-Type the transport adds none of its own", "[curl]") {
  ak_test::loopback_receiver receiver;
  const auto sender = make_transport();
  webhook hook{receiver.url("/")};
  hook.headers = {{"X-Knit-Integration-Id", "acme"}};
  CHECK(hook.send(*sender).status == 200);
  const ak_test::received_request request = receiver.requests().at(0);
  CHECK(request.header_count("Content-Type") == 0);
  CHECK(request.header("X-Knit-Integration-Id") == std::optional<std::string>("acme"));
}

TEST_CASE("a header that would inject a line is refused without sending", "[curl]") {
  ak_test::loopback_receiver receiver;
  const auto sender = make_transport();
  webhook hook{receiver.url("/")};
  hook.headers.push_back({"X-Knit-Signature", "secret-value\r\nX-Injected: 1"});
  const outbound_reply reply = hook.send(*sender);
  CHECK(reply.result == outcome::failed);
  CHECK(reply.error.find("X-Knit-Signature") != std::string::npos);
  CHECK(reply.error.find("secret-value") == std::string::npos);
  CHECK(receiver.request_count() == 0);
}

TEST_CASE("error statuses are answered, not failed", "[curl]") {
  ak_test::loopback_receiver receiver;
  const auto sender = make_transport();
  const int status = GENERATE(500, 410, 404, 429);
  receiver.set_handler(answer_with(status));
  const outbound_reply reply = webhook{receiver.url("/")}.send(*sender);
  CHECK(reply.result == outcome::answered);
  CHECK(reply.status == status);
}

TEST_CASE("a redirect is answered as such and not followed", "[curl]") {
  ak_test::loopback_receiver receiver;
  const auto sender = make_transport();
  const std::string elsewhere = receiver.url("/elsewhere");
  receiver.set_handler([&elsewhere](const ak_test::received_request &) {
    ak_test::reply answer;
    answer.status = 302;
    answer.headers = {{"Location", elsewhere}};
    return answer;
  });
  const outbound_reply reply = webhook{receiver.url("/hook")}.send(*sender);
  CHECK(reply.result == outcome::answered);
  CHECK(reply.status == 302);
  const auto requests = receiver.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].path == "/hook");
}

TEST_CASE("a reply slower than the total timeout fails as timed out", "[curl]") {
  ak_test::loopback_receiver receiver;
  receiver.set_handler(answer_with(200, 30'000));
  curl_transport_options options;
  options.total_timeout_ms = 200;
  const auto sender = make_transport(options);
  const outbound_reply reply = webhook{receiver.url("/")}.send(*sender);
  CHECK(reply.result == outcome::failed);
  CHECK(reply.status == 0);
  CHECK(reply.error == "timed out after 200 ms");
}

TEST_CASE("a request's timeout_ms cuts its own send short and not the next one", "[curl]") {
  ak_test::loopback_receiver receiver;
  receiver.set_handler([](const ak_test::received_request &request) {
    ak_test::reply answer;
    // "/silent" outlasts the transport's own limit; "/slow" only the first request's.
    answer.delay_ms = request.path == "/silent" ? 60'000 : 600;
    return answer;
  });
  curl_transport_options options;
  options.total_timeout_ms = 30'000;
  options.max_connections = 1;  // so that the second send reuses the first one's easy handle
  const auto sender = make_transport(options);

  webhook silent{receiver.url("/silent")};
  silent.timeout_ms = 300;
  const auto started = std::chrono::steady_clock::now();
  const outbound_reply cut = silent.send(*sender);
  // Far above 300 ms and far below 30 s: a loaded machine passes, an ignored limit does not.
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  CHECK(cut.result == outcome::failed);
  CHECK(cut.status == 0);
  CHECK(cut.error.rfind("timed out after 300 ms", 0) == 0);

  const outbound_reply later = webhook{receiver.url("/slow")}.send(*sender);
  CHECK(later.result == outcome::answered);
  CHECK(later.status == 200);
}

TEST_CASE("a refused connection fails", "[curl]") {
  const auto sender = make_transport();
  const int port = ak_test::refusing_port();
  const outbound_reply reply = webhook{"http://127.0.0.1:" + std::to_string(port) + "/"}.send(*sender);
  CHECK(reply.result == outcome::failed);
  CHECK(reply.status == 0);
  CHECK(reply.error == "connection refused");
}

TEST_CASE("only http and https URLs are sent to", "[curl]") {
  const auto sender = make_transport();
  const outbound_reply reply = webhook{"file:///etc/passwd"}.send(*sender);
  CHECK(reply.result == outcome::failed);
  CHECK_FALSE(reply.error.empty());
}

TEST_CASE("abort_sends stops a send in progress and not later ones", "[curl]") {
  ak_test::loopback_receiver receiver;
  receiver.set_handler(answer_with(200, 30'000));
  curl_transport_options options;
  options.total_timeout_ms = 60'000;
  const auto sender = make_transport(options);
  const webhook hook{receiver.url("/")};

  auto in_flight = std::async(std::launch::async, [&] { return hook.send(*sender); });
  REQUIRE(receiver.wait_for(1, arrival));
  sender->abort_sends();
  const outbound_reply aborted = in_flight.get();
  CHECK(aborted.result == outcome::aborted);
  CHECK(aborted.status == 0);
  CHECK(aborted.error == "aborted: the send was called off");

  receiver.set_handler(answer_with(201));
  const outbound_reply later = hook.send(*sender);
  CHECK(later.result == outcome::answered);
  CHECK(later.status == 201);
}

TEST_CASE("invalid transport options are refused", "[curl]") {
  curl_transport_options options;
  SECTION("a connect timeout of zero") { options.connect_timeout_ms = 0; }
  SECTION("a negative total timeout") { options.total_timeout_ms = -1; }
  SECTION("an empty pool") { options.max_connections = 0; }
  SECTION("a CA file that does not exist") { options.ca_file = "/nonexistent/ashbyknit/ca.pem"; }
  const auto made = make_curl_transport(options);
  CHECK(made.code() == error_code::invalid_argument);
  CHECK_FALSE(made.message().empty());
}

TEST_CASE("a reply's headers and body come back with its status", "[curl]") {
  ak_test::loopback_receiver receiver;
  const std::string envelope =
      R"({"success":false,"errorInfo":{"code":"rate_limit_exceeded","message":"Slow down","requestId":"req_1"}})";
  receiver.set_handler([&envelope](const ak_test::received_request &request) {
    ak_test::reply answer;
    if (request.path == "/plain") return answer;
    answer.status = 429;
    answer.headers = {{"Retry-After", "30"}, {"X-RateLimit-Scope", "integration-partner"}, {"x-ashby-request-id", "req_1"}};
    answer.body = envelope;
    answer.content_type = "application/json";
    return answer;
  });
  const auto sender = make_transport();

  const outbound_reply limited = webhook{receiver.url("/assessment.update")}.send(*sender);
  CHECK(limited.result == outcome::answered);
  CHECK(limited.status == 429);
  CHECK(header_of(limited, "Retry-After") == std::optional<std::string>("30"));
  CHECK(header_of(limited, "X-RateLimit-Scope") == std::optional<std::string>("integration-partner"));
  CHECK(header_of(limited, "x-ashby-request-id") == std::optional<std::string>("req_1"));
  CHECK(header_of(limited, "Content-Type") == std::optional<std::string>("application/json"));
  CHECK(header_of(limited, "Content-Length") == std::optional<std::string>(std::to_string(envelope.size())));
  CHECK(limited.body == envelope);

  // The same pooled connection: nothing of the first reply is left over.
  const outbound_reply plain = webhook{receiver.url("/plain")}.send(*sender);
  CHECK(plain.status == 200);
  CHECK_FALSE(header_of(plain, "x-ashby-request-id"));
  CHECK(header_of(plain, "Content-Length") == std::optional<std::string>("0"));
  CHECK(plain.body.empty());
  CHECK(remote_ports(receiver.requests()).size() == 1);
}

TEST_CASE("a reply body is kept up to 64 KiB, and past that cut at 64 KiB with its status", "[curl]") {
  constexpr std::size_t limit = 64 * 1024;
  struct reply_shape {
    std::size_t size;  ///< the body, or for an endless reply the chunk sent again and again
    bool endless;
  };
  const reply_shape shape = GENERATE(reply_shape{limit, false}, reply_shape{limit + 1, false},
                                     reply_shape{1024 * 1024, false}, reply_shape{4096, true});
  CAPTURE(shape.size, shape.endless);
  ak_test::loopback_receiver receiver;
  const std::string chunk = patterned(shape.size);
  receiver.set_handler([&](const ak_test::received_request &) {
    ak_test::reply answer;
    answer.status = 503;
    answer.body = chunk;
    answer.endless = shape.endless;
    return answer;
  });
  std::string sent = chunk;
  while (shape.endless && sent.size() < limit) sent += chunk;
  curl_transport_options options;
  // A transport that read the endless reply to its end would run into this instead.
  options.total_timeout_ms = 10'000;
  const auto sender = make_transport(options);
  const outbound_reply reply = webhook{receiver.url("/")}.send(*sender);
  CHECK(reply.result == outcome::answered);
  CHECK(reply.status == 503);
  CHECK(reply.body.size() == std::min(sent.size(), limit));
  CHECK(reply.body == sent.substr(0, limit));
}

TEST_CASE("only the final response's headers are kept, trimmed and unfolded", "[curl]") {
  const std::string interim = GENERATE(std::string("HTTP/1.1 100 Continue\r\n\r\n"),
                                       std::string("HTTP/1.1 103 Early Hints\r\n"
                                                   "Link: </report.css>; rel=preload\r\n"
                                                   "x-ashby-request-id: req_interim\r\n\r\n"));
  const ak_test::raw_responder responder(interim +
                                         "HTTP/1.1 201 Created\r\n"
                                         "Content-Length: 2\r\n"
                                         "x-ashby-request-id:   req_7 \t\r\n"
                                         "X-Folded: first\r\n"
                                         " \t second\r\n"
                                         "X-Empty:\r\n"
                                         "\r\n"
                                         "ok");
  const auto sender = make_transport();
  const outbound_reply reply = webhook{responder.url("/")}.send(*sender);
  CHECK(reply.result == outcome::answered);
  CHECK(reply.status == 201);
  using header_pairs = std::vector<std::pair<std::string, std::string>>;
  CHECK(pairs_of(reply) == header_pairs{{"Content-Length", "2"},
                                        {"x-ashby-request-id", "req_7"},
                                        {"X-Folded", "first second"},
                                        {"X-Empty", ""}});
  CHECK(reply.body == "ok");
  CHECK(responder.request_count() == 1);
}

TEST_CASE("a reply cut short fails without headers or body", "[curl]") {
  const ak_test::raw_responder responder(
      "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nx-ashby-request-id: req_1\r\n\r\n{\"success\":");
  const auto sender = make_transport();
  const outbound_reply reply = webhook{responder.url("/")}.send(*sender);
  CHECK(reply.result == outcome::failed);
  CHECK_FALSE(reply.error.empty());
  CHECK(reply.headers.empty());
  CHECK(reply.body.empty());
}

TEST_CASE("several threads send through one transport at once", "[curl]") {
  ak_test::loopback_receiver receiver;
  curl_transport_options options;
  options.max_connections = 4;
  const auto sender = make_transport(options);
  constexpr int threads = 8;
  constexpr int sends_per_thread = 20;
  std::atomic<int> answered{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < threads; ++t) {
    senders.emplace_back([&, t] {
      for (int i = 0; i < sends_per_thread; ++i) {
        webhook hook{receiver.url("/t" + std::to_string(t))};
        hook.body = std::to_string(t) + ":" + std::to_string(i);
        const outbound_reply reply = hook.send(*sender);
        if (reply.result == outcome::answered && reply.status == 200) ++answered;
      }
    });
  }
  for (std::thread &thread : senders) thread.join();
  CHECK(answered == threads * sends_per_thread);
  const auto requests = receiver.requests();
  REQUIRE(requests.size() == static_cast<std::size_t>(threads * sends_per_thread));
  std::set<std::string> bodies;
  for (const auto &request : requests) {
    CHECK(request.path == "/t" + request.body.substr(0, request.body.find(':')));
    bodies.insert(request.body);
  }
  CHECK(bodies.size() == requests.size());
}

TEST_CASE("connections are reused only when asked", "[curl]") {
  ak_test::loopback_receiver receiver;
  constexpr std::size_t sends = 20;
  curl_transport_options options;
  options.reuse_connections = GENERATE(true, false);
  const auto sender = make_transport(options);
  const webhook hook{receiver.url("/")};
  for (std::size_t i = 0; i < sends; ++i) REQUIRE(hook.send(*sender).status == 200);
  const std::set<int> ports = remote_ports(receiver.requests());
  if (options.reuse_connections) {
    CHECK(ports.size() <= 2);
  } else {
    CHECK(ports.size() == sends);
  }
}

}  // namespace ashbyknit
