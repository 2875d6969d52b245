#include "ashbyknit/sources.hpp"

#include <openssl/rand.h>

#include <chrono>
#include <climits>

namespace ashbyknit {

const random_source &system_random() {
  static const random_source source = [](unsigned char *out, std::size_t size) {
    while (size > 0) {
      const int chunk = size > INT_MAX ? INT_MAX : static_cast<int>(size);
      if (RAND_bytes(out, chunk) != 1) return false;
      out += chunk;
      size -= static_cast<std::size_t>(chunk);
    }
    return true;
  };
  return source;
}

const clock_source &system_clock() {
  static const clock_source source = [] {
    using namespace std::chrono;
    return static_cast<std::int64_t>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
  };
  return source;
}

}  // namespace ashbyknit
