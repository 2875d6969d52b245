// The whole C++ API of ashbyknit.
#pragma once

#include "ashbyknit/ashby.hpp"
#include "ashbyknit/bridge.hpp"
#include "ashbyknit/catalogue.hpp"
#include "ashbyknit/delivery.hpp"
#include "ashbyknit/http.hpp"
#include "ashbyknit/ids.hpp"
#include "ashbyknit/knit_signature.hpp"
#include "ashbyknit/limits.hpp"
#include "ashbyknit/mapping.hpp"
#include "ashbyknit/result.hpp"
#include "ashbyknit/secrets.hpp"
#include "ashbyknit/sources.hpp"
#include "ashbyknit/store.hpp"
#include "ashbyknit/store_json.hpp"
#include "ashbyknit/transport.hpp"
#include "ashbyknit/version.hpp"
