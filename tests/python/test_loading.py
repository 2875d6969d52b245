"""How the binding finds the shared library, and what it says when it cannot."""

import os
import pathlib
import re
import subprocess
import sys
import unittest

from ashbyknit import _native

HEADER = pathlib.Path(__file__).resolve().parents[2] / "include" / "ashbyknit.h"


def import_with_library(path: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, ASHBYKNIT_LIBRARY=path)
    return subprocess.run([sys.executable, "-c", "import ashbyknit"], env=environment, capture_output=True, text=True)


class Loading(unittest.TestCase):
    @unittest.skipUnless(os.environ.get("ASHBYKNIT_LIBRARY"), "the library was found without ASHBYKNIT_LIBRARY")
    def test_the_environment_variable_names_the_library(self):
        self.assertEqual(import_with_library(os.environ["ASHBYKNIT_LIBRARY"]).returncode, 0)

    def test_a_bad_path_is_a_clear_import_error(self):
        missing = "/nonexistent/libashbyknit.so"
        result = import_with_library(missing)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImportError: ashbyknit: cannot load the shared library", result.stderr)
        self.assertIn(missing, result.stderr)


class Prototypes(unittest.TestCase):
    def test_every_function_of_the_header_is_declared(self):
        # Without argtypes, ctypes would pass a size_t or a pointer as a C int.
        names = re.findall(r"^AK_API\b[^(]*?\b(ak_\w+)\(", HEADER.read_text(), flags=re.MULTILINE)
        self.assertEqual(sorted(names), sorted(_native.PROTOTYPES))
        for name in names:
            with self.subTest(function=name):
                self.assertIsNotNone(getattr(_native.lib, name).argtypes)


if __name__ == "__main__":
    unittest.main()
