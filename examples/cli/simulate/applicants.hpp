// Realistic candidates and jobs for assessment.start bodies: names in several scripts, ids in
// Ashby's UUID form, and the optional fields sometimes present, sometimes missing.
#pragma once

#include <optional>
#include <string>

#include "random_choice.hpp"
#include "start_body.hpp"

namespace ashbyknit::cli::simulation {

/// An id as Ashby writes them: a version 4 UUID in lower-case hex.
std::string random_uuid(random_engine &engine);

/// A candidate whose first and last names come from one script (Latin with accents, Cyrillic,
/// Greek, Chinese, Japanese, Korean or Arabic); e-mail address and profile link each present
/// about three times in four.
candidate_fields random_candidate(random_engine &engine);

/// A job: a name (in one of several languages), a link, a requisition id and a hiring team, each
/// sometimes missing.
job_fields random_job(random_engine &engine);

/// An application status in one of the vocabularies Ashby has been seen to use, or none.
std::optional<std::string> random_application_status(random_engine &engine);

}  // namespace ashbyknit::cli::simulation
