# SPDX-License-Identifier: GPL-2.0-or-later
"""Timing windows of the checker tests (test_checkers.py,
test_checkers_more.py, test_checkers_seeds.py), measured so that a loaded
machine does not fail them and a late verdict still does:

- the clock starts when the real server has really changed: check_servers.py
  writes DIR/state.PORT after it applied a mode (set_mode waits for it), a
  namespace change is timed after its command returned, a DNS change after a
  query saw it;
- the verdict's time is the daemon's own: the timestamp of its "Removing
  service" / "Adding service" log line (keepalived's lines), not the time
  the notify script got to run; with log_all_failures the first failing
  probe's line too, so the retries are timed from inside the daemon;
- the notify_up / notify_down must run after that line (and within
  NOTIFY_LAG of it: fork and exec of a shell on a loaded machine).

The windows themselves are keepalived.conf(5)'s and core/lvs/checker.c's,
written out where each test uses them (down(), up(), misc_down())."""
import os
import re
import time

import vgnet as V

MARGIN = 0.8       # the daemon's own scheduling (late, never early); below the 1 s step one retry
                   # more or less makes with the tests' delay_before_retry 1, so a miscount still fails
EARLY = 0.05       # a span may look this much shorter (log timestamps are taken after the event)
NOTIFY_LAG = 5.0   # verdict line -> the notify script's `date`
WAIT_MORE = 8.0    # how much longer than the window to wait before calling a verdict missing

_TS = re.compile(r"^\w{3} (\w{3}) +(\d+) (\d\d):(\d\d):(\d\d)\.(\d+): (.*)$")
_MON = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


# ---- windows (keepalived.conf(5): delay_loop, retry, delay_before_retry, connect_timeout;
#      core/lvs/checker.c tcp_epilog(), the epilog of every checker but HTTP_GET/SSL_GET/MISC_CHECK)

def down(delay_loop, retry, dbr, fail=0.0):
    """An up server that starts failing is reported down at the (retry+1)-th
    consecutive failure: the first failing probe starts at most delay_loop
    after the change (the last success re-armed the timer delay_loop), each
    retry delay_before_retry after the previous failure; a probe that gets
    no answer takes `fail` (= connect_timeout) to fail, a refused one or a
    negative answer ~0:  delay_loop + (retry + 1) * fail + retry * dbr."""
    return delay_loop + (retry + 1) * fail + retry * dbr


def span(retry, dbr, fail=0.0):
    """First failing probe's result -> the down verdict: retry more probes,
    each delay_before_retry after the previous result, each taking `fail`:
    exactly retry * (dbr + fail) (the lower bound too)."""
    return retry * (dbr + fail)


def up(delay_loop, dbr, inflight=0.0):
    """A down server that recovers is reported up at the first success. While
    down, tcp_epilog() alternates delay_before_retry (retry_it < retry) and
    delay_loop between probes, so the next probe starts at most
    max(delay_loop, delay_before_retry) after the change; a probe in flight
    that will get no answer runs out its connect_timeout first (`inflight`)."""
    return max(delay_loop, dbr) + inflight


# ---- the daemon's log

def log_events(text):
    """[(time.time()-scale seconds, message)] from vigild's log ("Sun Dec 06
    10:28:46.685310: message", local time, no year)."""
    out = []
    now = time.time()
    year = time.localtime(now).tm_year
    for line in text.splitlines():
        m = _TS.match(line)
        if not m:
            continue
        mon, day, hh, mm, ss, frac, msg = m.groups()
        tt = (year, _MON.get(mon, 1), int(day), int(hh), int(mm), int(ss), 0, 0, -1)
        t = time.mktime(tt)
        if t > now + 86400:  # December's line read in January
            t = time.mktime((year - 1,) + tt[1:])
        out.append((t + int(frac) / 10 ** len(frac), msg))
    return out


def log_time(node, pattern, after, timeout=0.0):
    """Time of the first log line at or after `after` whose message matches
    the regex `pattern`; waits up to timeout for it. None if none."""
    rx = re.compile(pattern)

    def find():
        for t, msg in log_events(node.log()):
            if t >= after - 0.002 and rx.search(msg):
                return t
        return None
    ok, _ = V.wait_for(lambda: find() is not None, timeout, 0.05)
    return find() if ok else None


def rs_re(rs, port, proto="tcp"):
    return re.escape("[%s]:%s:%d" % (rs, proto, port))


def verdict_re(up_, rs, port, vs, vport, proto="tcp"):
    """keepalived's table-edit line for a verdict (check/ipwrapper.c)."""
    what = "Adding service %s to VS %s" if up_ else "Removing service %s from VS %s"
    return what % (rs_re(rs, port, proto), rs_re(vs, vport, proto))


def failure_re(rs, port, proto="tcp"):
    """A failing probe of an up server, logged with log_all_failures."""
    return r"connection to %s (failed|timeout)\." % rs_re(rs, port, proto)


# ---- notify scripts (name what epoch lines in DIR/notify.out)

def events(d):
    try:
        with open(os.path.join(d, "notify.out")) as f:
            return [(a, b, float(c)) for a, b, c in (l.split() for l in f if l.strip())]
    except FileNotFoundError:
        return []


def wait_event(d, what, name, after, timeout):
    def find():
        ts = [e[2] for e in events(d) if e[0] == what and e[1] == name and e[2] >= after]
        return min(ts) if ts else None
    ok, _ = V.wait_for(lambda: find() is not None, timeout, 0.02)
    return find() if ok else None


# ---- check_servers.py modes

def _state(d, port):
    try:
        with open(os.path.join(d, "state.%d" % port)) as f:
            w = f.read().split()
        return w[0], float(w[1])
    except (FileNotFoundError, IndexError, ValueError):
        return None, None


def set_mode(d, port, m, timeout=10.0, wait=True):
    """Writes the mode and waits until the server applied it; returns the
    time the change was in force: for "off" and back from it the server's
    time (listener closed or open), for another mode (read by each new
    connection) the time of the write. None if the server never applied it.
    wait=False: just write (before the server starts)."""
    prev, _ = _state(d, port)
    if prev == m:
        return time.time()
    tmp = os.path.join(d, "mode.%d.tmp" % port)
    t0 = time.time()
    with open(tmp, "w") as f:
        f.write(m)
    os.rename(tmp, os.path.join(d, "mode.%d" % port))
    if not wait:
        return t0

    def applied():
        got, at = _state(d, port)
        return at if got == m and at >= t0 - 0.001 else None
    ok, _ = V.wait_for(lambda: applied() is not None, timeout, 0.02)
    if not ok:
        return None
    return applied() if "off" in (m, prev) else t0


def check_window(t, name, what, t0, got, window, fail_t=None, span_=None):
    """The verdict line at `got` (daemon time) came within window + MARGIN of
    the change at t0; with the first failure's line at fail_t, the retries
    took span_ (- EARLY .. + MARGIN; a pair (lo, hi) when a failure may
    come at once or at connect_timeout)."""
    if span_ is not None and not isinstance(span_, tuple):
        span_ = (span_, span_)
    t.check(got is not None, "%s: no %s verdict in the log within %.1f s of the change"
            % (name, what, window + MARGIN + WAIT_MORE))
    t.diag("%s %s %.3f s after the change (window %.2f s)%s"
           % (name, what, got - t0, window,
              "" if fail_t is None or got is None else ", %.3f s after the first failure (%.2f-%.2f s)"
              % ((got - fail_t,) + span_)))
    t.check(got - t0 <= window + MARGIN, "%s: %s %.3f s after the change, window %.2f s + %.1f"
            % (name, what, got - t0, window, MARGIN))
    if span_ is not None:
        t.check(fail_t is not None, "%s: no failure line before the %s verdict" % (name, what))
        t.check(span_[0] - EARLY <= got - fail_t <= span_[1] + MARGIN,
                "%s: first failure -> %s verdict %.3f s, keepalived's retries take %.2f-%.2f s"
                % ((name, what, got - fail_t) + span_))


def check_notify(t, d, name, what, verdict_t):
    """The notify script for this verdict ran after its log line."""
    n = wait_event(d, what, name, verdict_t - 0.01, NOTIFY_LAG)
    t.check(n is not None, "%s: no notify_%s within %.1f s of the verdict line" % (name, what, NOTIFY_LAG))
    return n
