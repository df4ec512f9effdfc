#!/usr/bin/env python3
"""jcheck.py FILE EXPR...: every EXPR (Python, `j` is the JSON document)
must be true.  Prints the first failing expression and exits 1."""
import json
import sys

with open(sys.argv[1]) as f:
    j = json.load(f)


def sub(name):
    """The subtree entry called name."""
    return next(s for s in j["subtrees"] if s["name"] == name)


for e in sys.argv[2:]:
    try:
        ok = eval(e)
    except Exception as ex:  # noqa: BLE001 - report any failure
        print(f"{e}: {ex!r}")
        sys.exit(1)
    if not ok:
        print(f"false: {e}")
        sys.exit(1)
