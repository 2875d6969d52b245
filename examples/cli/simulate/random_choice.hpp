// The seeded choices behind a simulation's bodies: one seed, the same bodies on every run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>

namespace ashbyknit::cli::simulation {

/// The generator behind every choice. std::mt19937_64 gives the same sequence for a seed with
/// every standard library; the standard distributions do not, so the helpers below stand in.
using random_engine = std::mt19937_64;

/// A number from 0 to `n` - 1; `n` must be positive. The modulo bias is far below anything a
/// body's variety could show.
inline std::size_t below(random_engine &engine, std::size_t n) { return static_cast<std::size_t>(engine() % n); }

/// True once in `n` draws, on average.
inline bool one_in(random_engine &engine, std::size_t n) { return below(engine, n) == 0; }

/// One of `items`, each as likely.
template <typename T, std::size_t N>
const T &pick(random_engine &engine, const T (&items)[N]) {
  return items[below(engine, N)];
}

}  // namespace ashbyknit::cli::simulation
