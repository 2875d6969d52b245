// The default transport: libcurl easy handles, pooled so that connections outlive one send.
#include <curl/curl.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <fstream>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ashbyknit/transport.hpp"
#include "ashbyknit/version.hpp"

namespace ashbyknit {
namespace {

/// curl_global_init's result, run once per process: it is not thread-safe, and a host that
/// initialised libcurl itself only gets its reference count raised.
CURLcode initialise_curl_once() {
  static std::once_flag once;
  static CURLcode code = CURLE_OK;
  std::call_once(once, [] { code = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return code;
}

/// What the callbacks of one send see and leave behind.
struct transfer_state {
  const std::atomic<std::uint64_t> *generation = nullptr;  ///< the transport's abort counter
  std::uint64_t started_generation = 0;                    ///< its value when the send began
  std::vector<http_header> headers;  ///< the latest response's headers: an interim one's are dropped
  std::string body;                  ///< the first max_reply_body_bytes bytes of the body
  bool reply_too_large = false;
  bool out_of_memory = false;  ///< keeping the reply failed; the transfer was stopped
  bool aborted = false;
};

constexpr std::string_view header_space = " \t\r\n";

std::string_view trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(header_space);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(header_space) - first + 1);
}

/// Adds one header line as libcurl hands it over, CR LF included, to `headers`. A status line
/// starts a response, so it drops what an interim response (100 Continue, 103 Early Hints) left;
/// a line that starts with white space continues the previous header (obsolete line folding);
/// the blank line that ends the headers, and anything else without a colon, is skipped.
void remember_header_line(std::vector<http_header> &headers, std::string_view line) {
  if (line.rfind("HTTP/", 0) == 0) {
    headers.clear();
  } else if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
    const std::string_view more = trimmed(line);
    if (headers.empty() || more.empty()) return;
    std::string &value = headers.back().value;
    if (!value.empty()) value += ' ';
    value += more;
  } else if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
    headers.push_back({std::string(trimmed(line.substr(0, colon))), std::string(trimmed(line.substr(colon + 1)))});
  }
}

/// libcurl's header callback. Returning anything but `bytes` stops the transfer: it does when
/// out of memory, since no exception may cross libcurl.
std::size_t keep_header(char *data, std::size_t size, std::size_t count, void *user_data) noexcept {
  auto &state = *static_cast<transfer_state *>(user_data);
  const std::size_t bytes = size * count;
  try {
    remember_header_line(state.headers, std::string_view(data, bytes));
  } catch (const std::bad_alloc &) {
    state.out_of_memory = true;
    return 0;
  }
  return bytes;
}

/// libcurl's write callback: keeps the body up to max_reply_body_bytes (enough for any error
/// envelope), then stops the transfer, so a misbehaving receiver cannot make a send read without end.
std::size_t keep_body(char *data, std::size_t size, std::size_t count, void *user_data) noexcept {
  auto &state = *static_cast<transfer_state *>(user_data);
  const std::size_t bytes = size * count;
  const std::size_t room = max_reply_body_bytes - state.body.size();
  try {
    state.body.append(data, std::min(bytes, room));
  } catch (const std::bad_alloc &) {
    state.out_of_memory = true;
    return 0;
  }
  if (bytes > room) {
    state.reply_too_large = true;
    return 0;
  }
  return bytes;
}

int check_abort(void *user_data, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto &state = *static_cast<transfer_state *>(user_data);
  if (state.generation->load(std::memory_order_acquire) == state.started_generation) return 0;
  state.aborted = true;
  return 1;
}

/// An easy handle with the buffers its options point to, so that those stay valid for as long
/// as the handle lives, idle in the pool included.
struct connection {
  CURL *easy = nullptr;
  char error_buffer[CURL_ERROR_SIZE] = {};
  transfer_state state;

  connection() = default;
  ~connection() {
    if (easy != nullptr) curl_easy_cleanup(easy);
  }
  connection(const connection &) = delete;
  connection &operator=(const connection &) = delete;
};

/// Frees a header list on every way out of a send.
struct header_list {
  curl_slist *head = nullptr;

  header_list() = default;
  ~header_list() { curl_slist_free_all(head); }
  header_list(const header_list &) = delete;
  header_list &operator=(const header_list &) = delete;

  /// Appends one line; false when libcurl could not allocate it.
  bool append(const std::string &line) {
    curl_slist *grown = curl_slist_append(head, line.c_str());
    if (grown == nullptr) return false;
    head = grown;
    return true;
  }
};

/// A duration for libcurl, which takes a long: 32 bits on some platforms.
long as_curl_ms(std::int64_t ms) {
  return static_cast<long>(std::min<std::int64_t>(ms, std::numeric_limits<long>::max()));
}

/// The time limits of one send.
struct send_limits {
  std::int64_t connect_ms;  ///< never more than total_ms: libcurl bounds connecting by both
  std::int64_t total_ms;
};

/// The transport's own limits, both cut to the request's timeout_ms when that is set.
send_limits limits_for(const curl_transport_options &options, const outbound_request &request) {
  const std::int64_t total_ms =
      request.timeout_ms > 0 ? std::min(options.total_timeout_ms, request.timeout_ms) : options.total_timeout_ms;
  return {std::min(options.connect_timeout_ms, total_ms), total_ms};
}

bool is_header_safe(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

outbound_reply failed(std::string error) {
  outbound_reply reply;
  reply.result = outbound_reply::outcome::failed;
  reply.error = std::move(error);
  return reply;
}

class curl_transport final : public transport {
 public:
  explicit curl_transport(curl_transport_options options)
      : options_(std::move(options)), user_agent_(std::string("ashbyknit/") + version_string()) {}

  outbound_reply send(const outbound_request &request) noexcept override {
    try {
      std::unique_ptr<connection> handle = take_connection();
      if (!handle) return failed("libcurl cannot create a handle");
      outbound_reply reply = perform(*handle, request);
      return_connection(std::move(handle));
      return reply;
    } catch (const std::bad_alloc &) {
      return failed("out of memory");
    } catch (const std::exception &caught) {
      return failed(std::string("internal error: ") + caught.what());
    } catch (...) {
      return failed("internal error");
    }
  }

  void abort_sends() noexcept override { generation_.fetch_add(1, std::memory_order_acq_rel); }

 private:
  std::unique_ptr<connection> take_connection() {
    {
      const std::lock_guard<std::mutex> lock(pool_mutex_);
      if (!idle_.empty()) {
        std::unique_ptr<connection> handle = std::move(idle_.back());
        idle_.pop_back();
        return handle;
      }
    }
    auto handle = std::make_unique<connection>();
    handle->easy = curl_easy_init();
    if (handle->easy == nullptr) return nullptr;
    return handle;
  }

  void return_connection(std::unique_ptr<connection> handle) {
    {
      const std::lock_guard<std::mutex> lock(pool_mutex_);
      if (idle_.size() < options_.max_connections) {
        idle_.push_back(std::move(handle));
        return;
      }
    }
    // Closed outside the lock: closing a TLS connection may write to the network.
    handle.reset();
  }

  /// The request's headers, plus those that keep libcurl from adding its own: no
  /// "Expect: 100-continue" round trip, and no form Content-Type when the caller set none.
  /// False when a header would inject a line or libcurl runs out of memory; `problem` says which.
  static bool build_headers(const outbound_request &request, header_list &list, std::string &problem) {
    bool has_content_type = false;
    for (const http_header &header : request.headers) {
      if (header.name.empty() || !is_header_safe(header.name) || !is_header_safe(header.value) ||
          header.name.find(':') != std::string::npos) {
        // The name only: values carry signatures.
        problem = "the header \"" + (is_header_safe(header.name) ? header.name : std::string("?")) +
                  "\" has a name or value that cannot be sent";
        return false;
      }
      has_content_type = has_content_type || header_name_equals(header.name, "Content-Type");
      // "Name;" is libcurl's way to send a header with an empty value.
      const std::string line = header.value.empty() ? header.name + ";" : header.name + ": " + header.value;
      if (!list.append(line)) {
        problem = "out of memory";
        return false;
      }
    }
    if (!list.append("Expect:") || (!has_content_type && !list.append("Content-Type:"))) {
      problem = "out of memory";
      return false;
    }
    return true;
  }

  /// Sets every option a send depends on, its time limits included, so that nothing is left
  /// over from the handle's previous send. False when libcurl refuses one (an option this
  /// libcurl lacks).
  bool configure(connection &handle, const outbound_request &request, const send_limits &limits,
                 curl_slist *headers) {
    CURL *easy = handle.easy;
    const std::string url(request.url);
    static const char empty_body[] = "";
    bool ok = true;
    const auto set = [&ok](CURLcode code) { ok = ok && code == CURLE_OK; };
    set(curl_easy_setopt(easy, CURLOPT_URL, url.c_str()));
    set(curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https"));
    set(curl_easy_setopt(easy, CURLOPT_POST, 1L));
    set(curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size())));
    // Not copied: the body outlives the send.
    set(curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.empty() ? empty_body : request.body.data()));
    set(curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers));
    set(curl_easy_setopt(easy, CURLOPT_USERAGENT, user_agent_.c_str()));
    set(curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L));
    set(curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, as_curl_ms(limits.connect_ms)));
    set(curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, as_curl_ms(limits.total_ms)));
    set(curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L));
    set(curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L));
    set(curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L));
    if (!options_.ca_file.empty()) set(curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str()));
    const long fresh = options_.reuse_connections ? 0L : 1L;
    set(curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, fresh));
    set(curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, fresh));
    set(curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, handle.error_buffer));
    set(curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, keep_body));
    set(curl_easy_setopt(easy, CURLOPT_WRITEDATA, &handle.state));
    set(curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, keep_header));
    set(curl_easy_setopt(easy, CURLOPT_HEADERDATA, &handle.state));
    set(curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, check_abort));
    set(curl_easy_setopt(easy, CURLOPT_XFERINFODATA, &handle.state));
    set(curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L));
    return ok;
  }

  outbound_reply perform(connection &handle, const outbound_request &request) {
    handle.state = transfer_state{};
    handle.state.generation = &generation_;
    handle.state.started_generation = generation_.load(std::memory_order_acquire);
    handle.error_buffer[0] = '\0';
    header_list headers;
    std::string problem;
    if (!build_headers(request, headers, problem)) return failed(problem);
    const send_limits limits = limits_for(options_, request);
    if (!configure(handle, request, limits, headers.head)) return failed("libcurl refuses the transfer's options");
    const CURLcode code = curl_easy_perform(handle.easy);
    // The list dies with this call; the idle handle must not keep pointing at it.
    curl_easy_setopt(handle.easy, CURLOPT_HTTPHEADER, static_cast<curl_slist *>(nullptr));
    outbound_reply reply = reply_for(handle, code, limits);
    // An idle handle keeps nothing of the reply it read.
    handle.state = transfer_state{};
    return reply;
  }

  /// The reply to hand back; takes the headers and body out of the handle's state when answered.
  /// `limits` are the send's, for a timeout's message.
  static outbound_reply reply_for(connection &handle, CURLcode code, const send_limits &limits) {
    long status = 0;
    curl_easy_getinfo(handle.easy, CURLINFO_RESPONSE_CODE, &status);
    // The reply's body comes after its status line, so a reply cut short for its size has a status.
    if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && handle.state.reply_too_large)) {
      outbound_reply reply;
      reply.result = outbound_reply::outcome::answered;
      reply.status = static_cast<int>(status);
      reply.headers = std::move(handle.state.headers);
      reply.body = std::move(handle.state.body);
      return reply;
    }
    if (code == CURLE_WRITE_ERROR && handle.state.out_of_memory) return failed("out of memory");
    if (code == CURLE_ABORTED_BY_CALLBACK && handle.state.aborted) {
      outbound_reply reply;
      reply.result = outbound_reply::outcome::aborted;
      reply.error = "aborted: the send was called off";
      return reply;
    }
    if (code == CURLE_OPERATION_TIMEDOUT) {
      curl_off_t connected_us = 0;
      curl_easy_getinfo(handle.easy, CURLINFO_CONNECT_TIME_T, &connected_us);
      if (connected_us == 0) return failed(fmt::format("timed out after {} ms connecting", limits.connect_ms));
      return failed(fmt::format("timed out after {} ms", limits.total_ms));
    }
    if (code == CURLE_COULDNT_CONNECT) {
      long os_error = 0;
      curl_easy_getinfo(handle.easy, CURLINFO_OS_ERRNO, &os_error);
      if (os_error == ECONNREFUSED) return failed("connection refused");
    }
    std::string message = curl_easy_strerror(code);
    if (handle.error_buffer[0] != '\0') message += std::string(": ") + handle.error_buffer;
    return failed(std::move(message));
  }

  const curl_transport_options options_;
  const std::string user_agent_;
  std::atomic<std::uint64_t> generation_{0};
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<connection>> idle_;
};

}  // namespace

result<std::shared_ptr<transport>> make_curl_transport(const curl_transport_options &options) {
  if (options.connect_timeout_ms <= 0 || options.total_timeout_ms <= 0) {
    return error{error_code::invalid_argument, "The transport's connect and total timeouts must be positive."};
  }
  if (options.max_connections == 0) {
    return error{error_code::invalid_argument, "The transport's connection pool must hold at least one connection."};
  }
  if (!options.ca_file.empty() && !std::ifstream(options.ca_file).is_open()) {
    return error{error_code::invalid_argument, "The CA file " + options.ca_file + " cannot be read."};
  }
  if (const CURLcode code = initialise_curl_once(); code != CURLE_OK) {
    return error{error_code::internal, std::string("libcurl cannot be initialised: ") + curl_easy_strerror(code) + "."};
  }
  try {
    return std::shared_ptr<transport>(std::make_shared<curl_transport>(options));
  } catch (const std::bad_alloc &) {
    return error{error_code::internal, "Out of memory."};
  }
}

}  // namespace ashbyknit
