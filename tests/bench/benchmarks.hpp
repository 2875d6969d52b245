// The benchmark families. Each registers its benchmarks with Google Benchmark, keeping copies
// of the fixture bodies it needs. A benchmark whose operation fails stops with an error, which
// the program's exit status reports; a family that needs set-up returns the set-up's failure.
#pragma once

#include "ashbyknit/result.hpp"
#include "fixtures.hpp"

namespace ashbyknit::bench {

/// parse_start and parse_cancel: a bare simdjson DOM parse of each body, the baseline that
/// mapping is compared with.
void register_parse_benchmarks(const fixture_bodies &fixtures);

/// map_start, map_start/pinned_id and map_cancel: validating a body and building its event.
status register_mapping_benchmarks(const fixture_bodies &fixtures);

/// knit_sign and knit_verify over the bytes of the record.new event.
status register_signature_benchmarks(const fixture_bodies &fixtures);

/// secret_matches: checking a presented key against its stored hash.
status register_secret_benchmarks();

}  // namespace ashbyknit::bench
