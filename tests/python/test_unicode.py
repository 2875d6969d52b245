"""Text from any script, and the characters JSON must escape, survive the trip from an Ashby
body to the Knit event, whether the sender escaped them or sent raw UTF-8."""

import json
import unittest

import ashbyknit
from support import START_NOW_MS, candidate_assessment, start_document

NAMES = [
    "Zoë 😀👩🏽‍💻",                      # Latin with a diacritic, emoji, a ZWJ sequence
    "王小明",                            # CJK
    "محمد عبد الله",                     # Arabic, right to left
    'Conan "The" O\'Brien',              # quotes
    "C:\\Users\\back\\slash\\",          # backslashes, one at the very end
    "tab\tnew\nline\rbell\x07\x01\x1f",  # control characters
    "nul\x00inside",                     # a NUL, which C strings cannot hold
    "line\u2028para\u2029del\x7f",       # separators JavaScript chokes on, DEL
]


def body_with_name(name: str, ensure_ascii: bool) -> str:
    document = start_document()
    document["candidate"]["first_name"] = name
    document["candidate"]["last_name"] = name[::-1]
    document["job"]["name"] = name
    return json.dumps(document, ensure_ascii=ensure_ascii)


class RoundTrip(unittest.TestCase):
    def test_names_come_back_exactly(self):
        for ensure_ascii in (True, False):
            for name in NAMES:
                with self.subTest(name=name, escaped=ensure_ascii):
                    event = ashbyknit.map_start(body_with_name(name, ensure_ascii), now_ms=START_NOW_MS)
                    # json.loads is strict: a raw control character in the event would fail here.
                    record = candidate_assessment(event)
                    self.assertEqual(record["candidate"]["firstName"], name)
                    self.assertEqual(record["candidate"]["lastName"], name[::-1])
                    self.assertEqual(record["originData"]["job"]["name"], name)

    def test_event_carries_no_raw_control_characters(self):
        event = ashbyknit.map_start(body_with_name("".join(NAMES), ensure_ascii=False), now_ms=START_NOW_MS)
        self.assertFalse([c for c in event if ord(c) < 0x20], "raw control characters in the event")


if __name__ == "__main__":
    unittest.main()
