# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: TAP helpers for tests run in the ipvs-vm guest (/bin/sh is dash).  A test
# does `. /test/tap.sh`, its checks, and ends with `finish`, which prints the
# plan (1..N, after the checks: a test that dies early has none, and meson
# fails it) unless `plan N` came first, and is the exit status: 0 when every
# check passed.  Output goes to stdout, which the runner passes through to
# meson's TAP parser.
_tap_n=0
_tap_failed=0

_tap_planned=""

plan() { echo "1..$1"; _tap_planned=1; }
diag() { echo "$*" | sed 's/^/# /'; }

ok() {  # ok CONDITION_STATUS NAME
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		_tap_failed=$((_tap_failed + 1))
		echo "not ok $_tap_n - $2"
	fi
}

run() {  # run NAME CMD...: ok when CMD exits 0; its output as diagnostics when not
	_name=$1
	shift
	_out=$("$@" 2>&1)
	_rc=$?
	ok $_rc "$_name"
	[ $_rc -eq 0 ] || diag "$* -> status $_rc: $_out"
	return $_rc
}

is() {  # is GOT WANT NAME: ok when the two strings are equal (shows a diff when not)
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '%s\n' "$2" >/tmp/.tap_want
		printf '%s\n' "$1" >/tmp/.tap_got
		diff -u /tmp/.tap_want /tmp/.tap_got | sed 's/^/# /'
	fi
}

skip() {  # skip REASON: one skipped check
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n # SKIP $1"
}

finish() {
	[ -n "$_tap_planned" ] || echo "1..$_tap_n"
	[ $_tap_failed -eq 0 ]
}
