#include "ashbyknit/sources.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <pthread.h>

#include <atomic>
#include <chrono>
#include <climits>
#include <cstring>

namespace ashbyknit {
namespace {

// RAND_bytes costs microseconds a call (locks, and a getpid on every call), while an id needs a
// dozen bytes. So each thread draws from the CSPRNG in blocks and hands the bytes out once,
// erasing them as they go. A fork must never let parent and child hand out the same bytes: the
// child's handler bumps a generation that every pool checks before use.
std::atomic<unsigned> fork_generation{0};

void after_fork_in_child() { fork_generation.fetch_add(1, std::memory_order_relaxed); }

bool fill_from_openssl(unsigned char *out, std::size_t size) {
  while (size > 0) {
    const int chunk = size > INT_MAX ? INT_MAX : static_cast<int>(size);
    if (RAND_bytes(out, chunk) != 1) return false;
    out += chunk;
    size -= static_cast<std::size_t>(chunk);
  }
  return true;
}

struct random_pool {
  static constexpr std::size_t capacity = 4096;
  unsigned char bytes[capacity];
  std::size_t used = capacity;
  unsigned generation = 0;

  ~random_pool() { OPENSSL_cleanse(bytes, capacity); }

  bool draw(unsigned char *out, std::size_t size) {
    const unsigned current = fork_generation.load(std::memory_order_relaxed);
    if (generation != current || capacity - used < size) {
      if (!fill_from_openssl(bytes, capacity)) return false;
      used = 0;
      generation = current;
    }
    std::memcpy(out, bytes + used, size);
    OPENSSL_cleanse(bytes + used, size);
    used += size;
    return true;
  }
};

bool pooled_random(unsigned char *out, std::size_t size) {
  static const bool fork_handler_installed = pthread_atfork(nullptr, nullptr, after_fork_in_child) == 0;
  if (!fork_handler_installed || size > random_pool::capacity / 8) return fill_from_openssl(out, size);
  thread_local random_pool pool;
  return pool.draw(out, size);
}

}  // namespace

const random_source &system_random() {
  static const random_source source = pooled_random;
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
