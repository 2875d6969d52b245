"""Standard Webhooks signatures cross-checked with the reference implementation: the npm package
`standardwebhooks`, installed into a temporary directory, verifies the library's v1 signatures and
signs messages that the library must verify; node's crypto verifies the library's v1a (ed25519)
signatures. The specification's published vector holds on both sides."""

import base64
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import time
import unittest

import ashbyknit

PEER = pathlib.Path(__file__).with_name("standardwebhooks_peer.cjs")
VECTOR = {"secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
          "timestamp": 1614265330, "body": b'{"test": 2432232314}'}
VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
# JSON, as events are (the reference's verify parses the payload), in exact bytes that a
# re-serialisation would change: spacing, line ends, non-ASCII text.
BODIES = (b'{"eventType":"record.new","eventId":"evt_1"}', b"{}", ' {"name": "é😀 ünïcode",\r\n "n": 1} '.encode(),
          b"[1, 2.50, null]")
INSTALL_SECONDS = 300


def node_environment(**extra) -> dict:
    """This environment without a preloaded sanitizer runtime (node is not built with it)."""
    environment = {name: value for name, value in os.environ.items() if name != "LD_PRELOAD"}
    environment.update(extra)
    return environment


def encoded(body: bytes) -> str:
    return base64.b64encode(body).decode("ascii")


class ReferenceImplementationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for program in ("node", "npm"):
            if shutil.which(program) is None:
                raise RuntimeError(f"{program} is not installed; scripts/setup.sh installs it")
        cls.directory = tempfile.TemporaryDirectory()
        install = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix", cls.directory.name,
             "standardwebhooks@1"],
            capture_output=True, env=node_environment(), timeout=INSTALL_SECONDS, check=False)
        if install.returncode != 0:
            cls.directory.cleanup()
            raise RuntimeError("npm install standardwebhooks failed: " + install.stderr.decode(errors="replace"))

    @classmethod
    def tearDownClass(cls):
        cls.directory.cleanup()

    def peer(self, v1=(), v1a=(), sign=()) -> dict:
        """The reference side's answers for these checks and messages to sign."""
        request = json.dumps({"v1": list(v1), "v1a": list(v1a), "sign": list(sign)})
        answer = subprocess.run(
            ["node", str(PEER)], input=request.encode(), capture_output=True, timeout=60, check=False,
            env=node_environment(NODE_PATH=os.path.join(self.directory.name, "node_modules")))
        self.assertEqual(answer.returncode, 0, answer.stderr.decode(errors="replace"))
        return json.loads(answer.stdout)

    def test_the_specifications_vector_on_both_sides(self):
        message = dict(VECTOR, body=encoded(VECTOR["body"]))
        self.assertEqual(self.peer(sign=[message])["signed"], [VECTOR_SIGNATURE])
        self.assertEqual(ashbyknit.standard_sign([VECTOR["secret"]], VECTOR["id"], VECTOR["timestamp"],
                                                 VECTOR["body"]), VECTOR_SIGNATURE)

    def test_the_reference_verifies_every_key_of_a_rotation(self):
        now = int(time.time())
        secrets = [ashbyknit.standard_secret_new(), ashbyknit.standard_secret_new()]
        pair = ashbyknit.standard_key_pair_new()
        checks, ed25519_checks = [], []
        for number, body in enumerate(BODIES):
            webhook_id = f"evt_{number}"
            signature = ashbyknit.standard_sign([secrets[0], pair.signing_key, secrets[1]], webhook_id, now, body)
            for secret in secrets:
                checks.append({"secret": secret, "id": webhook_id, "timestamp": now, "body": encoded(body),
                               "signature": signature})
            public_key = base64.b64decode(pair.public_key.removeprefix("whpk_"))
            ed25519_checks.append({"public_key": encoded(public_key), "id": webhook_id, "timestamp": now,
                                   "body": encoded(body), "signature": signature})
        # And what the reference must refuse: another body, another id, a key not among the signers.
        refused = [dict(checks[0], body=encoded(BODIES[0] + b" ")), dict(checks[0], id="evt_other"),
                   dict(checks[0], secret=ashbyknit.standard_secret_new())]
        refused_ed25519 = [dict(ed25519_checks[0], body=encoded(b"tampered"))]
        answers = self.peer(v1=checks + refused, v1a=ed25519_checks + refused_ed25519)
        self.assertEqual(answers["v1"][:len(checks)], [True] * len(checks))
        self.assertTrue(all(answer is not True for answer in answers["v1"][len(checks):]), answers["v1"])
        self.assertEqual(answers["v1a"], [True] * len(ed25519_checks) + [False])

    def test_the_library_verifies_what_the_reference_signs(self):
        now = int(time.time())
        secret = ashbyknit.standard_secret_new()
        messages = [{"secret": secret, "id": f"msg_{number}", "timestamp": now, "body": encoded(body)}
                    for number, body in enumerate(BODIES)]
        signed = self.peer(sign=messages)["signed"]
        for message, body, signature in zip(messages, BODIES, signed):
            with self.subTest(id=message["id"]):
                ashbyknit.standard_verify([secret], message["id"], str(now), signature, body, now_s=now)
                with self.assertRaises(ashbyknit.Unauthenticated):
                    ashbyknit.standard_verify([secret], message["id"], str(now), signature, body + b"x", now_s=now)


if __name__ == "__main__":
    unittest.main()
