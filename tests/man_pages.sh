#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: the manual pages (man/*.scd, built into BUILD/man) are well-formed and
# keep up with the code (TAP):
#  - `man --warnings` prints nothing for each page;
#  - every long option that `vigild --help` prints appears in vigild(8);
#  - every command `vigil --help` lists has its section in vigil(1), and every
#    long option of `vigil COMMAND --help` appears in vigil(1).
# The options are read from the built binaries, so an option added to the code
# without its man page entry fails here.
# Usage: man_pages.sh VIGILD VIGIL MANDIR
set -u
vigild=${1:?usage: man_pages.sh VIGILD VIGIL MANDIR}
vigil=${2:?usage}
mandir=${3:?usage}
if ! command -v man >/dev/null 2>&1; then echo "1..0 # SKIP man (man-db) is not installed"; exit 0; fi
if [ ! -f "$mandir/vigild.8" ]; then echo "1..0 # SKIP manual pages not built (scdoc missing or -Dman=disabled)"; exit 0; fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }

# Long options in a --help text: --name, --name=ARG, --name[=ARG].
long_opts() { grep -oE -- '--[A-Za-z0-9][A-Za-z0-9_-]*' | sort -u; }
# The page as plain text, one long line per paragraph (no hyphenation at a wrap).
render() { MANWIDTH=10000 man -l "$1" 2>/dev/null; }
# check_opts PAGE WHAT OPTIONS: every option in OPTIONS appears in PAGE's text.
check_opts() {
	missing=""
	for o in $3; do
		grep -qF -- "$o" "$tmp/$1.txt" || missing="$missing $o"
	done
	if [ -z "$missing" ]; then ok "$2: every long option is in $1"
	else notok "$2: not in $1:$missing (add them to man/$1.scd)"; fi
}

for page in vigild.8 vigil.1 vigil-scenario.5; do
	if [ ! -f "$mandir/$page" ]; then notok "$page built"; continue; fi
	warn=$(MANWIDTH=80 man --warnings -l "$mandir/$page" 2>&1 >/dev/null)
	if [ -z "$warn" ]; then ok "$page: man --warnings is silent"
	else notok "$page: man --warnings:"; echo "$warn" | sed 's/^/#   /'; fi
	render "$mandir/$page" > "$tmp/$page.txt"
done

check_opts vigild.8 "vigild --help" "$("$vigild" --help 2>&1 | long_opts)"

# Commands: the lines under "commands:" in `vigil --help`.
cmds=$("$vigil" --help 2>&1 | sed -n '/^commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
if [ -z "$cmds" ]; then notok "vigil --help lists commands"; fi
for c in $cmds; do
	# A command's section heading is the command's name alone on a line.
	if grep -qE "^ *$c$" "$tmp/vigil.1.txt"; then ok "vigil $c has its section in vigil.1"
	else notok "vigil $c has no section in vigil.1 (add '## $c' to man/vigil.1.scd)"; fi
	check_opts vigil.1 "vigil $c --help" "$("$vigil" "$c" --help 2>&1 | long_opts)"
done
check_opts vigil.1 "vigil --help" "$("$vigil" --help 2>&1 | long_opts)"

# A test that can fail: an option missing from a page is reported.
(check_opts vigild.8 "self-test" --no-such-option-here) >"$tmp/self"
if grep -q "^not ok" "$tmp/self"; then ok "a missing option is detected"
else notok "a missing option is detected"; fi

echo "1..$n"
exit $fail
