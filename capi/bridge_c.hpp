// The C handle of a bridge, shared by the bridge's and the events' entry points.
#pragma once

#include <memory>

#include "ashbyknit/bridge.hpp"
#include "store_c.hpp"

/// An ak_bridge: the bridge, and the view of its store that ak_bridge_store hands out, kept here
/// so that every call returns the same pointer and the caller never has to free it.
struct ak_bridge {
  std::unique_ptr<ashbyknit::bridge> instance;
  ak_store store_view;
};
