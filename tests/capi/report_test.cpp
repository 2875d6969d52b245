// ak_report_*, ak_master_key_* and ak_store_ashby_key_set: reports for Ashby (protocol §5) queued
// through the C ABI on a store file, about assessments that Ashby started through ak_bridge_handle;
// and the other call made with the Ashby API key: candidate.info, for candidate enrichment.
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "capi_support.hpp"
#include "host_transport_support.hpp"
#include "store_bridge_support.hpp"

using namespace capi_test;

namespace {

/// The master key of these tests as text, and the bytes it stands for: 0, 1, ..., 31.
constexpr const char *master_key_hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
using master_key = std::array<unsigned char, AK_MASTER_KEY_BYTES>;
master_key master_key_bytes() {
  master_key key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<unsigned char>(i);
  return key;
}

/// acme's Ashby API key in these tests.
constexpr const char *acme_ashby_key = "ashby-api-key-of-acme";

/// Blobs as the reports take them.
constexpr const char *score_blob = R"({"identifier":"score","label":"Score","type":"numeric_score","value":87})";
constexpr const char *report_url = "https://vendor.example/reports/1";
constexpr const char *metadata_json =
    R"([{"identifier":"duration","label":"Duration","type":"numeric_duration_minutes","value":42},)"
    R"({"identifier":"passed","label":"Passed","type":"boolean_success","value":true}])";

/// What a report gave back.
struct queued {
  std::string update_id;
  std::int64_t timestamp_ms = 0;
};

/// The outputs of one report call, to pass as `&out.update_id, &out.timestamp_ms` and read after
/// the call returned.
struct report_outputs {
  char *update_id = untouched_marker();
  std::int64_t timestamp_ms = -1;

  /// The report, failing the test with the library's message unless `status` is AK_OK.
  queued take(ak_status status) {
    INFO(last_error());
    REQUIRE(status == AK_OK);
    const owned_string owned(update_id);
    REQUIRE(owned != nullptr);
    CHECK(is_prefix_then(owned.get(), "upd_", 21, lower_alphanumerics));
    return {owned.get(), timestamp_ms};
  }

  /// Checks that the call failed with `expected`, saying why, and left both outputs untouched.
  void refused(ak_status status, ak_status expected) const {
    CHECK_FAILS_WITH(status, expected);
    CHECK(update_id == untouched_marker());
    CHECK(timestamp_ms == -1);
  }
};

/// Store options for the file at `path` with `key` as the master key; both must outlive them.
ak_store_options keyed_store_file(const char *path, const master_key &key) {
  ak_store_options options = store_file(path);
  options.master_key = key.data();
  options.master_key_len = key.size();
  return options;
}

/// ak_store_integration_list's JSON, canonical.
std::string integration_list(ak_store *store) {
  char *out = nullptr;
  return canonical_json(take(ak_store_integration_list(store, &out), &out));
}

/// The integration list of report_fixture's integrations, with whether each has an Ashby API key.
std::string expected_integrations(bool acme_keyed, bool globex_keyed) {
  const auto flag = [](bool set) { return set ? "true" : "false"; };
  return canonical_json(std::string(R"([{"id":"acme","createdMs":1734567890123,"activeKeys":1,"ashbyKeySet":)") +
                        flag(acme_keyed) + R"(,"enrichCandidates":false},{"id":"globex","createdMs":1734567890123,)" +
                        R"("activeKeys":1,"ashbyKeySet":)" + flag(globex_keyed) + R"(,"enrichCandidates":false}])");
}

/// How many events, reports included, wait in the outbox.
std::int64_t pending_events(ak_store *store) {
  std::int64_t pending = -1;
  REQUIRE(ak_store_events_count(store, &pending, nullptr, nullptr) == AK_OK);
  return pending;
}

/// The "status" of each assessment that ak_store_assessments_list gives, by id.
std::map<std::string, std::string> assessment_states(ak_store *store) {
  char *out = nullptr;
  const std::string listed = take(ak_store_assessments_list(store, nullptr, &out), &out);
  simdjson::dom::parser parser;
  simdjson::dom::array assessments;
  REQUIRE(parser.parse(listed).get(assessments) == simdjson::SUCCESS);
  std::map<std::string, std::string> states;
  for (simdjson::dom::element assessment : assessments) {
    states[std::string(assessment["id"].get_string().value())] = std::string(assessment["status"].get_string().value());
  }
  return states;
}

/// The "eventType" of each event that ak_store_events_list gives, by eventId.
std::map<std::string, std::string> event_types(ak_store *store) {
  char *out = nullptr;
  const std::string listed = take(ak_store_events_list(store, AK_EVENTS_ALL, 0, &out), &out);
  simdjson::dom::parser parser;
  simdjson::dom::array events;
  REQUIRE(parser.parse(listed).get(events) == simdjson::SUCCESS);
  std::map<std::string, std::string> types;
  for (simdjson::dom::element event : events) {
    types[std::string(event["eventId"].get_string().value())] = std::string(event["eventType"].get_string().value());
  }
  return types;
}

/// A bridge on a store file under the test master key, with a pinned clock and the signing key
/// given ("": none, as reports need none); integrations "acme" (with an Ashby API key) and "globex"
/// (without one), each with a secret key and an assessment that Ashby started through
/// ak_bridge_handle.
struct report_fixture {
  explicit report_fixture(bool initial_update_request = false, std::string_view signing = {}) {
    const master_key key = master_key_bytes();
    const ak_store_options store_options = keyed_store_file(path.c_str(), key);
    bridge = open_test_bridge({&store_options, signing, initial_update_request}, injected);

    REQUIRE(ak_store_integration_create(store(), "acme") == AK_OK);
    REQUIRE(ak_store_integration_create(store(), "globex") == AK_OK);
    acme_key = issue_key(store(), "acme");
    globex_key = issue_key(store(), "globex");
    REQUIRE(ak_store_ashby_key_set(store(), "acme", acme_ashby_key) == AK_OK);
    acme_assessment = start(acme_key, "app_acme");
    globex_assessment = start(globex_key, "app_globex");
  }

  ak_store *store() const { return ak_bridge_store(bridge.get()); }

  /// Ashby's call of `operation` with `key`, answered by the bridge.
  reply call(const issued_key &key, std::string_view operation, std::string_view body) const {
    const std::string target = base_path + std::string(operation);
    const std::string credentials = basic_authorization(key.secret_key);
    const std::vector<ak_header> headers{header_of("Authorization", credentials),
                                         header_of("Content-Type", "application/json")};
    return handle(bridge.get(), post_request(target, headers, body));
  }

  /// Starts an assessment of application `application_id` with `key`; returns its id.
  std::string start(const issued_key &key, std::string_view application_id) const {
    const reply started = call(key, "assessment.start", start_body(application_id));
    INFO(started.body);
    REQUIRE(started.status == 200);
    return json_string_at(started.body, "/results/assessment_id");
  }

  temporary_directory directory;
  std::string path = directory.file("store.db");
  test_sources injected;
  owned_bridge bridge;
  issued_key acme_key;
  issued_key globex_key;
  std::string acme_assessment;
  std::string globex_assessment;
};

}  // namespace

TEST_CASE("ak_master_key_parse reads 64 hex digits of either case, white space around them ignored",
          "[capi][report]") {
  const master_key expected = master_key_bytes();
  for (const std::string &text : {std::string(master_key_hex), std::string(master_key_hex) + "\n",
                                 " \t" + std::string(master_key_hex) + "\r\n",
                                 std::string("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")}) {
    INFO("text \"" << text << "\"");
    master_key parsed{};
    const ak_status status = ak_master_key_parse(text.c_str(), parsed.data());
    INFO(last_error());
    REQUIRE(status == AK_OK);
    CHECK(parsed == expected);
  }
}

TEST_CASE("ak_master_key_parse refuses other text and NULLs, never repeating the text", "[capi][report]") {
  master_key untouched{};
  untouched.fill(0xAA);
  for (const char *text : {"", "00", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e",
                           "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
                           "g00102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1",
                           "00010203040506070809 0a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"}) {
    INFO("text \"" << text << "\"");
    master_key out = untouched;
    CHECK_FAILS_WITH(ak_master_key_parse(text, out.data()), AK_ERR_INVALID_ARGUMENT);
    CHECK(out == untouched);
    if (std::strlen(text) > 2) CHECK_THAT(last_error(), !Catch::Contains(text));
  }
  master_key out = untouched;
  CHECK_FAILS_WITH(ak_master_key_parse(nullptr, out.data()), AK_ERR_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Catch::Contains("text"));
  CHECK_FAILS_WITH(ak_master_key_parse(master_key_hex, nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Catch::Contains("out"));
  CHECK(out == untouched);
}

TEST_CASE("ak_master_key_generate gives a new key each time, as ak_master_key_parse reads it", "[capi][report]") {
  char *out = nullptr;
  const std::string first = take(ak_master_key_generate(&out), &out);
  out = nullptr;
  const std::string second = take(ak_master_key_generate(&out), &out);
  CHECK(is_prefix_then(first, "", 64, lower_hex));
  CHECK(is_prefix_then(second, "", 64, lower_hex));
  CHECK(first != second);
  master_key parsed{};
  REQUIRE(ak_master_key_parse(first.c_str(), parsed.data()) == AK_OK);

  CHECK_FAILS_WITH(ak_master_key_generate(nullptr), AK_ERR_INVALID_ARGUMENT);
}

TEST_CASE("a store's master key must be AK_MASTER_KEY_BYTES bytes, or NULL with length 0", "[capi][report]") {
  const temporary_directory directory;
  const std::string path = directory.file("store.db");
  const std::array<unsigned char, AK_MASTER_KEY_BYTES + 1> bytes{};
  for (const std::size_t length : {std::size_t{0}, std::size_t{16}, std::size_t{AK_MASTER_KEY_BYTES - 1},
                                   std::size_t{AK_MASTER_KEY_BYTES + 1}}) {
    INFO("master_key_len " << length);
    ak_store_options options = store_file(path.c_str());
    options.master_key = bytes.data();
    options.master_key_len = length;
    ak_store *out = reinterpret_cast<ak_store *>(untouched_marker());
    CHECK_FAILS_WITH(ak_store_open(&options, nullptr, &out), AK_ERR_INVALID_ARGUMENT);
    CHECK_THAT(last_error(), Catch::Contains("options->master_key_len"));
    CHECK(out == reinterpret_cast<ak_store *>(untouched_marker()));
  }

  ak_store_options null_key = store_file(path.c_str());
  null_key.master_key_len = AK_MASTER_KEY_BYTES;
  ak_store *out = reinterpret_cast<ak_store *>(untouched_marker());
  CHECK_FAILS_WITH(ak_store_open(&null_key, nullptr, &out), AK_ERR_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Catch::Contains("options->master_key"));

  SECTION("a bridge's store options are read the same way") {
    ak_store_options store = store_file(path.c_str());
    store.master_key = bytes.data();
    store.master_key_len = bytes.size();
    ak_bridge_options options{};
    options.struct_size = sizeof options;
    options.public_base_url = base_url;
    options.store = &store;
    ak_bridge *bridge = reinterpret_cast<ak_bridge *>(untouched_marker());
    CHECK_FAILS_WITH(ak_bridge_new(&options, &bridge), AK_ERR_INVALID_ARGUMENT);
    CHECK_THAT(last_error(), Catch::Contains("options->store->master_key_len"));
    CHECK(bridge == reinterpret_cast<ak_bridge *>(untouched_marker()));
  }
}

TEST_CASE("ak_store_ashby_key_set stores a key that the integration list shows as set, never the key",
          "[capi][report]") {
  const report_fixture fixture;
  const std::string listed = integration_list(fixture.store());
  CHECK(listed == expected_integrations(true, false));
  CHECK_THAT(listed, !Catch::Contains(acme_ashby_key));

  // Replacing the key, and setting globex's, through a store of its own on the same file.
  const master_key key = master_key_bytes();
  const ak_store_options options = keyed_store_file(fixture.path.c_str(), key);
  const owned_store administered = open_store(&options);
  CHECK(ak_store_ashby_key_set(administered.get(), "acme", "another-ashby-key") == AK_OK);
  CHECK(ak_store_ashby_key_set(administered.get(), "globex", "globex-ashby-key") == AK_OK);
  CHECK(integration_list(administered.get()) == expected_integrations(true, true));
}

TEST_CASE("ak_store_ashby_key_set refuses NULLs, bad keys, unknown integrations and a store without a master key",
          "[capi][report]") {
  const report_fixture fixture;
  ak_store *store = fixture.store();
  CHECK_FAILS_WITH(ak_store_ashby_key_set(nullptr, "acme", acme_ashby_key), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_ashby_key_set(store, nullptr, acme_ashby_key), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_ashby_key_set(store, "acme", nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Catch::Contains("ashby_api_key"));
  for (const char *bad : {"", "with:colon", "with space", "with\ttab", "with\x01control"}) {
    INFO("key \"" << bad << "\"");
    CHECK_FAILS_WITH(ak_store_ashby_key_set(store, "globex", bad), AK_ERR_INVALID_ARGUMENT);
    if (*bad != '\0') CHECK_THAT(last_error(), !Catch::Contains(bad));
  }
  CHECK_FAILS_WITH(ak_store_ashby_key_set(store, "initech", "initech-ashby-key"), AK_ERR_NOT_FOUND);

  // The same file, opened without a master key: no key can be stored.
  const ak_store_options unkeyed = store_file(fixture.path.c_str());
  const owned_store without_key = open_store(&unkeyed);
  CHECK_FAILS_WITH(ak_store_ashby_key_set(without_key.get(), "globex", "globex-ashby-key"), AK_ERR_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Catch::Contains("master key"));

  SECTION("so does a store opened with ak_store_options from before the master key") {
    ak_store_options older = store_file(fixture.path.c_str());
    older.struct_size = offsetof(ak_store_options, master_key);
    const owned_store opened = open_store(&older);
    CHECK_FAILS_WITH(ak_store_ashby_key_set(opened.get(), "globex", "globex-ashby-key"), AK_ERR_INVALID_ARGUMENT);
  }
  CHECK(integration_list(store) == expected_integrations(true, false));  // nothing stored
}

TEST_CASE("each report queues an update for Ashby and moves the assessment along", "[capi][report]") {
  const report_fixture fixture;
  ak_store *store = fixture.store();
  const char *assessment = fixture.acme_assessment.c_str();
  CHECK(assessment_states(store)[assessment] == "active");

  report_outputs started_out, progress_out, bare_progress_out, completed_out;
  const queued started =
      started_out.take(ak_report_started(store, "acme", assessment, "https://vendor.example/take/1",
                                         &started_out.update_id, &started_out.timestamp_ms));
  CHECK(started.timestamp_ms >= start_now_ms);
  CHECK(assessment_states(store)[assessment] == "started");

  const queued progress = progress_out.take(ak_report_progress(store, "acme", assessment, "In progress", metadata_json,
                                                               &progress_out.update_id, &progress_out.timestamp_ms));
  const queued bare_progress =
      bare_progress_out.take(ak_report_progress(store, "acme", assessment, "Half way", nullptr,
                                                &bare_progress_out.update_id, &bare_progress_out.timestamp_ms));
  CHECK(assessment_states(store)[assessment] == "started");

  const queued completed =
      completed_out.take(ak_report_completed(store, "acme", assessment, score_blob, report_url, metadata_json,
                                             &completed_out.update_id, &completed_out.timestamp_ms));
  CHECK(assessment_states(store)[assessment] == "completed");

  // Timestamps strictly increase although the pinned clock never moved.
  CHECK(started.timestamp_ms < progress.timestamp_ms);
  CHECK(progress.timestamp_ms < bare_progress.timestamp_ms);
  CHECK(bare_progress.timestamp_ms < completed.timestamp_ms);

  const auto types = event_types(store);
  for (const queued *update : {&started, &progress, &bare_progress, &completed}) {
    INFO("update " << update->update_id);
    const auto found = types.find(update->update_id);
    REQUIRE(found != types.end());
    CHECK(found->second == "assessment.update");
  }
  CHECK(types.size() == 6);  // two starts and four reports
  CHECK(pending_events(store) == 6);
}

TEST_CASE("a cancel report ends the assessment, and the outputs may be NULL", "[capi][report]") {
  const report_fixture fixture;
  ak_store *store = fixture.store();
  CHECK(ak_report_started(store, "acme", fixture.acme_assessment.c_str(), nullptr, nullptr, nullptr) == AK_OK);
  report_outputs out;
  const queued cancelled = out.take(ak_report_cancelled(store, "acme", fixture.acme_assessment.c_str(),
                                                        "The candidate withdrew.", &out.update_id, &out.timestamp_ms));
  CHECK(cancelled.timestamp_ms >= start_now_ms);
  CHECK(assessment_states(store)[fixture.acme_assessment] == "cancelled");
  CHECK(pending_events(store) == 4);
}

TEST_CASE("timestamps keep increasing when the clock steps back", "[capi][report]") {
  report_fixture fixture;
  ak_store *store = fixture.store();
  const char *assessment = fixture.acme_assessment.c_str();
  fixture.injected.now_ms = start_now_ms + 60'000;
  report_outputs first_out, second_out;
  const queued first = first_out.take(
      ak_report_progress(store, "acme", assessment, "Invited", nullptr, &first_out.update_id, &first_out.timestamp_ms));
  CHECK(first.timestamp_ms == start_now_ms + 60'000);
  fixture.injected.now_ms = start_now_ms + 1'000;
  const queued second = second_out.take(ak_report_progress(store, "acme", assessment, "In progress", nullptr,
                                                           &second_out.update_id, &second_out.timestamp_ms));
  CHECK(second.timestamp_ms > first.timestamp_ms);
  CHECK(second.update_id != first.update_id);
}

TEST_CASE("ak_report_update queues a complete body", "[capi][report]") {
  const report_fixture fixture;
  ak_store *store = fixture.store();
  const std::string assessment = fixture.acme_assessment;
  const std::string body = R"({"assessment_id":")" + assessment +
                           R"(","assessment_status":{"identifier":"status","label":"Status","type":"string",)"
                           R"("value":"Completed"},"assessment_profile_url":{"identifier":"report","label":"Report",)"
                           R"("type":"url","value":"https://vendor.example/reports/1"},"assessment_result":)" +
                           score_blob + "}";
  report_outputs out;
  const queued update =
      out.take(ak_report_update(store, "acme", body.data(), body.size(), &out.update_id, &out.timestamp_ms));
  CHECK(update.timestamp_ms >= start_now_ms);
  CHECK(assessment_states(store)[assessment] == "completed");

  SECTION("a given timestamp must come after the assessment's last report") {
    const std::string progress = R"({"assessment_id":")" + fixture.globex_assessment + R"(","timestamp":)" +
                                 std::to_string(start_now_ms + 5'000) +
                                 R"(,"assessment_status":{"identifier":"status","label":"Status","type":"string",)"
                                 R"("value":"In progress"}})";
    const owned_store administered = [&] {
      const master_key key = master_key_bytes();
      const ak_store_options options = keyed_store_file(fixture.path.c_str(), key);
      return open_store(&options);
    }();
    REQUIRE(ak_store_ashby_key_set(administered.get(), "globex", "globex-ashby-key") == AK_OK);
    report_outputs given;
    CHECK(given.take(ak_report_update(store, "globex", progress.data(), progress.size(), &given.update_id,
                                      &given.timestamp_ms))
              .timestamp_ms == start_now_ms + 5'000);
    const std::int64_t pending = pending_events(store);
    report_outputs stale;
    stale.refused(ak_report_update(store, "globex", progress.data(), progress.size(), &stale.update_id,
                                   &stale.timestamp_ms),
                  AK_ERR_CONFLICT);
    CHECK(pending_events(store) == pending);
  }
}

TEST_CASE("ak_report_add_completed records an assessment Ashby did not start", "[capi][report]") {
  const report_fixture fixture;
  ak_store *store = fixture.store();
  const std::string body = R"({"candidateId":"cand_1","partnerId":"partner_1","assessment":{"assessmentTypeId":)"
                           R"("typing","assessmentId":"vendor_42","assessmentName":"Typing test","result":)" +
                           std::string(score_blob) + R"(}})";
  report_outputs out;
  const queued added =
      out.take(ak_report_add_completed(store, "acme", body.data(), body.size(), &out.update_id, &out.timestamp_ms));
  CHECK(added.update_id.rfind("upd_", 0) == 0);
  CHECK(added.timestamp_ms >= start_now_ms);
  CHECK(assessment_states(store)["vendor_42"] == "completed");
  const std::int64_t pending = pending_events(store);

  SECTION("the same assessment id again is a conflict, and so is one Ashby's start issued") {
    report_outputs again;
    again.refused(ak_report_add_completed(store, "acme", body.data(), body.size(), &again.update_id,
                                          &again.timestamp_ms),
                  AK_ERR_CONFLICT);
    std::string issued = body;
    issued.replace(issued.find("vendor_42"), 9, fixture.acme_assessment);
    again.refused(ak_report_add_completed(store, "acme", issued.data(), issued.size(), &again.update_id,
                                          &again.timestamp_ms),
                  AK_ERR_CONFLICT);
  }
  SECTION("a body that breaks Ashby's rules names the field") {
    const std::string nameless = R"({"candidateId":"cand_1","partnerId":"partner_1","assessment":{)"
                                 R"("assessmentTypeId":"typing","assessmentId":"vendor_43","result":)" +
                                 std::string(score_blob) + R"(}})";
    report_outputs refused;
    refused.refused(ak_report_add_completed(store, "acme", nameless.data(), nameless.size(), &refused.update_id,
                                            &refused.timestamp_ms),
                    AK_ERR_INVALID_INPUT);
    CHECK_THAT(last_error(), Catch::Contains("assessment.assessmentName"));
  }
  SECTION("it then takes no report") {
    report_outputs late;
    late.refused(ak_report_progress(store, "acme", "vendor_42", "Reviewed", nullptr, &late.update_id,
                                    &late.timestamp_ms),
                 AK_ERR_CONFLICT);
  }
  CHECK(pending_events(store) == pending);
}

TEST_CASE("reports refuse NULL arguments, leaving the outputs untouched and nothing queued", "[capi][report]") {
  const report_fixture fixture;
  ak_store *store = fixture.store();
  const char *assessment = fixture.acme_assessment.c_str();
  const std::int64_t pending = pending_events(store);
  report_outputs out;
  const auto refused = [&](ak_status status, const char *named) {
    out.refused(status, AK_ERR_INVALID_ARGUMENT);
    CHECK_THAT(last_error(), Catch::Contains(named));
  };
  char **id = &out.update_id;
  std::int64_t *at = &out.timestamp_ms;

  refused(ak_report_started(nullptr, "acme", assessment, nullptr, id, at), "store");
  refused(ak_report_started(store, nullptr, assessment, nullptr, id, at), "integration_id");
  refused(ak_report_started(store, "acme", nullptr, nullptr, id, at), "assessment_id");
  refused(ak_report_started(store, "acme", assessment, "", id, at), "profile_url");

  refused(ak_report_progress(nullptr, "acme", assessment, "In progress", nullptr, id, at), "store");
  refused(ak_report_progress(store, nullptr, assessment, "In progress", nullptr, id, at), "integration_id");
  refused(ak_report_progress(store, "acme", nullptr, "In progress", nullptr, id, at), "assessment_id");
  refused(ak_report_progress(store, "acme", assessment, nullptr, nullptr, id, at), "status_text");

  refused(ak_report_completed(nullptr, "acme", assessment, score_blob, report_url, nullptr, id, at), "store");
  refused(ak_report_completed(store, nullptr, assessment, score_blob, report_url, nullptr, id, at), "integration_id");
  refused(ak_report_completed(store, "acme", nullptr, score_blob, report_url, nullptr, id, at), "assessment_id");
  refused(ak_report_completed(store, "acme", assessment, nullptr, report_url, nullptr, id, at), "result_json");
  refused(ak_report_completed(store, "acme", assessment, score_blob, nullptr, nullptr, id, at), "profile_url");

  refused(ak_report_cancelled(nullptr, "acme", assessment, "Withdrawn.", id, at), "store");
  refused(ak_report_cancelled(store, nullptr, assessment, "Withdrawn.", id, at), "integration_id");
  refused(ak_report_cancelled(store, "acme", nullptr, "Withdrawn.", id, at), "assessment_id");
  refused(ak_report_cancelled(store, "acme", assessment, nullptr, id, at), "reason");

  refused(ak_report_update(nullptr, "acme", "{}", 2, id, at), "store");
  refused(ak_report_update(store, nullptr, "{}", 2, id, at), "integration_id");
  refused(ak_report_update(store, "acme", nullptr, 2, id, at), "body");

  refused(ak_report_add_completed(nullptr, "acme", "{}", 2, id, at), "store");
  refused(ak_report_add_completed(store, nullptr, "{}", 2, id, at), "integration_id");
  refused(ak_report_add_completed(store, "acme", nullptr, 2, id, at), "body");

  CHECK(pending_events(store) == pending);
  CHECK(assessment_states(store)[assessment] == "active");
}

TEST_CASE("blobs and bodies that fail protocol §5 are refused, naming the field", "[capi][report]") {
  const report_fixture fixture;
  ak_store *store = fixture.store();
  const char *assessment = fixture.acme_assessment.c_str();
  const std::int64_t pending = pending_events(store);
  report_outputs out;
  char **id = &out.update_id;
  std::int64_t *at = &out.timestamp_ms;
  const auto refused = [&](ak_status status, ak_status expected, const char *named) {
    out.refused(status, expected);
    CHECK_THAT(last_error(), Catch::Contains(named));
  };

  refused(ak_report_completed(store, "acme", assessment, "{", report_url, nullptr, id, at), AK_ERR_MALFORMED_JSON,
          "assessment_result");
  refused(ak_report_completed(store, "acme", assessment,
                              R"({"identifier":"score","label":"Score","type":"numeric_score","value":"high"})",
                              report_url, nullptr, id, at),
          AK_ERR_INVALID_INPUT, "assessment_result.value");
  refused(ak_report_completed(store, "acme", assessment,
                              R"({"identifier":"score","label":"Score","type":"percentage","value":87})", report_url,
                              nullptr, id, at),
          AK_ERR_INVALID_INPUT, "assessment_result.type");
  refused(ak_report_completed(store, "acme", assessment, score_blob, "reports/1", nullptr, id, at),
          AK_ERR_INVALID_INPUT, "assessment_profile_url");
  refused(ak_report_completed(store, "acme", assessment, score_blob, report_url,
                              R"([{"identifier":"a","label":"A","type":"string","value":"fine"},)"
                              R"({"identifier":"b","label":"B","type":"url","value":"not a url"}])",
                              id, at),
          AK_ERR_INVALID_INPUT, "metadata[1]");
  refused(ak_report_progress(store, "acme", assessment, "In progress", R"({"identifier":"a"})", id, at),
          AK_ERR_MALFORMED_JSON, "metadata");
  refused(ak_report_started(store, "acme", assessment, "ftp://vendor.example/take/1", id, at), AK_ERR_INVALID_INPUT,
          "assessment_profile_url");

  const std::string unknown_field = R"({"assessment_id":")" + fixture.acme_assessment +
                                    R"(","assessment_status":{"identifier":"status","label":"Status","type":"string",)"
                                    R"("value":"Started"},"colour":"green"})";
  refused(ak_report_update(store, "acme", unknown_field.data(), unknown_field.size(), id, at), AK_ERR_INVALID_INPUT,
          "colour");
  out.refused(ak_report_update(store, "acme", "[]", 2, id, at), AK_ERR_MALFORMED_JSON);

  CHECK(pending_events(store) == pending);
  CHECK(assessment_states(store)[assessment] == "active");
}

TEST_CASE("a report about an unknown assessment, or another integration's, is not found", "[capi][report]") {
  const report_fixture fixture;
  ak_store *store = fixture.store();
  const std::int64_t pending = pending_events(store);
  report_outputs out;
  char **id = &out.update_id;
  std::int64_t *at = &out.timestamp_ms;

  out.refused(ak_report_started(store, "acme", "ats_ass_unknown000000000000000", nullptr, id, at), AK_ERR_NOT_FOUND);
  out.refused(ak_report_started(store, "acme", fixture.globex_assessment.c_str(), nullptr, id, at), AK_ERR_NOT_FOUND);
  out.refused(ak_report_cancelled(store, "acme", fixture.globex_assessment.c_str(), "Withdrawn.", id, at),
              AK_ERR_NOT_FOUND);
  out.refused(ak_report_started(store, "initech", fixture.acme_assessment.c_str(), nullptr, id, at), AK_ERR_NOT_FOUND);

  CHECK(pending_events(store) == pending);
  CHECK(assessment_states(store)[fixture.globex_assessment] == "active");
}

TEST_CASE("an integration without an Ashby API key cannot report", "[capi][report]") {
  const report_fixture fixture;
  ak_store *store = fixture.store();
  const std::int64_t pending = pending_events(store);
  report_outputs out;
  out.refused(ak_report_started(store, "globex", fixture.globex_assessment.c_str(), nullptr, &out.update_id,
                                &out.timestamp_ms),
              AK_ERR_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), !Catch::Contains(acme_ashby_key));
  CHECK(pending_events(store) == pending);
  CHECK(assessment_states(store)[fixture.globex_assessment] == "active");
}

TEST_CASE("a completed or cancelled assessment takes no more reports", "[capi][report]") {
  const report_fixture fixture;
  ak_store *store = fixture.store();
  const std::string ended_by_vendor = fixture.start(fixture.acme_key, "app_acme_2");
  const std::string cancelled_by_ashby = fixture.start(fixture.acme_key, "app_acme_3");

  REQUIRE(ak_report_completed(store, "acme", fixture.acme_assessment.c_str(), score_blob, report_url, nullptr, nullptr,
                              nullptr) == AK_OK);
  REQUIRE(ak_report_cancelled(store, "acme", ended_by_vendor.c_str(), "Withdrawn.", nullptr, nullptr) == AK_OK);
  const reply cancel = fixture.call(fixture.acme_key, "assessment.cancel", cancel_body(cancelled_by_ashby));
  REQUIRE(cancel.status == 200);

  const std::int64_t pending = pending_events(store);
  for (const std::string &ended : {fixture.acme_assessment, ended_by_vendor, cancelled_by_ashby}) {
    INFO("assessment " << ended);
    const char *assessment = ended.c_str();
    report_outputs out;
    char **id = &out.update_id;
    std::int64_t *at = &out.timestamp_ms;
    out.refused(ak_report_started(store, "acme", assessment, nullptr, id, at), AK_ERR_CONFLICT);
    out.refused(ak_report_progress(store, "acme", assessment, "In progress", nullptr, id, at), AK_ERR_CONFLICT);
    out.refused(ak_report_completed(store, "acme", assessment, score_blob, report_url, nullptr, id, at),
                AK_ERR_CONFLICT);
    out.refused(ak_report_cancelled(store, "acme", assessment, "Withdrawn.", id, at), AK_ERR_CONFLICT);
  }
  CHECK(pending_events(store) == pending);
  const auto states = assessment_states(store);
  CHECK(states.at(fixture.acme_assessment) == "completed");
  CHECK(states.at(ended_by_vendor) == "cancelled");
  CHECK(states.at(cancelled_by_ashby) == "cancelled");
}

TEST_CASE("initial_update_request makes a start reply carry a Started update", "[capi][report]") {
  const report_fixture fixture(true);
  const reply started = fixture.call(fixture.acme_key, "assessment.start", start_body("app_acme_2"));
  INFO(started.body);
  REQUIRE(started.status == 200);
  const std::string id = json_string_at(started.body, "/results/assessment_id");
  CHECK(json_string_at(started.body, "/results/update_request/assessment_id") == id);
  CHECK(json_string_at(started.body, "/results/update_request/assessment_status/value") == "Started");
  CHECK(assessment_states(fixture.store())[id] == "started");
}

TEST_CASE("an engine without a webhook sends reports to ashby_api_url with the integration's key", "[capi][report]") {
  const report_fixture fixture;
  ak_store *store = fixture.store();
  scripted_transport transport;
  const ak_transport sender = transport.callbacks();
  ak_delivery_options options = delivery_options(&sender);

  SECTION("an empty webhook URL or a bad Ashby URL is refused") {
    ak_delivery *out = nullptr;
    options.webhook_url = "";
    CHECK_FAILS_WITH(ak_delivery_new(fixture.bridge.get(), &options, &out), AK_ERR_INVALID_ARGUMENT);
    CHECK_THAT(last_error(), Catch::Contains("webhook_url"));
    options.webhook_url = nullptr;
    options.ashby_api_url = "ftp://ashby.test/";
    CHECK_FAILS_WITH(ak_delivery_new(fixture.bridge.get(), &options, &out), AK_ERR_INVALID_ARGUMENT);
    CHECK(out == nullptr);
    CHECK(transport.destroyed() == 2);
  }
  SECTION("a report goes out, and its attempt is in its history") {
    options.webhook_url = nullptr;
    options.ashby_api_url = "https://ashby.test/api/";
    const owned_delivery delivery = new_delivery(fixture.bridge.get(), options);
    transport.answer(200);
    report_outputs out;
    const queued started = out.take(ak_report_started(store, "acme", fixture.acme_assessment.c_str(), report_url,
                                                      &out.update_id, &out.timestamp_ms));

    const ak_delivery_summary summary = deliver_due(delivery.get(), fixture.injected.now_ms.load());
    CHECK(summary.delivered == 1);
    const auto requests = transport.requests();
    REQUIRE(requests.size() == 1);  // the starts' events wait for the host to pull them
    const scripted_transport::request &sent = requests.front();
    CHECK(sent.url == "https://ashby.test/api/assessment.update");
    CHECK(sent.header("Authorization") == basic_authorization(acme_ashby_key));
    CHECK(json_string_at(sent.body, "/assessment_id") == fixture.acme_assessment);
    CHECK(json_int_at(sent.body, "/timestamp") == started.timestamp_ms);
    CHECK(json_string_at(sent.body, "/assessment_status/value") == "Started");
    CHECK(json_string_at(sent.body, "/assessment_profile_url/value") == report_url);

    char *history = nullptr;
    const std::string attempts = take(ak_store_event_history(store, started.update_id.c_str(), &history), &history);
    const std::string execution = json_string_at(attempts, "/0/executionId");
    CHECK(canonical_json(attempts) ==
          canonical_json(R"([{"executionId":")" + execution + R"(","startedMs":)" +
                         std::to_string(json_int_at(attempts, "/0/startedMs")) + R"(,"durationMs":)" +
                         std::to_string(json_int_at(attempts, "/0/durationMs")) +
                         R"(,"httpStatus":200,"error":null,"requestId":null}])"));
  }
}

TEST_CASE("an integration that enriches candidates has candidate.info called first, within enrichment_timeout_ms",
          "[capi][report]") {
  const std::int64_t timeout_ms = GENERATE(std::int64_t{0}, std::int64_t{300});
  INFO("enrichment_timeout_ms " << timeout_ms);
  const report_fixture fixture(false, signing_key);
  REQUIRE(ak_store_candidate_enrichment_set(fixture.store(), "acme", 1) == AK_OK);
  scripted_transport transport;
  transport.answer(200);  // an empty candidate.info reply: the event goes as it is
  const ak_transport sender = transport.callbacks();
  ak_delivery_options options = delivery_options(&sender);
  options.ashby_api_url = "https://ashby.test/api/";
  options.enrichment_timeout_ms = timeout_ms;
  const owned_delivery delivery = new_delivery(fixture.bridge.get(), options);
  CHECK(deliver_due(delivery.get(), fixture.injected.now_ms.load()).delivered == 2);

  const auto requests = transport.requests();
  REQUIRE(requests.size() == 3);  // globex's event goes without a call
  const auto asked = std::find_if(requests.begin(), requests.end(), [](const scripted_transport::request &sent) {
    return sent.url == "https://ashby.test/api/candidate.info";
  });
  REQUIRE(asked != requests.end());
  CHECK(asked->timeout_ms == (timeout_ms == 0 ? 5000 : timeout_ms));
  CHECK(asked->header("Authorization") == basic_authorization(acme_ashby_key));
  CHECK(canonical_json(asked->body) == R"({"id":"cand_789xyz"})");
  REQUIRE(asked + 1 != requests.end());
  CHECK((asked + 1)->url == webhook_url);  // then the event itself
  CHECK((asked + 1)->timeout_ms == 0);
}
