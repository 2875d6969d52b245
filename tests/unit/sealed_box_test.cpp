#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "base_encoding.hpp"
#include "sealed_box.hpp"
#include "test_support.hpp"

using namespace ashbyknit;

namespace {

const std::string key_a(32, '\x11');
const std::string key_b(32, '\x22');

std::string from_hex(std::string_view hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return bytes;
}

std::string to_hex(std::string_view bytes) {
  return detail::hex_encode(reinterpret_cast<const unsigned char *>(bytes.data()), bytes.size());
}

std::string base64url(std::string_view bytes) {
  return detail::base64url_encode(reinterpret_cast<const unsigned char *>(bytes.data()), bytes.size());
}

// The bytes inside a sealed text (nonce || ciphertext || tag), read back through standard base64.
std::string box_of(std::string_view sealed) {
  std::string text(sealed.substr(3));
  for (char &c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
  std::string box;
  REQUIRE(detail::base64_decode(text, box));
  return box;
}

std::string seal_or_fail(std::string_view key, std::string_view context, std::string_view plaintext,
                         const random_source &random = system_random()) {
  auto sealed = detail::seal(key, context, plaintext, random);
  REQUIRE(sealed.ok());
  return std::move(sealed).value();
}

// The refusal of a text that does not open, and a check that its message gives nothing away.
void check_refused(std::string_view key, std::string_view context, std::string_view sealed,
                   std::string_view plaintext) {
  const auto opened = detail::open_sealed(key, context, sealed);
  REQUIRE(opened.code() == error_code::store_error);
  CHECK_FALSE(opened.message().empty());
  // Pieces shorter than eight characters may well occur in any sentence; longer ones would be a leak.
  constexpr std::size_t shortest_telling = 8;
  if (plaintext.size() >= shortest_telling) CHECK(opened.message().find(plaintext) == std::string::npos);
  if (context.size() >= shortest_telling) CHECK(opened.message().find(context) == std::string::npos);
  if (sealed.size() >= 3 + shortest_telling) CHECK(opened.message().find(sealed.substr(3)) == std::string::npos);
  CHECK(opened.message().find(key) == std::string::npos);
}

struct gcm_vector {
  const char *name, *key, *nonce, *aad, *plaintext, *ciphertext, *tag;
};

// AES-256 cases 13 to 16 of "The Galois/Counter Mode of Operation (GCM)" (McGrew and Viega), as
// reproduced in NIST's GCM validation material.
const gcm_vector gcm_vectors[] = {
    {"case 13: empty text", "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"},
    {"case 14: one zero block", "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "", "00000000000000000000000000000000", "cea7403d4d606b6e074ec5d3baf39d18",
     "d0d1c8a799996bf0265b98b5d48ab919"},
    {"case 15: four blocks", "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888", "",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657"
     "ba637b391aafd255",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0a"
     "bcc9f662898015ad",
     "b094dac5d93471bdec1a502270e3cc6c"},
    {"case 16: with additional data, partial block", "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657"
     "ba637b39",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0a"
     "bcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
};

}  // namespace

TEST_CASE("AES-256-GCM through EVP matches the published known answers", "[sealed_box]") {
  for (const auto &vector : gcm_vectors) {
    INFO(vector.name);
    const std::string key = from_hex(vector.key), nonce = from_hex(vector.nonce), aad = from_hex(vector.aad);
    const std::string plaintext = from_hex(vector.plaintext);
    std::string sealed;
    REQUIRE(detail::aes_256_gcm_encrypt(key, nonce, aad, plaintext, sealed));
    CHECK(to_hex(sealed) == std::string(vector.ciphertext) + vector.tag);

    std::string opened = "stale";
    REQUIRE(detail::aes_256_gcm_decrypt(key, nonce, aad, sealed, opened) == detail::gcm_decrypt_outcome::opened);
    CHECK(opened == plaintext);

    std::string tampered = sealed;
    tampered.back() = static_cast<char>(tampered.back() ^ 1);
    CHECK(detail::aes_256_gcm_decrypt(key, nonce, aad, tampered, opened) == detail::gcm_decrypt_outcome::rejected);
    CHECK(opened.empty());
    CHECK(detail::aes_256_gcm_decrypt(key, nonce, aad + "x", sealed, opened) == detail::gcm_decrypt_outcome::rejected);
    CHECK(opened.empty());
  }
}

TEST_CASE("AES-256-GCM refuses keys, nonces and texts of the wrong size", "[sealed_box]") {
  const std::string nonce(12, '\0');
  std::string out = "stale";
  CHECK_FALSE(detail::aes_256_gcm_encrypt(std::string(31, 'k'), nonce, "", "text", out));
  CHECK(out.empty());
  CHECK_FALSE(detail::aes_256_gcm_encrypt(key_a, std::string(16, '\0'), "", "text", out));
  CHECK(detail::aes_256_gcm_decrypt(key_a, std::string(11, '\0'), "", std::string(16, '\0'), out) ==
        detail::gcm_decrypt_outcome::failed);
  CHECK(detail::aes_256_gcm_decrypt(key_a, nonce, "", std::string(15, '\0'), out) ==
        detail::gcm_decrypt_outcome::failed);
  CHECK(detail::aes_256_gcm_decrypt(std::string(33, 'k'), nonce, "", std::string(16, '\0'), out) ==
        detail::gcm_decrypt_outcome::failed);
}

TEST_CASE("seal and open_sealed round-trip texts of every kind", "[sealed_box]") {
  std::string binary;
  for (int byte = 0; byte < 256; ++byte) binary += static_cast<char>(byte);
  std::string long_text;
  for (int i = 0; long_text.size() < (1u << 20) + 7; ++i) long_text += std::to_string(i) + ',';
  const std::vector<std::string> texts = {"", "k", "ashby_live_0123456789abcdefghijklmnopqrstuvwxyz", binary,
                                          std::string("\0\0\0", 3), long_text};
  for (const auto &context : {std::string(), std::string("integration:acme"), binary}) {
    for (const auto &text : texts) {
      const std::string sealed = seal_or_fail(key_a, context, text);
      const auto opened = detail::open_sealed(key_a, context, sealed);
      REQUIRE(opened.ok());
      CHECK(opened.value() == text);
    }
  }
}

TEST_CASE("a sealed text is v1. and unpadded base64url of nonce, ciphertext and tag", "[sealed_box]") {
  const std::string plaintext = "ashby_live_0123456789";
  const std::string sealed = seal_or_fail(key_a, "integration:acme", plaintext, test::counting_random(0));
  REQUIRE(sealed.substr(0, 3) == "v1.");
  CHECK(sealed.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 3) ==
        std::string::npos);
  const std::string box = box_of(sealed);
  REQUIRE(box.size() == 12 + plaintext.size() + 16);
  // The nonce is the first 12 bytes the random source gives, stored in the clear.
  CHECK(to_hex(box.substr(0, 12)) == "000102030405060708090a0b");
  CHECK(base64url(box) == sealed.substr(3));
}

TEST_CASE("sealing the same text twice gives different texts (a fresh nonce each time)", "[sealed_box]") {
  const std::string first = seal_or_fail(key_a, "integration:acme", "ashby_live_secret");
  const std::string second = seal_or_fail(key_a, "integration:acme", "ashby_live_secret");
  CHECK(first != second);
  CHECK(box_of(first).substr(0, 12) != box_of(second).substr(0, 12));
  CHECK(detail::open_sealed(key_a, "integration:acme", first).value() == "ashby_live_secret");
  CHECK(detail::open_sealed(key_a, "integration:acme", second).value() == "ashby_live_secret");
}

TEST_CASE("a sealed text does not contain its plaintext", "[sealed_box]") {
  for (const std::string plaintext : {"ashby_live_0123456789abcdefghijklmnopqrstuvwxyz", "aaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
    const std::string sealed = seal_or_fail(key_a, "integration:acme", plaintext);
    CHECK(sealed.find(plaintext) == std::string::npos);
    CHECK(box_of(sealed).find(plaintext) == std::string::npos);
    CHECK(sealed.find(base64url(plaintext).substr(0, 16)) == std::string::npos);
  }
}

TEST_CASE("a sealed text does not open under another key or another context", "[sealed_box]") {
  const std::string plaintext = "ashby_live_0123456789abcdef";
  const std::string sealed = seal_or_fail(key_a, "integration:acme", plaintext);
  check_refused(key_b, "integration:acme", sealed, plaintext);
  check_refused(key_a, "integration:other", sealed, plaintext);
  check_refused(key_a, "integration:acm", sealed, plaintext);
  check_refused(key_a, "", sealed, plaintext);
  std::string near_key = key_a;
  near_key[31] = static_cast<char>(near_key[31] ^ 0x80);
  check_refused(near_key, "integration:acme", sealed, plaintext);

  const auto opened = detail::open_sealed(key_b, "integration:acme", sealed);
  CHECK(opened.message() ==
        "The stored value cannot be decrypted with this master key: the key differs or the store is damaged.");

  const std::string without_context = seal_or_fail(key_a, "", plaintext);
  check_refused(key_a, "integration:acme", without_context, plaintext);
}

TEST_CASE("any change to a sealed text is refused", "[sealed_box]") {
  const std::string plaintext = "ashby_live_0123456789abcdef";
  const std::string context = "integration:acme";
  const std::string sealed = seal_or_fail(key_a, context, plaintext);

  SECTION("each character of the text flipped") {
    for (std::size_t i = 0; i < sealed.size(); ++i) {
      for (const int bit : {0x01, 0x02, 0x20, 0x80}) {
        std::string tampered = sealed;
        tampered[i] = static_cast<char>(tampered[i] ^ bit);
        INFO("character " << i << ", bit " << bit);
        check_refused(key_a, context, tampered, plaintext);
      }
    }
  }
  SECTION("each byte of the nonce, ciphertext and tag flipped, the encoding kept valid") {
    const std::string box = box_of(sealed);
    for (std::size_t i = 0; i < box.size(); ++i) {
      std::string tampered = box;
      tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
      INFO("byte " << i);
      check_refused(key_a, context, "v1." + base64url(tampered), plaintext);
      const auto opened = detail::open_sealed(key_a, context, "v1." + base64url(tampered));
      CHECK(opened.message().find("cannot be decrypted") != std::string::npos);
    }
  }
  SECTION("truncated at every length") {
    for (std::size_t size = 0; size < sealed.size(); ++size) {
      INFO("length " << size);
      check_refused(key_a, context, sealed.substr(0, size), plaintext);
    }
  }
  SECTION("the box cut short or extended, the encoding kept valid") {
    const std::string box = box_of(sealed);
    for (std::size_t size = 0; size < box.size(); ++size) {
      INFO("bytes " << size);
      check_refused(key_a, context, "v1." + base64url(box.substr(0, size)), plaintext);
    }
    check_refused(key_a, context, "v1." + base64url(box + '\0'), plaintext);
    check_refused(key_a, context, "v1." + base64url(box + box), plaintext);
  }
  SECTION("another prefix") {
    const std::string body = sealed.substr(3);
    for (const std::string prefix : {"", "v1", "v2.", "V1.", "v1:", " v1.", "v1.."}) {
      INFO("prefix '" << prefix << "'");
      check_refused(key_a, context, prefix + body, plaintext);
    }
    const auto opened = detail::open_sealed(key_a, context, "v2." + body);
    CHECK(opened.message().find("not in the sealed form") != std::string::npos);
  }
  SECTION("text that is not unpadded base64url") {
    const std::string body = sealed.substr(3);
    std::string standard = body;
    for (char &c : standard) c = c == '-' ? '+' : c == '_' ? '/' : c;
    const std::vector<std::string> bodies = {body + "=", body + "==", body + " ", " " + body, body + "\n",
                                             body.substr(0, 10) + "." + body.substr(10), body + "A"};
    for (const auto &bad : bodies) {
      INFO("body '" << bad << "'");
      check_refused(key_a, context, "v1." + bad, plaintext);
    }
    if (standard != body) check_refused(key_a, context, "v1." + standard, plaintext);
    // Base64url of 3n + 1 bytes ends in a character whose low four bits are padding. Setting one
    // spells the very same bytes another way, which would open if the decoder ignored it.
    const std::string box = box_of(sealed);
    REQUIRE(box.size() % 3 == 1);
    std::string spelled = base64url(box);
    spelled.back() = static_cast<char>(spelled.back() + 1);  // 'A', 'Q', 'g' or 'w' before: always valid after
    check_refused(key_a, context, "v1." + spelled, plaintext);
  }
}

TEST_CASE("seal reports a failing random source as internal", "[sealed_box]") {
  const auto failed = detail::seal(key_a, "integration:acme", "ashby_live_secret", test::failing_random());
  CHECK(failed.code() == error_code::internal);
  CHECK(failed.message().find("ashby_live_secret") == std::string::npos);
  CHECK(detail::seal(key_a, "integration:acme", "ashby_live_secret", random_source{}).code() ==
        error_code::internal);
}

TEST_CASE("seal and open_sealed refuse a key that is not 32 bytes", "[sealed_box]") {
  const std::string sealed = seal_or_fail(key_a, "integration:acme", "ashby_live_secret");
  for (const std::size_t size : {0, 1, 16, 24, 31, 33, 64}) {
    INFO("key of " << size << " bytes");
    const std::string key(size, '\x11');
    const auto sealed_with = detail::seal(key, "integration:acme", "ashby_live_secret", system_random());
    CHECK(sealed_with.code() == error_code::invalid_argument);
    CHECK(sealed_with.message().find("ashby_live_secret") == std::string::npos);
    CHECK(detail::open_sealed(key, "integration:acme", sealed).code() == error_code::invalid_argument);
  }
}
