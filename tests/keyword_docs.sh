#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The keyword coverage table (core/conf/keyword_status.c) against the docs
# and keepalived.conf(5): docs/config.md holds exactly what `vigil check
# --keywords` prints, and every keyword the installed keepalived.conf(5)
# documents (a bold word opening a line) has a status. TAP.
# Usage: keyword_docs.sh path/to/vigil path/to/docs/config.md
#        keyword_docs.sh --update path/to/vigil path/to/docs/config.md   (rewrites the table)
set -u
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
vigil=$1
doc=$2
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT

"$vigil" check --keywords > "$dir/table" || { echo "Bail out! vigil check --keywords failed"; exit 1; }
# the docs' table: the lines between the markers
sed -n '/^<!-- keywords:begin/,/^<!-- keywords:end/p' "$doc" | sed '1d;$d' > "$dir/doc"

if [ $update = 1 ]; then
	awk -v table="$dir/table" '
		/^<!-- keywords:begin/ { print; while ((getline l < table) > 0) print l; skip = 1; next }
		/^<!-- keywords:end/ { skip = 0 }
		!skip { print }' "$doc" > "$dir/new" && cat "$dir/new" > "$doc"
	echo "keyword table of $doc updated"
	exit 0
fi

echo "1..4"
n=0
t() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

[ -s "$dir/doc" ] && diff -u "$dir/doc" "$dir/table" > "$dir/diff"
t $? "docs/config.md's keyword table is what 'vigil check --keywords' prints (rerun with --update)"
[ -s "$dir/diff" ] && sed 's/^/# /' "$dir/diff" | head -20

# every line has a status, and a reason unless vigild acts on it
awk -F' [|] ' '/^\| [^-]/ && $2 != "keyword" {
	if ($3 != "vigild" && $3 != "simulator only" && $3 != "not supported yet" && $3 != "ignored, as keepalived") bad++
	if ($3 != "vigild" && $4 ~ /^ *\|?$/) bad++
} END { exit bad > 0 }' "$dir/table"
t $? "every keyword has a status, and a reason when vigild does not act on it"

# the table's count line agrees with its lines
total=$(($(grep -c '^| ' "$dir/table") - 2))
head -1 "$dir/table" | grep -q "^$total keywords"
t $? "the count line says $total keywords"

man=$(man -w keepalived.conf 2>/dev/null || true)
if [ -z "$man" ] || [ ! -r "$man" ]; then
	echo "ok 4 # SKIP keepalived.conf(5) is not installed"
	exit 0
fi
# keywords: a bold word opening a line; headings and prose in bold are not keywords
{ case "$man" in *.gz) zcat "$man" ;; *) cat "$man" ;; esac; } |
	sed -n 's/^[[:space:]]*\\fB[[:space:]]*\([A-Za-z_][A-Za-z0-9_-]*\).*/\1/p' | sort -u |
	grep -vxE 'BFD|GLOBAL|Global|Important|LVS|NOT|Note|NOTE|Static|VRRP|VRRPD|Virtual|keepalived|start|val1' > "$dir/man"
sed -n 's/^| [^|]* | `\([^`]*\)` |.*/\1/p' "$dir/table" | sort -u > "$dir/known"
comm -23 "$dir/man" "$dir/known" > "$dir/missing"
[ "$(wc -l < "$dir/man")" -gt 300 ] && [ ! -s "$dir/missing" ]
t $? "every keyword of keepalived.conf(5) ($(wc -l < "$dir/man") words) has a status"
[ -s "$dir/missing" ] && sed 's/^/# missing: /' "$dir/missing"
exit 0
