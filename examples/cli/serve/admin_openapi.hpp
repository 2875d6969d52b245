// The OpenAPI 3.1 description of serve's admin API (docs/admin-openapi.json), built into the tool
// so that the API can serve it.
#pragma once

#include <string_view>

namespace ashbyknit::cli {

/// The document's JSON text, as the repository has it. Static: valid for the program's life.
std::string_view admin_openapi_document() noexcept;

}  // namespace ashbyknit::cli
