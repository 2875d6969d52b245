// Mapping bodies read in place (start_fields.hpp) to Knit events: the one writer behind
// map_start, map_cancel, map_start_body, map_cancel_body and the store's starts and cancels.
#pragma once

#include "ashbyknit/mapping.hpp"
#include "start_fields.hpp"

namespace ashbyknit::detail {

/// The record.new event for a validated start, as map_start documents (same options, errors and
/// bytes). Thread-safe when the options' sources are.
result<knit_event> map_start_fields(const start_fields &start, const map_options &options);

/// The record.deleted event for a validated cancel, as map_cancel documents.
result<knit_event> map_cancel_fields(const cancel_fields &cancel, const map_options &options);

}  // namespace ashbyknit::detail
