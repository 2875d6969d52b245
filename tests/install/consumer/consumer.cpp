// Issues a key and checks it through the C++ API; exits non-zero on any failure.
#include <ashbyknit/ashbyknit.hpp>

#include <iostream>

int main() {
  ashbyknit::issued_secret secret;
  if (auto code = ashbyknit::issue_secret("consumer", "https://consumer.example/ashby").get(secret);
      code != ashbyknit::error_code::ok) {
    std::cerr << "issue failed: " << ashbyknit::error_code_name(code) << '\n';
    return 1;
  }
  const bool matches = ashbyknit::secret_matches(secret.secret_key, secret.key_hash);
  std::cout << "ashbyknit " << ashbyknit::version_string() << ": key " << (matches ? "matches" : "DOES NOT MATCH") << '\n';
  return matches ? 0 : 1;
}
