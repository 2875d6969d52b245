// transport: the defaults every outbound transport shares.
#include "ashbyknit/transport.hpp"

namespace ashbyknit {

transport::~transport() = default;

void transport::abort_sends() noexcept {}

}  // namespace ashbyknit
