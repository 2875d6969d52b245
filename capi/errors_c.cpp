// ak_version_string, ak_last_error_message, ak_status_name, ak_string_free.
#include <cstdlib>
#include <cstring>

#include "ashbyknit/version.hpp"
#include "c_api_support.hpp"

namespace ashbyknit::capi {
namespace {

std::string &last_error() noexcept {
  thread_local std::string message;
  return message;
}

}  // namespace

ak_status fail(ak_status status, std::string_view message) noexcept {
  try {
    last_error().assign(message);
  } catch (...) {
    last_error().clear();  // out of memory: keep the status, lose the words
  }
  return status;
}

ak_status fail(const error &failure) noexcept { return fail(static_cast<ak_status>(failure.code), failure.message); }

char *copy_string(std::string_view text) noexcept {
  auto *copy = static_cast<char *>(std::malloc(text.size() + 1));
  if (copy == nullptr) return nullptr;
  if (!text.empty()) std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  return copy;
}

ak_status give_string(std::string_view text, char **out) noexcept {
  char *copy = copy_string(text);
  if (copy == nullptr) return fail(AK_ERR_INTERNAL, "Out of memory.");
  *out = copy;
  return AK_OK;
}

}  // namespace ashbyknit::capi

extern "C" {

const char *ak_version_string(void) { return ashbyknit::version_string(); }

const char *ak_last_error_message(void) { return ashbyknit::capi::last_error().c_str(); }

const char *ak_status_name(ak_status status) {
  return ashbyknit::error_code_name(static_cast<ashbyknit::error_code>(status));
}

void ak_string_free(char *s) { std::free(s); }

}  // extern "C"
