// What the [capi] tests share: owning the strings the library returns, the fixtures, and JSON
// compared as parsed values. Everything here goes through ashbyknit.h alone.
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ashbyknit.h"

namespace capi_test {

/// Releases a library string with ak_string_free, as the header requires.
struct string_deleter {
  void operator()(char *s) const noexcept { ak_string_free(s); }
};

/// A string the library returned, released on scope exit.
using owned_string = std::unique_ptr<char, string_deleter>;

/// The assessment id and clocks that tests/fixtures/README.md pins.
inline constexpr const char *fixture_assessment_id = "ats_ass_a1b2c3d4e5f6g7h8i9j0k";
inline constexpr std::int64_t start_now_ms = 1734567890123;
inline constexpr std::int64_t cancel_now_ms = 1734567890999;

/// The bytes of a file in tests/fixtures.
std::string read_fixture(std::string_view name);

/// ak_map_start or ak_map_cancel.
using map_function = ak_status (*)(const void *, size_t, const ak_map_options *, char **);

/// The event `map` makes of `body`; fails the test, showing the library's message, if it refuses.
std::string mapped(map_function map, std::string_view body, const ak_map_options *options);

/// Checks that `map` refuses `body` with `expected`, leaving a message and the output untouched.
void check_refused(map_function map, std::string_view body, const ak_map_options *options, ak_status expected);

/// Options of the current size with the given fields.
ak_map_options map_options(const char *assessment_id, std::int64_t now_ms, const char *packages_json = nullptr);

/// JSON in one canonical text: compact, object keys sorted at every level, so that two
/// documents are equal as parsed values exactly when their canonical texts are equal. Fails
/// the test when `json` does not parse.
std::string canonical_json(std::string_view json);

/// The string at a JSON pointer ("/eventId") of a document; fails the test when it is absent.
std::string json_string_at(std::string_view json, const char *pointer);

/// The integer at a JSON pointer of a document; fails the test when it is absent.
std::int64_t json_int_at(std::string_view json, const char *pointer);

/// The boolean at a JSON pointer of a document; fails the test when it is absent.
bool json_bool_at(std::string_view json, const char *pointer);

/// `text` with its one occurrence of `from` replaced by `to`; fails the test when `from` does
/// not occur exactly once, so an edit of an expected document cannot silently do nothing.
std::string replace_once(std::string text, std::string_view from, std::string_view to);

/// Character sets for is_prefix_then.
inline constexpr std::string_view lower_alphanumerics = "abcdefghijklmnopqrstuvwxyz0123456789";
inline constexpr std::string_view alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
inline constexpr std::string_view lower_hex = "0123456789abcdef";

/// True when `text` is `prefix` followed by exactly `count` characters from `alphabet`. (Not
/// std::regex: GCC 12 warns inside it when building with sanitizers.)
bool is_prefix_then(std::string_view text, std::string_view prefix, std::size_t count, std::string_view alphabet);

/// The calling thread's last error message, copied.
inline std::string last_error() { return ak_last_error_message(); }

/// A pointer value no library call produces, to show that an output was left untouched.
char *untouched_marker();

}  // namespace capi_test

/// Checks that `call` fails with `expected` and leaves this thread a message saying why.
#define CHECK_FAILS_WITH(call, expected)                          \
  do {                                                            \
    const ak_status ak_test_status_ = (call);                     \
    CHECK(ak_test_status_ == (expected));                         \
    CHECK_FALSE(::capi_test::last_error().empty());               \
  } while (0)
