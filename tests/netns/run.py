# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs the network-namespace tests (tests/netns/test_*.py) and prints TAP.

    run.py [--daemon PATH] [--peer-daemon PATH] [--supervise-cmd CMD]
           [--tolerance S] [-k SUBSTRING] [-x SUBSTRING] [--list] [--keep] [--cleanup-stale]
           [--skip-status N]

One TAP line per test; timing tests add "# ..." diagnostic lines with their
measured figures.  Exits 77 (skip) when not root or when a tool is missing,
1 when a test failed, 0 otherwise.  A test module defines test_NAME(t)
functions, or a tests(opts) function returning (name, callable) pairs.
"""
import argparse
import importlib
import os
import shutil
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import vgnet  # noqa: E402


Skip = vgnet.Skip
Todo = vgnet.Todo


class T:
    """What a test function gets: options, diagnostics, namespaces."""

    def __init__(self, opts, name):
        self.opts = opts
        self.name = name
        self.diags = []
        self.nets = []
        self.todo_reason = None

    def diag(self, msg):
        self.diags.append(msg)

    def net(self, nodes=2, **kw):
        kw.setdefault("daemon", self.opts.daemon)
        kw.setdefault("keep", self.opts.keep)
        n = vgnet.Net(nodes, **kw)
        self.nets.append(n)
        return n

    def skip(self, reason):
        raise Skip(reason)

    def todo(self, reason):
        """Marks the test as an expected failure from here on."""
        self.todo_reason = reason

    def check(self, cond, msg):
        if not cond:
            raise AssertionError(msg)

    def known(self, cond, msg, daemons, reason):
        """A check that the named daemons (basenames) are known to fail:
        for them a failure makes the test `not ok # TODO reason`, for any
        other daemon it is a plain failure."""
        if cond:
            return
        if os.path.basename(self.opts.daemon) in daemons:
            self.diag("known failure: %s" % msg)
            self.todo_reason = reason
        else:
            raise AssertionError(msg)

    def close(self, failed):
        for n in self.nets:
            if failed:
                for node in n.nodes:
                    tail = node.log().splitlines()[-12:]
                    for line in tail:
                        self.diags.append("%s: %s" % (node.name, line))
                if self.opts.keep:
                    self.diags.append("kept %s" % n.workdir)
            n.destroy()
        self.nets = []


def collect(opts):
    tests = []
    for fname in sorted(os.listdir(HERE)):
        if not (fname.startswith("test_") and fname.endswith(".py")):
            continue
        mod = importlib.import_module(fname[:-3])
        if hasattr(mod, "tests"):
            tests += list(mod.tests(opts))
        else:
            for k, v in vars(mod).items():
                if k.startswith("test_") and callable(v):
                    tests.append((k[5:], v))
    if opts.k:
        tests = [(n, f) for n, f in tests if any(s in n for s in opts.k)]
    if opts.x:
        tests = [(n, f) for n, f in tests if not any(s in n for s in opts.x)]
    return tests


def missing_tools():
    return [t for t in ("ip", "tcpdump", "nft") if not shutil.which(t)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--daemon", default=None,
                    help="daemon binary (keepalived flags); default $VIGIL_DAEMON or keepalived")
    ap.add_argument("--peer-daemon", default=None,
                    help="second daemon for the interop tests (e.g. /usr/sbin/keepalived)")
    ap.add_argument("--supervise-cmd", default=None,
                    help="run in the node namespace after kill -9 of the daemon; "
                         "{conf} is the node's config file, {daemon} the binary")
    ap.add_argument("--tolerance", type=float, default=0.05,
                    help="seconds of scheduling tolerance on timing checks (0.05)")
    ap.add_argument("-k", action="append", help="run only tests whose name contains this")
    ap.add_argument("-x", action="append", help="leave out tests whose name contains this")
    ap.add_argument("--list", action="store_true", help="list the tests and exit")
    ap.add_argument("--skip-status", type=int, default=77,
                    help="exit status when the tests cannot run (77; meson's TAP wants 0)")
    ap.add_argument("--keep", action="store_true", help="keep the work directories")
    ap.add_argument("--cleanup-stale", action="store_true",
                    help="remove vgt* namespaces left by a killed run, then exit")
    opts = ap.parse_args(argv)
    opts.daemon = vgnet.daemon_from_env(opts.daemon)

    if opts.list:
        for name, _ in collect(opts):
            print(name)
        return 0
    if os.geteuid() != 0:
        print("1..0 # SKIP network namespaces need root")
        return opts.skip_status
    if opts.cleanup_stale:
        vgnet.cleanup_stale()
        return 0
    miss = missing_tools()
    if miss or not os.access(opts.daemon, os.X_OK):
        print("1..0 # SKIP missing: %s" % " ".join(miss + ([opts.daemon] if not os.access(
            opts.daemon, os.X_OK) else [])))
        return opts.skip_status

    vgnet.install_cleanup()
    vgnet.cleanup_stale(verbose=False)
    tests = collect(opts)
    print("1..%d" % len(tests))
    print("# daemon %s%s" % (opts.daemon, (", peer " + opts.peer_daemon) if opts.peer_daemon else ""))
    sys.stdout.flush()
    failed = 0
    for i, (name, fn) in enumerate(tests, 1):
        t = T(opts, name)
        t0 = time.monotonic()
        status, reason = "ok", ""
        try:
            fn(t)
        except Skip as e:
            reason = " # SKIP %s" % e
        except Todo as e:
            status, reason = "not ok", " # TODO %s" % e
        except Exception as e:  # a failure, whatever raised it
            status = "not ok"
            if isinstance(e, AssertionError):
                t.diag("failed: %s" % e)
            else:
                t.diag("error: " + "".join(traceback.format_exception_only(type(e), e)).strip())
                for line in traceback.format_exc().splitlines()[-6:]:
                    t.diag(line)
        if t.todo_reason and status == "ok" and not reason:
            status, reason = "not ok", " # TODO %s" % t.todo_reason
        try:
            t.close(status == "not ok" and not reason)
        except Exception as e:
            t.diag("cleanup: %s" % e)
        if status == "not ok" and not reason:
            failed += 1
        print("%s %d - %s%s" % (status, i, name, reason))
        for d in t.diags:
            print("# %s" % d)
        print("# (%.1f s)" % (time.monotonic() - t0))
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
