#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run the RFC 5798 / RFC 3768 conformance suite and write its report.

  run.py --mode offline --vigil build/cli/vigil [--tap]
  run.py --mode live --daemon PATH [--column live|keepalived] [--tap]   (root)
  run.py --report docs/conformance.md                                   (from saved results)

Every run saves its results to conformance/results/<column>.json (column:
offline, live or keepalived); --report merges whatever is saved into one
markdown table, one row per requirement. --only NAME[,NAME] runs some tests.
Exit status: 0 all passed (known deviations excepted), 1 a test failed,
77 live mode without root (skip).
"""

import argparse
import datetime
import json
import os
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from vrrp_conform import registry, report  # noqa: E402
from vrrp_conform import tests_rfc3768, tests_rfc5798  # noqa: E402,F401  (register the tests)
from vrrp_conform.known import KNOWN  # noqa: E402

RESULTS = os.path.join(HERE, "results")


def run_tests(h, column, only, tap):
    tests = sorted(registry.TESTS, key=registry.Requirement.sort_key)
    if only:
        tests = [t for t in tests if t.name in only]
    results = {}
    failed = 0
    print("1..%d" % len(tests), flush=True)
    for i, req in enumerate(tests, 1):
        label = "%s %s %s" % (req.rfc, req.section, req.name)
        known = KNOWN.get(column, {}).get(req.name)
        started = time.monotonic()
        status, detail = "pass", ""
        try:
            if column != "offline" and not req.live:
                raise registry.Skip(req.live_reason or "no live version")
            req.func(h)
        except registry.Skip as e:
            status, detail = "skip", str(e)
        except registry.CheckFailed as e:
            status, detail = "fail", str(e)
        except Exception as e:  # a harness problem is a failure too, with its trace
            status, detail = "error", "%s: %s" % (type(e).__name__, e)
            if not tap:
                traceback.print_exc()
        secs = time.monotonic() - started
        if status == "skip":
            print("ok %d - %s # SKIP %s" % (i, label, detail))
        elif status == "pass":
            print("ok %d - %s%s" % (i, label, " # known deviation did not show: %s" % known if known else ""))
        elif known:
            status = "known"
            print("not ok %d - %s # TODO known deviation: %s" % (i, label, known))
            print("# " + detail.replace("\n", "\n# "))
        else:
            failed += 1
            print("not ok %d - %s" % (i, label))
            print("# " + detail.replace("\n", "\n# "))
        sys.stdout.flush()
        results[req.name] = dict(status=status, detail=detail[:400], seconds=round(secs, 2))
    print("# %d tests, %d failed" % (len(tests), failed))
    return results, failed


def save(column, results, only, meta):
    os.makedirs(RESULTS, exist_ok=True)
    path = os.path.join(RESULTS, column + ".json")
    old = {}
    if only and os.path.exists(path):
        with open(path) as f:
            old = json.load(f).get("results", {})
    old.update(results)
    with open(path, "w") as f:
        json.dump(dict(meta, results=old), f, indent=1, sort_keys=True)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=["offline", "live"])
    ap.add_argument("--vigil", help="the vigil binary (offline)")
    ap.add_argument("--daemon", help="the daemon under test (live): vigild or keepalived")
    ap.add_argument("--column", help="result column: offline, live or keepalived (default from mode/daemon)")
    ap.add_argument("--tap", action="store_true", help="TAP only (meson); do not save results")
    ap.add_argument("--save", action="store_true", help="save results even with --tap")
    ap.add_argument("--only", help="comma-separated test names")
    ap.add_argument("--report", help="write the markdown report from the saved results")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    a = ap.parse_args()
    only = set(a.only.split(",")) if a.only else None
    rc = 0
    if a.mode:
        column = a.column or ("offline" if a.mode == "offline" else
                              "keepalived" if "keepalived" in os.path.basename(a.daemon or "") else "live")
        work = tempfile.mkdtemp(prefix="vgcf-")
        if a.mode == "offline":
            from vrrp_conform.harness import Offline
            if not a.vigil:
                ap.error("--mode offline needs --vigil")
            h = Offline(a.vigil, work)
            subject = "vigil conform (%s)" % a.vigil
        else:
            if os.geteuid() != 0:
                print("1..0 # SKIP live mode needs root (network namespaces)")
                return 77
            if not a.daemon or not os.access(a.daemon, os.X_OK):
                print("1..0 # SKIP daemon under test not found: %s" % a.daemon)
                return 77
            from vrrp_conform.live import Live
            h = Live(a.daemon, work)
            subject = a.daemon
        try:
            results, failed = run_tests(h, column, only, a.tap)
        finally:
            h.close()
            if not a.keep:
                import shutil
                shutil.rmtree(work, ignore_errors=True)
            else:
                print("# work directory kept: %s" % work)
        if not a.tap or a.save:
            save(column, results, only, dict(subject=subject, mode=a.mode,
                                             date=datetime.date.today().isoformat()))
        rc = 1 if failed else 0
    if a.report:
        report.write(a.report, RESULTS)
        print("# report written to %s" % a.report)
    if not a.mode and not a.report:
        ap.error("nothing to do: give --mode and/or --report")
    return rc


if __name__ == "__main__":
    sys.exit(main())
