"""Maps an Ashby assessment.start body to a Knit record.new event and signs it, through the
Python binding. Prints the event and its X-Knit-Signature; on failure, the library's message.

Usage: python3 map_and_sign.py START.json [PACKAGES.json]
The binding finds the shared library through the environment variable ASHBYKNIT_LIBRARY.
"""
import os
import sys

import ashbyknit


def read_bytes(path):
    with open(path, "rb") as file:
        return file.read()


def main(argv):
    if len(argv) not in (2, 3):
        print("usage: map_and_sign.py START.json [PACKAGES.json]", file=sys.stderr)
        return 2
    body = read_bytes(argv[1])
    packages = read_bytes(argv[2]) if len(argv) == 3 else None
    # A real key comes from configuration; the demo key only lets the example run as it is.
    key = os.environb.get(b"AK_SIGNING_KEY", b"demo-signing-key")
    try:
        event = ashbyknit.map_start(body, packages_json=packages)
        signature = ashbyknit.knit_sign(key, event.encode())
    except ashbyknit.Error as error:
        print(f"map_and_sign: {error.status_name}: {error.message}", file=sys.stderr)
        return 1
    print(event)
    print(f"X-Knit-Signature: {signature}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
