#include "bridge_harness.hpp"

#include <stdlib.h>  // mkdtemp (POSIX)

#include <fmt/format.h>
#include <simdjson.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <system_error>
#include <utility>

#include "ashbyknit/master_key.hpp"
#include "base_encoding.hpp"

namespace ashbyknit::bench {
namespace {

constexpr std::string_view signing_key = "benchmark-signing-key";
/// Any 32 bytes do: the store only seals and opens the Ashby key with them.
constexpr std::string_view master_key = "benchmark-master-key-of-32-bytes";
static_assert(master_key.size() == master_key_bytes);
constexpr std::string_view ashby_api_key = "benchmark-ashby-api-key";

/// A new, empty directory under the system's temporary directory, named so that concurrent
/// runs never share one.
result<std::filesystem::path> make_directory() {
  std::error_code failure;
  const std::filesystem::path parent = std::filesystem::temp_directory_path(failure);
  if (failure) {
    return error{error_code::store_error, "There is no temporary directory: " + failure.message() + "."};
  }
  std::string pattern = (parent / "ashbyknit-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return error{error_code::store_error,
                 "Cannot create a directory in " + parent.string() + ": " + std::strerror(errno) + "."};
  }
  return std::filesystem::path(pattern);
}

/// The Authorization header Ashby sends: Basic with the key as the user name and no password.
std::string basic_authorization(const std::string &secret_key) {
  const std::string credentials = secret_key + ":";
  const auto *bytes = reinterpret_cast<const unsigned char *>(credentials.data());
  return "Basic " + detail::base64_encode(bytes, credentials.size());
}

}  // namespace

bool accepted(const http_response &reply) {
  // The bridge writes "success" first, so a prefix suffices and keeps a parse out of the timed loop.
  constexpr std::string_view success = R"({"success":true)";
  return reply.status == 200 && reply.body.compare(0, success.size(), success) == 0;
}

result<std::unique_ptr<bridge_harness>> bridge_harness::open(const bridge_store &store,
                                                             const std::string &packages_json) {
  // Owned from the start, so that the directory goes even when a later step fails.
  std::unique_ptr<bridge_harness> harness(new bridge_harness());
  bridge_options options;
  options.public_base_url = std::string(harness_base_url);
  options.default_packages_json = packages_json;
  options.signing_key = std::string(signing_key);
  options.store.sync = store.sync;
  options.store.master_key = std::string(master_key);
  if (store.commit_batch_max != 0) options.store.commit_batch_max = store.commit_batch_max;
  if (store.on_file) {
    auto directory = make_directory();
    if (!directory.ok()) return std::move(directory).failure();
    harness->directory_ = std::move(directory).value();
    options.store.path = (harness->directory_ / "store.db").string();
  }
  auto opened = ashbyknit::bridge::open(std::move(options));
  if (!opened.ok()) return std::move(opened).failure();
  harness->bridge_ = std::move(opened).value();

  ashbyknit::store &administration = harness->bridge_->store();
  if (auto created = administration.create_integration(harness_integration_id); !created.ok()) {
    return created.failure();
  }
  if (auto set = administration.set_ashby_key(harness_integration_id, ashby_api_key); !set.ok()) return set.failure();
  auto issued = administration.issue_key(harness_integration_id, harness_base_url);
  if (!issued.ok()) return std::move(issued).failure();
  harness->authorization_ = basic_authorization(issued.value().secret_key);
  harness->request_.method = "POST";
  harness->request_.headers = {{"Authorization", harness->authorization_}, {"Content-Type", "application/json"}};
  return harness;
}

bridge_harness::~bridge_harness() {
  // The store closes its files before their directory goes.
  bridge_.reset();
  if (!directory_.empty()) {
    std::error_code failure;
    std::filesystem::remove_all(directory_, failure);
    // Said, not thrown: a destructor cannot fail, and a leftover directory must not go unnoticed.
    if (failure) std::cerr << "ashbyknit_bench: cannot remove " << directory_ << ": " << failure.message() << '\n';
  }
}

http_response bridge_harness::call(std::string_view path, std::string_view body) {
  request_.path = path;
  request_.body = body;
  return bridge_->handle(request_);
}

http_response bridge_harness::call_concurrently(std::string_view path, std::string_view body) const {
  http_request request = request_;
  request.path = path;
  request.body = body;
  return bridge_->handle(request);
}

std::unique_ptr<bridge_harness> open_harness(benchmark::State &state, const bridge_store &store,
                                             const bridge_fixtures &fixtures) {
  auto opened = bridge_harness::open(store, fixtures.packages);
  if (!opened.ok()) {
    state.SkipWithError(("Cannot open the bridge: " + opened.message()).c_str());
    return nullptr;
  }
  return std::move(opened).value();
}

result<std::vector<std::string>> start_assessments(bridge_harness &harness, numbered_starts &starts,
                                                   std::size_t count) {
  simdjson::dom::parser parser;
  std::vector<std::string> ids;
  ids.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const http_response reply = harness.call(start_path, starts.next());
    std::string_view id;
    if (!accepted(reply) || parser.parse(reply.body)["results"]["assessment_id"].get(id) != simdjson::SUCCESS) {
      return error{error_code::internal,
                   fmt::format("The bridge did not start an assessment: {} {}", reply.status, reply.body)};
    }
    ids.emplace_back(id);
  }
  return ids;
}

}  // namespace ashbyknit::bench
