// Plays the planned rounds over concurrent connections.
#pragma once

#include <atomic>
#include <cstddef>
#include <vector>

#include "credential_headers.hpp"
#include "scenario.hpp"
#include "statistics.hpp"
#include "target.hpp"

namespace ashbyknit::cli::simulation {

/// Plays `rounds` over `concurrency` connections, each on a thread of its own that takes the
/// next round nobody has taken yet, and returns what all the calls gave. `played` counts the
/// rounds finished, for a progress display on another thread.
statistics play_rounds(const std::vector<round_plan> &rounds, std::size_t concurrency, const bridge_target &target,
                       const credential_headers &headers, std::atomic<std::size_t> &played);

}  // namespace ashbyknit::cli::simulation
