"""What the tests of reports to Ashby share: a store with a master key, an integration's Ashby API
key set through the tool, the blobs reports carry, and a completed assessment to add."""

from cli_support import run_cli
from store_support import StoreTestCase

ASHBY_KEY = "ashby-api-key-of-acme"
REPORT_URL = "https://vendor.example/reports/1"
SCORE = {"identifier": "score", "label": "Score", "type": "numeric_score", "value": 87}
METADATA = [
    {"identifier": "duration", "label": "Duration", "type": "numeric_duration_minutes", "value": 42},
    {"identifier": "passed", "label": "Passed", "type": "boolean_success", "value": True},
]
# What `events list` calls an added completed assessment, and the id the tests add it under.
ADDED_EVENT = "assessment.addCompletedToCandidate"
ADDED_ID = "ext_take_home_1"


def added_body(assessment_id: str = ADDED_ID, **assessment) -> dict:
    """An assessment.addCompletedToCandidate body for `assessment_id`, without a timestamp; each of
    `assessment` replaces one member of the body's assessment."""
    members = {"assessmentTypeId": "pkg_take_home", "assessmentId": assessment_id,
               "assessmentName": "Take-home exercise", "result": SCORE, "metadata": METADATA}
    return {"candidateId": "cand_1", "partnerId": "partner_1", "assessment": dict(members, **assessment)}


class ReportStoreTestCase(StoreTestCase):
    """A test's store, with a master key in the file `self.master_key_file`: one that `ashbyknit
    master-key generate` made for the first test, shared by the others, since running the tool is
    what takes time in these tests."""

    master_key = None

    def setUp(self):
        super().setUp()
        if ReportStoreTestCase.master_key is None:
            ReportStoreTestCase.master_key = self.assertSucceeds(run_cli("master-key", "generate"))
        self.master_key_file = self.file_holding(ReportStoreTestCase.master_key)

    def set_ashby_key(self, integration: str, key: str = ASHBY_KEY) -> dict:
        """Stores `key` as the integration's Ashby API key; returns what the tool printed, parsed."""
        key_file = self.file_holding(key.encode() + b"\n")
        return self.store_json("integration", "set-ashby-key", "--id", integration, "--key-file", key_file,
                               "--master-key-file", self.master_key_file)
