# SPDX-License-Identifier: GPL-2.0-or-later
"""Count test results in meson testlog.json files: every TAP "ok" / "not ok"
line of a test is one test; a test that printed no TAP counts by its own
result, and a test that crashed after some "ok" lines counts one failure.
Prints "N passed, N failed" and exits 1 if anything failed."""
import json
import re
import sys

TAP = re.compile(r"^(not ok|ok)\b(.*)$")


def count(rec):
    """(passed, failed, skipped) of one test record."""
    if rec.get("result") == "SKIP":
        return 0, 0, 1
    ok_result = rec.get("result") in ("OK", "EXPECTEDFAIL")
    results = [TAP.match(l) for l in (rec.get("stdout") or "").splitlines()]
    results = [(m.group(1), m.group(2)) for m in results if m]
    if not results:
        return (1, 0, 0) if ok_result else (0, 1, 0)
    passed = failed = skipped = 0
    for status, rest in results:
        if "# SKIP" in rest.upper() or (status == "not ok" and "# TODO" in rest.upper()):
            skipped += 1  # a TODO "not ok" is an expected failure, not a failure
        elif status == "ok":
            passed += 1
        else:
            failed += 1
    if not ok_result and failed == 0:
        failed += 1
    return passed, failed, skipped


def main(paths):
    total = [0, 0, 0]
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                for i, n in enumerate(count(json.loads(line))):
                    total[i] += n
    passed, failed, skipped = total
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["build/meson-logs/testlog.json"]))
