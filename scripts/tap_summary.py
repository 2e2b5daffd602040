# SPDX-License-Identifier: GPL-2.0-or-later
"""Count test results in meson's testlog.json: every TAP "ok" / "not ok"
line of a TAP test is one test; a test that printed no TAP counts by its
own result. Prints "N passed, N failed" and exits 1 if anything failed."""
import json
import re
import sys

TAP = re.compile(r"^(not ok|ok)\b(.*)$")


def main(path):
    passed = failed = skipped = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            results = []
            for out in (rec.get("stdout") or "").splitlines():
                m = TAP.match(out)
                if m:
                    results.append((m.group(1), m.group(2)))
            if rec.get("result") == "SKIP":
                skipped += 1
                continue
            if not results:
                if rec.get("result") in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                else:
                    failed += 1
                continue
            for status, rest in results:
                if "# SKIP" in rest.upper():
                    skipped += 1
                elif status == "ok":
                    passed += 1
                else:
                    failed += 1
            # a crash after some "ok" lines still fails the test
            if rec.get("result") not in ("OK", "EXPECTEDFAIL") and all(s == "ok" for s, _ in results):
                failed += 1
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/meson-logs/testlog.json"))
