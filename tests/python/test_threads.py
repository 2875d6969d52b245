"""Concurrent calls from Python threads: each gets its own results, and each exception carries
the message of its own thread's failure (the library keeps the last error per thread)."""

import concurrent.futures
import json
import threading
import unittest

import ashbyknit
from support import START_NOW_MS, encode, event_id_pattern, start_document

THREADS = 8
ROUNDS = 200


def catalogue_broken_at(index: int) -> str:
    """A catalogue whose entry ``index`` is not an object, so the error names packages[index]."""
    return json.dumps([{"id": f"pkg_{n}", "name": f"Package {n}"} for n in range(index)] + [7])


def expect(condition: bool, what) -> None:
    """An assertion that python -O keeps; the pool hands it back to the test's thread."""
    if not condition:
        raise AssertionError(what)


def run_thread(index: int, start_together: threading.Barrier) -> None:
    document = start_document()
    document["candidate"]["ashby_id"] = f"cand_thread_{index}"
    body = encode(document)
    now_ms = START_NOW_MS + index
    broken = catalogue_broken_at(index)
    start_together.wait()
    for _ in range(ROUNDS):
        event = json.loads(ashbyknit.map_start(body, now_ms=now_ms))
        record = event["eventData"]["candidateAssessment"]
        expect(record["candidate"]["id"] == f"cand_thread_{index}", record["candidate"])
        expect(event["triggeredAt"] == now_ms, event["triggeredAt"])
        expect(event_id_pattern(now_ms).fullmatch(event["eventId"]), event["eventId"])
        try:
            ashbyknit.map_start(body, now_ms=now_ms, packages_json=broken)
        except ashbyknit.InvalidArgument as error:
            expect(f"(packages[{index}])" in error.message, (index, error.message))
        else:
            raise AssertionError(f"thread {index}: a broken catalogue was accepted")


class Threads(unittest.TestCase):
    def test_concurrent_map_start(self):
        start_together = threading.Barrier(THREADS)
        with concurrent.futures.ThreadPoolExecutor(max_workers=THREADS) as pool:
            futures = [pool.submit(run_thread, index, start_together) for index in range(THREADS)]
            for future in futures:
                future.result()  # re-raises a thread's assertion here


if __name__ == "__main__":
    unittest.main()
