// What a simulation will do, decided before it starts from the seed: the rounds of calls, with
// every body ready to send.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "calls.hpp"

namespace ashbyknit::cli::simulation {

/// One round, played by one connection in order: a start of a new application, perhaps its
/// retry, the negative calls the round carries, then perhaps one or two cancels of the started
/// assessment (whose id is known only once the start is answered).
struct round_plan {
  std::string start_body;
  bool retry = false;                   ///< the same start again, which must answer the same id
  std::vector<prepared_call> negatives;  ///< calls that must be refused, made while the assessment is active
  int cancels = 0;                      ///< 0, 1, or 2 (a second cancel must succeed too)
};

/// `count` rounds drawn from `seed`: the same seed and type ids give the same rounds. Every start
/// is for a new application of one of `type_ids` (which must not be empty); a retry comes in
/// about one round in five, a cancel in one in two, a second cancel in one cancel in four; the
/// negative calls, one of each kind per 20 rounds (at least one), are spread evenly over the rounds.
std::vector<round_plan> plan_rounds(std::size_t count, std::uint64_t seed, const std::vector<std::string> &type_ids);

}  // namespace ashbyknit::cli::simulation
