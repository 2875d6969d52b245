// ak_version_string, ak_status_name, ak_last_error_message and ak_string_free.
#include <catch2/catch.hpp>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "capi_support.hpp"

using namespace capi_test;

namespace {

/// Holds each of `count` threads in wait() until all of them have arrived (std::barrier is C++20).
class rendezvous {
 public:
  explicit rendezvous(int count) : waiting_(count) {}
  void wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (--waiting_ == 0) {
      all_arrived_.notify_all();
    } else {
      all_arrived_.wait(lock, [this] { return waiting_ == 0; });
    }
  }

 private:
  std::mutex mutex_;
  std::condition_variable all_arrived_;
  int waiting_;
};

/// Runs `fail` on a new thread, which then waits at `meeting` until the other threads have failed
/// too and stores in `message` what it sees as its last error.
template <typename Fail>
std::thread failing_thread(Fail fail, rendezvous &meeting, ak_status &status, std::string &message) {
  return std::thread([fail, &meeting, &status, &message] {
    status = fail();
    meeting.wait();
    message = last_error();
  });
}

}  // namespace

TEST_CASE("ak_version_string is the project's version", "[capi]") {
  REQUIRE(ak_version_string() != nullptr);
  CHECK(std::string(ak_version_string()) == AK_EXPECTED_VERSION);
}

TEST_CASE("ak_status_name names every status", "[capi]") {
  CHECK(std::string(ak_status_name(AK_OK)) == "ok");
  CHECK(std::string(ak_status_name(AK_ERR_INVALID_ARGUMENT)) == "invalid_argument");
  CHECK(std::string(ak_status_name(AK_ERR_MALFORMED_JSON)) == "malformed_json");
  CHECK(std::string(ak_status_name(AK_ERR_INVALID_INPUT)) == "invalid_input");
  CHECK(std::string(ak_status_name(AK_ERR_TOO_LARGE)) == "too_large");
  CHECK(std::string(ak_status_name(AK_ERR_TOO_DEEP)) == "too_deep");
  CHECK(std::string(ak_status_name(AK_ERR_UNAUTHENTICATED)) == "unauthenticated");
  CHECK(std::string(ak_status_name(AK_ERR_INTERNAL)) == "internal");
  CHECK(std::string(ak_status_name(AK_ERR_NOT_FOUND)) == "not_found");
  CHECK(std::string(ak_status_name(AK_ERR_CONFLICT)) == "conflict");
  CHECK(std::string(ak_status_name(AK_ERR_STORE)) == "store_error");
}

TEST_CASE("ak_status_name calls other values unknown", "[capi]") {
  // Only values inside the enum's range (-16..15) are valid ak_status values in C++; the C program
  // of tests/headertest passes one far outside it.
  for (const int code : {-16, -11, 1, 15}) {
    INFO("status " << code);
    REQUIRE(ak_status_name(static_cast<ak_status>(code)) != nullptr);
    CHECK(std::string(ak_status_name(static_cast<ak_status>(code))) == "unknown");
  }
}

TEST_CASE("ak_last_error_message is \"\", not NULL, on a thread that has not failed", "[capi]") {
  const char *message = nullptr;
  std::string copy = "not read";
  std::thread([&] {
    message = ak_last_error_message();
    if (message != nullptr) copy = message;
  }).join();
  REQUIRE(message != nullptr);
  CHECK(copy.empty());
}

TEST_CASE("ak_string_free accepts NULL", "[capi]") {
  ak_string_free(nullptr);
  SUCCEED("no crash");
}

TEST_CASE("the last error is kept per thread", "[capi]") {
  // Both threads fail before either reads its message: a message shared between threads would
  // show one thread the other's words.
  rendezvous meeting(2);
  ak_status sign_status = AK_OK;
  ak_status map_status = AK_OK;
  std::string sign_message;
  std::string map_message;
  std::thread sign = failing_thread(
      [] {
        char *out = nullptr;
        return ak_knit_sign("", 0, "body", 4, &out);
      },
      meeting, sign_status, sign_message);
  std::thread map = failing_thread(
      [] {
        char *out = nullptr;
        return ak_map_cancel("{}", 2, nullptr, &out);
      },
      meeting, map_status, map_message);
  sign.join();
  map.join();

  CHECK(sign_status == AK_ERR_INVALID_ARGUMENT);
  CHECK(map_status == AK_ERR_INVALID_INPUT);
  CHECK_THAT(sign_message, Catch::Contains("key"));
  CHECK_THAT(map_message, Catch::Contains("assessment_id"));
  CHECK(sign_message != map_message);
}
