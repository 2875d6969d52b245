// Text encodings of bytes: base64url (signatures), hex (key hashes) and random text over an
// alphabet (ids and keys).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ashbyknit/result.hpp"
#include "ashbyknit/sources.hpp"

namespace ashbyknit::detail {

inline constexpr std::string_view lower_alphanumerics = "abcdefghijklmnopqrstuvwxyz0123456789";
inline constexpr std::string_view alphanumerics =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Base64url (RFC 4648 section 5) without '=' padding.
std::string base64url_encode(const unsigned char *bytes, std::size_t size);

/// Standard base64 (RFC 4648 section 4) with '=' padding.
std::string base64_encode(const unsigned char *bytes, std::size_t size);

/// Decodes standard base64 (RFC 4648 section 4), padded or not, into `out`. False for any other
/// character, a bad length or non-zero trailing bits.
bool base64_decode(std::string_view text, std::string &out);

/// Decodes base64url without padding, as base64url_encode writes it, into `out`. Only that
/// canonical form is accepted (no '=', '+' or '/', no non-zero trailing bits), so no two texts
/// decode to the same bytes. False otherwise.
bool base64url_decode(std::string_view text, std::string &out);

/// Lower-case hex.
std::string hex_encode(const unsigned char *bytes, std::size_t size);

/// `count` characters drawn uniformly from `alphabet` (at most 256 characters) by rejection
/// sampling over bytes from `random`. Fails with error_code::internal when the source fails.
result<std::string> random_text(std::string_view alphabet, std::size_t count, const random_source &random);

/// random_text written to `out`, which has room for `count` characters; false when the source
/// fails (and then `out` holds anything).
bool fill_random_text(std::string_view alphabet, char *out, std::size_t count, const random_source &random);

}  // namespace ashbyknit::detail
