"""Catalogue: a package catalogue parsed once and handed to map_start."""

import json
import threading
import unittest

import ashbyknit
from support import ASSESSMENT_ID, START_NOW_MS, candidate_assessment, fixture, map_start_fixture


def package_of(event: str) -> dict:
    return candidate_assessment(event)["assessmentPackage"]


class Mapping(unittest.TestCase):
    def test_maps_to_the_same_bytes_as_the_json_but_for_the_event_id(self):
        with ashbyknit.Catalogue(fixture("packages.json")) as catalogue:
            from_handle = map_start_fixture(assessment_id=ASSESSMENT_ID, now_ms=START_NOW_MS, catalogue=catalogue)
        from_json = map_start_fixture(
            assessment_id=ASSESSMENT_ID, now_ms=START_NOW_MS, packages_json=fixture("packages.json")
        )
        handle_id, json_id = (json.loads(event)["eventId"] for event in (from_handle, from_json))
        self.assertEqual(from_handle.replace(handle_id, json_id), from_json)
        self.assertEqual(package_of(from_handle)["name"], "Frontend Engineer Assessment")

    def test_a_list_of_dicts_is_a_catalogue_too(self):
        catalogue = ashbyknit.Catalogue([{"id": "pkg_456", "name": "Pairing"}])
        self.assertEqual(package_of(map_start_fixture(now_ms=START_NOW_MS, catalogue=catalogue))["name"], "Pairing")

    def test_threads_share_one_catalogue(self):
        catalogue = ashbyknit.Catalogue(fixture("packages.json"))
        names = []

        def map_many():
            for _ in range(50):
                names.append(package_of(map_start_fixture(now_ms=START_NOW_MS, catalogue=catalogue))["name"])

        workers = [threading.Thread(target=map_many) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        self.assertEqual(names, ["Frontend Engineer Assessment"] * 200)


class Refusals(unittest.TestCase):
    def test_bad_catalogues_raise_their_classes_naming_the_problem(self):
        cases = [
            ("{}", ashbyknit.MalformedJSON, "list of packages"),
            ("[", ashbyknit.MalformedJSON, "JSON"),
            ('[{"id": "p1"}]', ashbyknit.InvalidInput, "packages[0].name"),
            ('[{"id": "p1", "name": "A"}, {"id": "p1", "name": "B"}]', ashbyknit.InvalidInput, "packages[1].id"),
        ]
        for packages_json, raised, named in cases:
            with self.subTest(packages_json=packages_json):
                with self.assertRaises(raised) as caught:
                    ashbyknit.Catalogue(packages_json)
                self.assertIn(named, caught.exception.message)

    def test_both_ways_at_once_is_an_invalid_argument(self):
        catalogue = ashbyknit.Catalogue(fixture("packages.json"))
        with self.assertRaises(ashbyknit.InvalidArgument) as caught:
            map_start_fixture(now_ms=START_NOW_MS, catalogue=catalogue, packages_json=fixture("packages.json"))
        self.assertIn("both set", caught.exception.message)

    def test_a_closed_catalogue_is_a_value_error(self):
        catalogue = ashbyknit.Catalogue(fixture("packages.json"))
        catalogue.close()
        catalogue.close()
        self.assertTrue(catalogue.closed)
        with self.assertRaises(ValueError):
            map_start_fixture(now_ms=START_NOW_MS, catalogue=catalogue)

    def test_anything_else_is_a_type_error(self):
        with self.assertRaises(TypeError):
            map_start_fixture(now_ms=START_NOW_MS, catalogue=fixture("packages.json"))


if __name__ == "__main__":
    unittest.main()
