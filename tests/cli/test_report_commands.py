"""`ashbyknit report started|progress|completed|cancelled|update|add-completed` on a store file:
each report queued for Ashby, the assessment's life cycle, the refusals; `integration
set-ashby-key` and the master key it needs; `master-key generate`."""

import json
import re
import unittest

from cli_support import START_FIXTURE, encode, run_cli
from report_support import (ADDED_EVENT, ADDED_ID, ASHBY_KEY, METADATA, REPORT_URL, SCORE, ReportStoreTestCase,
                            added_body)

UPDATE_ID = re.compile(r"^upd_[a-z0-9]{21}$")
# Reports whose body names its assessment, so that they take no --assessment.
BODY_REPORTS = ("update", "add-completed")


class ReportTestCase(ReportStoreTestCase):
    """Integrations "acme" (with an Ashby API key) and "globex" (without one), each with an
    assessment that Ashby started through `ashbyknit call`. The first test makes that store; the
    others start from a copy of its file."""

    prepared = None  # the first test's store files (by name), secret keys and assessments

    def setUp(self):
        super().setUp()
        if ReportTestCase.prepared is None:
            self.prepare()
            files = {path.name: path.read_bytes() for path in self.directory.glob(self.db.name + "*")}
            ReportTestCase.prepared = (files, self.keys, self.assessment, self.globex_assessment)
        else:
            files, self.keys, self.assessment, self.globex_assessment = ReportTestCase.prepared
            for name, content in files.items():
                (self.directory / name).write_bytes(content)

    def prepare(self):
        self.create_integration("acme")
        self.create_integration("globex")
        self.set_ashby_key("acme")
        self.keys = {integration: self.issue_key(integration) for integration in ("acme", "globex")}
        self.assessment = self.start("acme")
        self.globex_assessment = self.start("globex")

    def start(self, integration: str) -> str:
        reply = self.call_succeeds(self.keys[integration], "assessment.start", START_FIXTURE)
        return reply["results"]["assessment_id"]

    def report(self, kind: str, *options, assessment=None, integration="acme", stdin: bytes = b""):
        """Runs `report KIND` for the integration and (but for update and add-completed) the assessment."""
        target = [] if kind in BODY_REPORTS else ["--assessment", assessment or self.assessment]
        return self.run_store("report", kind, "--integration", integration, *target, *options, stdin=stdin)

    def reported(self, kind: str, *options, **target) -> dict:
        """A report that must be queued; returns its receipt, checked."""
        result = self.report(kind, *options, **target)
        output = self.assertSucceeds(result)
        receipt = json.loads(output)
        self.assertEqual(output, encode(receipt) + b"\n")
        self.assertEqual(list(receipt), ["updateId", "timestamp"])
        self.assertRegex(receipt["updateId"], UPDATE_ID)
        return receipt

    def refused(self, kind: str, *options, words=(), **target) -> str:
        """A report that must be refused: exit 1 and one line containing `words`."""
        return self.assertFails(self.report(kind, *options, **target), 1, *words)

    def status(self, assessment=None) -> str:
        listed = {entry["id"]: entry for entry in self.store_json("assessments", "list")}
        return listed[assessment or self.assessment]["status"]

    def updates(self, event_type: str = "assessment.update") -> list:
        """The outbox's entries of `event_type`."""
        return [event for event in self.store_json("events", "list") if event["eventType"] == event_type]

    def add(self, body: dict, integration: str = "acme") -> dict:
        """`report add-completed` of `body` from standard input, which must be queued; returns the receipt."""
        return self.reported("add-completed", "--body-file", "-", integration=integration, stdin=encode(body))

    def add_refused(self, body, *words, integration: str = "acme") -> str:
        """`report add-completed` of `body` (JSON, or bytes as they are), which must be refused."""
        stdin = body if isinstance(body, bytes) else encode(body)
        return self.refused("add-completed", "--body-file", "-", integration=integration, stdin=stdin, words=words)


class ReportKindsTest(ReportTestCase):
    def test_each_report_is_queued_as_an_assessment_update_in_the_outbox(self):
        receipts = [
            self.reported("started", "--profile-url", REPORT_URL),
            self.reported("progress", "--status", "In progress", "--metadata", json.dumps(METADATA)),
            self.reported("completed", "--result", json.dumps(SCORE), "--profile-url", REPORT_URL,
                          "--metadata", json.dumps(METADATA)),
        ]
        updates = self.updates()
        self.assertEqual([update["eventId"] for update in updates], [receipt["updateId"] for receipt in receipts])
        for update in updates:
            self.assertEqual((update["integrationId"], update["assessmentId"], update["state"]),
                             ("acme", self.assessment, "pending"))
        timestamps = [receipt["timestamp"] for receipt in receipts]
        self.assertEqual(timestamps, sorted(set(timestamps)))

    def test_the_life_cycle_moves_with_the_reports(self):
        self.assertEqual(self.status(), "active")
        self.reported("started")
        self.assertEqual(self.status(), "started")
        self.reported("progress", "--status", "Halfway")
        self.assertEqual(self.status(), "started")
        self.reported("cancelled", "--reason", "The candidate withdrew.")
        self.assertEqual(self.status(), "cancelled")

    def test_update_takes_a_complete_body_from_standard_input_or_a_file(self):
        status = {"identifier": "status", "label": "Status", "type": "string", "value": "Reviewed"}
        profile = {"identifier": "report", "label": "Report", "type": "url", "value": REPORT_URL}
        body = {"assessment_id": self.assessment, "timestamp": 1_800_000_000_000, "assessment_status": status,
                "assessment_profile_url": profile, "assessment_result": SCORE, "metadata": METADATA}
        receipt = self.reported("update", "--body-file", "-", stdin=encode(body))
        self.assertEqual(receipt["timestamp"], 1_800_000_000_000)
        self.assertEqual(self.status(), "completed")
        self.set_ashby_key("globex")
        progress = {"assessment_id": self.globex_assessment, "timestamp": 1_800_000_000_000,
                    "assessment_status": status}
        self.reported("update", "--body-file", self.file_holding(encode(progress)), integration="globex")
        self.assertEqual(self.status(self.globex_assessment), "active")


class AddCompletedTest(ReportTestCase):
    def test_it_is_queued_for_ashby_and_the_assessment_is_then_known_as_completed(self):
        receipt = self.add(added_body())
        (entry,) = self.updates(ADDED_EVENT)
        self.assertEqual((entry["eventId"], entry["integrationId"], entry["assessmentId"], entry["state"]),
                         (receipt["updateId"], "acme", ADDED_ID, "pending"))
        self.assertEqual(entry["createdMs"], receipt["timestamp"])
        self.assertEqual(self.updates(), [])
        listed = {item["id"]: item for item in self.store_json("assessments", "list")}
        self.assertEqual({name: listed[ADDED_ID][name] for name in
                          ("integrationId", "applicationId", "assessmentTypeId", "status")},
                         {"integrationId": "acme", "applicationId": "", "assessmentTypeId": "pkg_take_home",
                          "status": "completed"})

    def test_a_body_from_a_file_keeps_its_timestamp_and_may_have_no_metadata(self):
        body = dict(added_body("ext_2", metadata=[]), timestamp=1_800_000_000_000)
        receipt = self.reported("add-completed", "--body-file", self.file_holding(encode(body)))
        self.assertEqual(receipt["timestamp"], 1_800_000_000_000)
        self.assertEqual([entry["assessmentId"] for entry in self.updates(ADDED_EVENT)], ["ext_2"])

    def test_the_assessment_then_takes_no_report(self):
        self.add(added_body())
        cases = (
            ("progress", "--status", "Reviewed"),
            ("completed", "--result", json.dumps(SCORE), "--profile-url", REPORT_URL),
            ("cancelled", "--reason", "Withdrawn"),
        )
        for kind, *options in cases:
            with self.subTest(kind=kind):
                self.refused(kind, *options, assessment=ADDED_ID, words=[ADDED_ID, "completed"])
        self.assertEqual(len(self.updates(ADDED_EVENT)), 1)
        self.assertEqual(self.updates(), [])

    def test_a_body_that_breaks_ashbys_rules_is_refused_naming_the_field(self):
        without_partner = {name: value for name, value in added_body().items() if name != "partnerId"}
        cases = (
            (without_partner, "partnerId"),
            (dict(added_body(), candidateId=""), "candidateId"),
            (dict(added_body(), extra=1), "extra"),
            (dict(added_body(), timestamp=-1), "timestamp"),
            (added_body(result="87"), "assessment.result"),
            (added_body(result=dict(SCORE, type="percentage")), "assessment.result.type"),
            (added_body(metadata=[METADATA[0], METADATA[0]]), "duration"),
            (added_body(assessmentName=""), "assessment.assessmentName"),
            (b"{", "JSON"),
        )
        for body, word in cases:
            with self.subTest(word=word):
                self.add_refused(body, word)
        self.assertEqual(self.updates(ADDED_EVENT), [])
        self.assertNotIn(ADDED_ID, [item["id"] for item in self.store_json("assessments", "list")])

    def test_an_unknown_integration_or_one_without_an_ashby_key_is_refused(self):
        self.add_refused(added_body(), "initech", integration="initech")
        self.add_refused(added_body(), "Ashby API key", integration="globex")
        self.assertEqual(self.updates(ADDED_EVENT), [])

    def test_an_assessment_id_the_store_knows_is_taken_whoever_issued_it(self):
        self.add(added_body())
        self.set_ashby_key("globex")
        cases = (
            ("acme", ADDED_ID),  # added before
            ("globex", ADDED_ID),  # added before, by another integration
            ("acme", self.assessment),  # issued by Ashby's start
            ("acme", self.globex_assessment),  # issued by another integration's start
        )
        for integration, assessment_id in cases:
            with self.subTest(integration=integration, assessment=assessment_id):
                self.add_refused(added_body(assessment_id), assessment_id, "taken", integration=integration)
        self.assertEqual(len(self.updates(ADDED_EVENT)), 1)
        self.assertEqual((self.status(), self.status(self.globex_assessment)), ("active", "active"))


class ReportRefusalTest(ReportTestCase):
    def test_a_final_assessment_takes_no_more_reports(self):
        self.reported("completed", "--result", json.dumps(SCORE), "--profile-url", REPORT_URL)
        self.refused("completed", "--result", json.dumps(SCORE), "--profile-url", REPORT_URL, words=["completed"])
        self.refused("progress", "--status", "Again", words=["completed"])
        self.assertEqual(len(self.updates()), 1)

    def test_a_cancelled_assessment_takes_no_more_reports(self):
        self.reported("cancelled", "--reason", "The role was filled.")
        self.refused("started", words=["cancelled"])

    def test_an_assessment_ashby_cancelled_takes_no_more_reports(self):
        self.call_succeeds(self.keys["acme"], "assessment.cancel", stdin=encode({"assessment_id": self.assessment}))
        self.refused("progress", "--status", "Still going", words=["cancelled"])
        self.assertEqual(self.updates(), [])

    def test_an_unknown_assessment_or_another_integrations_is_not_found(self):
        self.refused("started", assessment="ats_ass_a1b2c3d4e5f6g7h8i9j0k", words=["ats_ass_a1b2c3d4e5f6g7h8i9j0k"])
        self.refused("started", assessment=self.globex_assessment, words=[self.globex_assessment])
        self.refused("started", integration="initech", words=["initech"])
        self.assertEqual(self.updates(), [])

    def test_an_integration_without_an_ashby_key_cannot_report(self):
        line = self.refused("started", assessment=self.globex_assessment, integration="globex")
        self.assertIn("Ashby API key", line)

    def test_validation_errors_name_the_field(self):
        bad_score = dict(SCORE, type="percentage")
        twice = [METADATA[0], METADATA[0]]
        cases = (
            (("completed", "--result", json.dumps(bad_score), "--profile-url", REPORT_URL), "--result.type"),
            (("completed", "--result", "{", "--profile-url", REPORT_URL), "--result"),
            (("completed", "--result", json.dumps(SCORE), "--profile-url", "ftp://vendor.example/r"), "profile"),
            (("progress", "--status", "x", "--metadata", json.dumps(twice)), "duration"),
            (("progress", "--status", "x", "--metadata", json.dumps([{"identifier": "a"}])), "--metadata[0]"),
            (("started", "--profile-url", "not a url"), "profile"),
        )
        for arguments, word in cases:
            with self.subTest(arguments=arguments):
                self.refused(*arguments, words=[word])
        body = {"assessment_id": self.assessment, "timestamp": 1_800_000_000_000}
        self.refused("update", "--body-file", "-", stdin=encode(body), words=["assessment_status"])
        self.assertEqual(self.updates(), [])
        self.assertEqual(self.status(), "active")

    def test_usage_errors_exit_2(self):
        cases = (
            (["report", "progress", "--db", self.db, "--integration", "acme", "--assessment", "x"], "--status"),
            (["report", "update", "--db", self.db, "--integration", "acme", "--assessment", "x", "--body-file", "-"],
             "unknown option --assessment"),
            (["report", "update", "--db", self.db, "--integration", "acme", "--body-file", self.directory / "none"],
             "cannot open"),
            (["report", "add-completed", "--db", self.db, "--integration", "acme", "--assessment", "x",
              "--body-file", "-"], "unknown option --assessment"),
            (["report", "add-completed", "--db", self.db, "--integration", "acme"], "--body-file"),
            (["report", "finished"],
             "'report' needs one of: started, progress, completed, cancelled, update, add-completed"),
        )
        for arguments, *words in cases:
            with self.subTest(arguments=arguments):
                self.assertFails(run_cli(*arguments), 2, *words)


class AshbyKeyTest(ReportStoreTestCase):
    def setUp(self):
        super().setUp()
        self.create_integration("acme")

    def test_the_key_is_stored_and_listed_but_never_shown(self):
        self.assertEqual([entry["ashbyKeySet"] for entry in self.store_json("integration", "list")], [False])
        output = self.assertSucceeds(self.run_store(
            "integration", "set-ashby-key", "--id", "acme", "--key-file", self.file_holding(ASHBY_KEY.encode()),
            "--master-key-file", self.master_key_file))
        self.assertEqual(json.loads(output), {"id": "acme", "ashbyKeySet": True})
        self.assertNotIn(ASHBY_KEY.encode(), output)
        self.assertEqual([entry["ashbyKeySet"] for entry in self.store_json("integration", "list")], [True])

    def test_the_store_file_never_holds_the_key_in_clear(self):
        self.set_ashby_key("acme")
        self.set_ashby_key("acme", ASHBY_KEY + "-rotated")
        files = [path for path in self.directory.iterdir() if path.name.startswith(self.db.name)]
        self.assertIn(self.db, files)
        for path in files:
            with self.subTest(file=path.name):
                self.assertNotIn(ASHBY_KEY.encode(), path.read_bytes())

    def test_the_master_key_may_come_from_the_environment(self):
        key_file = self.file_holding(ASHBY_KEY.encode())
        hex_key = self.master_key_file.read_text().strip()
        for env in ({"AK_MASTER_KEY_FILE": str(self.master_key_file)}, {"AK_MASTER_KEY": hex_key.upper()}):
            with self.subTest(env=list(env)):
                self.assertSucceeds(self.run_store("integration", "set-ashby-key", "--id", "acme", "--key-file",
                                                   key_file, env=env))

    def test_without_a_master_key_it_exits_2_saying_how_to_give_one(self):
        result = self.run_store("integration", "set-ashby-key", "--id", "acme", "--key-file",
                                self.file_holding(ASHBY_KEY.encode()), env={"AK_MASTER_KEY": ""})
        line = self.assertFails(result, 2, "master key", "--master-key-file", "AK_MASTER_KEY_FILE", "AK_MASTER_KEY")
        self.assertNotIn(ASHBY_KEY, line)
        self.assertEqual([entry["ashbyKeySet"] for entry in self.store_json("integration", "list")], [False])

    def test_a_bad_master_key_or_ashby_key_is_refused_without_repeating_it(self):
        not_a_key = "0123456789abcdef" * 3
        key_file = self.file_holding(ASHBY_KEY.encode())
        bad_master_key = self.file_holding(not_a_key.encode())
        cases = (
            (["--key-file", key_file, "--master-key-file", bad_master_key], "master key", not_a_key),
            (["--key-file", self.file_holding(b"two words"), "--master-key-file", self.master_key_file], "key",
             "two words"),
        )
        for options, word, secret in cases:
            with self.subTest(options=options):
                result = self.run_store("integration", "set-ashby-key", "--id", "acme", *options)
                self.assertNotIn(secret, self.assertFails(result, 2, word))
        missing = self.directory / "none"
        self.assertFails(self.run_store("integration", "set-ashby-key", "--id", "acme", "--key-file", key_file,
                                        "--master-key-file", missing), 2, "cannot open", str(missing))

    def test_an_unknown_integration_is_refused(self):
        self.assertFails(self.run_store("integration", "set-ashby-key", "--id", "initech", "--key-file",
                                        self.file_holding(ASHBY_KEY.encode()), "--master-key-file",
                                        self.master_key_file), 2, "initech")


class MasterKeyGenerateTest(ReportStoreTestCase):
    def test_it_prints_64_hex_digits_and_a_newline_new_each_time(self):
        first = self.assertSucceeds(run_cli("master-key", "generate")).decode()
        second = self.assertSucceeds(run_cli("master-key", "generate")).decode()
        self.assertRegex(first, r"^[0-9a-f]{64}\n$")
        self.assertNotEqual(first, second)
        self.assertEqual(len(bytes.fromhex(first.strip())), 32)
        self.create_integration("acme")
        self.assertSucceeds(self.run_store("integration", "set-ashby-key", "--id", "acme", "--key-file",
                                           self.file_holding(ASHBY_KEY.encode()), env={"AK_MASTER_KEY": first}))


if __name__ == "__main__":
    unittest.main()
