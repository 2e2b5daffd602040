# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared helpers of the metrics tests: TAP output, HTTP inside a namespace,
the exposition parsed into samples.  The namespaces come from
tests/netns/vgnet.py with this folder's prefix (vgmet<pid>-)."""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "netns"))
import vgnet  # noqa: E402

vgnet.PREFIX = "vgmet"
PYTHON = vgnet.PYTHON

_GET = r"""
import json, sys, urllib.request, urllib.error
req = urllib.request.Request(sys.argv[1], method=sys.argv[2])
try:
    with urllib.request.urlopen(req, timeout=5) as r:
        out = {"status": r.status, "headers": dict(r.headers), "body": r.read().decode()}
except urllib.error.HTTPError as e:
    out = {"status": e.code, "headers": dict(e.headers), "body": e.read().decode()}
except Exception as e:
    out = {"status": 0, "headers": {}, "body": str(e)}
print(json.dumps(out))
"""


def http(ns, url, method="GET"):
    """(status, headers, body) of one request made from namespace ns."""
    out = vgnet.run([PYTHON, "-c", _GET, url, method], ns=ns, timeout=20)
    r = json.loads(out)
    return r["status"], r["headers"], r["body"]


_SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def samples(text):
    """[(name, {label: value}, float)] of an exposition."""
    out = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = _SAMPLE.match(line)
        if not m:
            raise AssertionError("not a sample line: %r" % line)
        labels = dict(_LABEL.findall(m.group(3) or ""))
        out.append((m.group(1), labels, float(m.group(4))))
    return out


def value(text, name, **labels):
    """The value of the one sample of name with these labels (None: absent)."""
    for n, l, v in samples(text):
        if n == name and all(l.get(k) == str(x) for k, x in labels.items()):
            return v
    return None


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, what, diag=None):
        self.n += 1
        print("%s %d - %s" % ("ok" if cond else "not ok", self.n, what), flush=True)
        if not cond:
            self.failed += 1
            for line in (diag or "").splitlines()[-40:]:
                print("# " + line)
        return cond

    def done(self):
        print("1..%d" % self.n)
        return 1 if self.failed else 0


def skip_all(why, status):
    print("1..0 # SKIP %s" % why)
    sys.exit(status)


def need(tools, skip_status):
    if os.geteuid() != 0:
        skip_all("needs root (network namespaces)", skip_status)
    for t in tools:
        if not os.path.exists(t):
            skip_all("%s is not installed (Debian package prometheus)" % t, skip_status)


def begin(doc, tools):
    """The start of a metrics test run as `SCRIPT VIGILD [--skip-status N]`: skip
    (TAP, status N, default 77) without root or one of `tools`, install the
    namespace cleanup; returns (the vigild path, a Tap).  Bad usage prints `doc`
    and exits 2."""
    argv = sys.argv[1:]
    skip_status = 77
    if "--skip-status" in argv:
        i = argv.index("--skip-status")
        skip_status = int(argv[i + 1])
        del argv[i:i + 2]
    if len(argv) != 1:
        print(doc, file=sys.stderr)
        sys.exit(2)
    need(tools, skip_status)
    daemon = os.path.abspath(argv[0])
    t = Tap()
    vgnet.install_cleanup()
    return daemon, t
