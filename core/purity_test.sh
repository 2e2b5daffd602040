#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Proves core/ is pure: every undefined symbol of the core library is on the
# allowlist (no system calls, clocks, randomness, printing or files), and the
# library has no mutable global (no data, bss or common symbols).
# Usage: purity_test.sh libvigil-core.a purity_allow.txt   (TAP output)
set -u
if [ "${1:-}" = "--selftest" ]; then
	# The checker must fail on a library that prints and keeps a counter.
	allow=$2
	dir=$(mktemp -d) || exit 1
	trap 'rm -rf "$dir"' EXIT
	printf '#include <stdio.h>\nstatic int n;\nint f(void) { puts("x"); return ++n; }\n' > "$dir/bad.c"
	cc -fPIC -c "$dir/bad.c" -o "$dir/bad.o" && ar rcs "$dir/libbad.a" "$dir/bad.o" || exit 1
	out=$(sh "$0" "$dir/libbad.a" "$allow")
	echo "1..2"
	echo "$out" | grep -q "not allowed: puts" && echo "ok 1 - checker flags puts" || echo "not ok 1 - checker missed puts"
	echo "$out" | grep -q "mutable: n " && echo "ok 2 - checker flags a static counter" || echo "not ok 2 - checker missed a static counter"
	echo "$out" | grep -q "not allowed: puts" && echo "$out" | grep -q "mutable: n "
	exit $?
fi
lib=$1
allow=$2
echo "1..2"

# Undefined in some object and defined in none: what the library needs from outside.
defined=$(nm --defined-only "$lib" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u)
bad=$(nm -u "$lib" 2>/dev/null | awk '$1 == "U" { print $2 }' | sort -u |
	while read -r sym; do
		echo "$defined" | grep -qx "$sym" && continue
		grep -qx "$sym" "$allow" || echo "$sym"
	done)
if [ -z "$bad" ]; then
	echo "ok 1 - core undefined symbols are all on the allowlist"
else
	echo "not ok 1 - core references symbols outside the allowlist"
	echo "$bad" | sed 's/^/# not allowed: /'
fi

# Objects in writable sections. .data.rel.ro holds const tables that need
# relocation (read-only after load), so it is not mutable state.
globals=$(objdump -t "$lib" 2>/dev/null |
	awk '/^[0-9a-f]+ / && / O / {
		for (i = 2; i <= NF; i++) if ($i ~ /^[.*]/) { sec = $i; break }
		if (sec ~ /^\.data\.rel\.ro/) next
		if (sec ~ /^\.(data|bss|tdata|tbss|sdata|sbss)(\.|$)/ || sec == "*COM*") print $NF " (" sec ")"
	}')
if [ -z "$globals" ]; then
	echo "ok 2 - core has no mutable globals"
else
	echo "not ok 2 - core has mutable globals"
	echo "$globals" | sed 's/^/# mutable: /'
fi
[ -z "$bad" ] && [ -z "$globals" ]
