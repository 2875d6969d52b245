"""`ashbyknit secret issue`: the shape of its output and its refusals."""

import hashlib
import json
import unittest

from cli_support import CliTestCase, run_cli


class SecretIssueTest(CliTestCase):
    def issue(self, integration: str, base_url: str) -> dict:
        output = self.assertSucceeds(run_cli("secret", "issue", "--integration", integration, "--base-url", base_url))
        self.assertTrue(output.endswith(b"}\n") and output.count(b"\n") == 1, output)
        return json.loads(output)

    def test_the_output_is_key_base_url_and_key_hash(self):
        issued = self.issue("acme-01", "https://hooks.example.com/ashby")
        self.assertEqual(list(issued), ["secretKey", "baseUrl", "keyHash"])
        self.assertRegex(issued["secretKey"], r"^aksk_[A-Za-z0-9]{49}$")
        self.assertEqual(issued["baseUrl"], "https://hooks.example.com/ashby/")
        self.assertEqual(issued["keyHash"], "sha256:" + hashlib.sha256(issued["secretKey"].encode()).hexdigest())

    def test_every_key_is_new(self):
        first, second = (self.issue("acme", "https://hooks.example.com/")["secretKey"] for _ in range(2))
        self.assertNotEqual(first, second)

    def test_quotes_and_backslashes_in_the_base_url_are_escaped(self):
        base_url = 'https://hooks.example.com/a"b\\c/'
        self.assertEqual(self.issue("acme", base_url)["baseUrl"], base_url)

    def test_a_bad_integration_id_or_base_url_is_refused_with_the_librarys_message(self):
        cases = (
            ("acme corp", "https://hooks.example.com/", "integration id"),
            ("acme", "ftp://hooks.example.com/", "base URL"),
            ("acme", "https://hooks.example.com/?x=1", "query"),
        )
        for integration, base_url, words in cases:
            with self.subTest(integration=integration, base_url=base_url):
                result = run_cli("secret", "issue", "--integration", integration, "--base-url", base_url)
                self.assertFails(result, 2, words)


if __name__ == "__main__":
    unittest.main()
