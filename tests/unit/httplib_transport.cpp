#include "httplib_transport.hpp"

#include <httplib.h>

namespace ashbyknit::test {
namespace {

class httplib_transport final : public transport {
 public:
  explicit httplib_transport(int timeout_ms) : timeout_(timeout_ms) {}

  outbound_reply send(const outbound_request &request) noexcept override {
    try {
      const std::string url(request.url);
      const auto path_start = url.find('/', url.find("://") + 3);
      httplib::Client client(url.substr(0, path_start));
      client.set_connection_timeout(timeout_);
      client.set_read_timeout(timeout_);
      httplib::Headers headers;
      std::string content_type;
      for (const http_header &header : request.headers) {
        if (header_name_equals(header.name, "Content-Type")) {
          content_type = header.value;
        } else {
          headers.emplace(header.name, header.value);
        }
      }
      const std::string path = path_start == std::string::npos ? "/" : url.substr(path_start);
      const auto result = client.Post(path, headers, request.body.data(), request.body.size(), content_type);
      if (!result) return {outbound_reply::outcome::failed, 0, "httplib: " + httplib::to_string(result.error()), {}, {}};
      outbound_reply reply{outbound_reply::outcome::answered, result->status, "", {}, result->body};
      for (const auto &[name, value] : result->headers) reply.headers.push_back({name, value});
      return reply;
    } catch (const std::exception &failure) {
      return {outbound_reply::outcome::failed, 0, failure.what(), {}, {}};
    }
  }

 private:
  std::chrono::milliseconds timeout_;
};

}  // namespace

std::shared_ptr<transport> make_httplib_transport(int timeout_ms) {
  return std::make_shared<httplib_transport>(timeout_ms);
}

}  // namespace ashbyknit::test
