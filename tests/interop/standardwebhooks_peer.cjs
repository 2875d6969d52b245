// The reference implementation's side of the Standard Webhooks cross-check: reads one JSON request
// on stdin, answers one JSON document on stdout. `standardwebhooks` (the npm package, installed
// by the test into a temporary directory found through NODE_PATH) signs and verifies v1; node's
// own crypto verifies the ed25519 (v1a) signatures.
"use strict";

const crypto = require("node:crypto");
const { Webhook } = require("standardwebhooks");

const bytes = (base64) => Buffer.from(base64, "base64");

/** True when the library verifies the message, else the reason it gives. */
function verifiesV1(check) {
  try {
    new Webhook(check.secret).verify(bytes(check.body), {
      "webhook-id": check.id,
      "webhook-timestamp": String(check.timestamp),
      "webhook-signature": check.signature,
    });
    return true;
  } catch (failure) {
    return String(failure.message);
  }
}

/** True when one of the header's v1a entries verifies under the raw ed25519 public key. */
function verifiesV1a(check) {
  const key = crypto.createPublicKey({
    key: { kty: "OKP", crv: "Ed25519", x: bytes(check.public_key).toString("base64url") },
    format: "jwk",
  });
  const content = Buffer.concat([Buffer.from(`${check.id}.${check.timestamp}.`), bytes(check.body)]);
  return check.signature
    .split(" ")
    .filter((entry) => entry.startsWith("v1a,"))
    .some((entry) => crypto.verify(null, content, key, bytes(entry.slice(4))));
}

function sign(request) {
  return new Webhook(request.secret).sign(request.id, new Date(request.timestamp * 1000), bytes(request.body));
}

const request = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
process.stdout.write(
  JSON.stringify({
    v1: request.v1.map(verifiesV1),
    v1a: request.v1a.map(verifiesV1a),
    signed: request.sign.map(sign),
  }),
);
