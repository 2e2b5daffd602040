#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build one harness with AFL++ (afl-clang-fast and its libFuzzer-compatible
# driver: -fsanitize=fuzzer links libAFLDriver) and fuzz it for N seconds.
#
#   fuzz/afl.sh TARGET [SECONDS] [INSTANCES]   (default 60 s, 1 instance)
#   env: BUILD (default build-afl), OUT (default $BUILD/afl-out-TARGET)
#
# INSTANCES > 1 runs one main (-M) and secondaries (-S) on the same output
# directory (one core each). Needs the Debian package afl++. Exits 1 when
# AFL++ saved a crash (in $OUT/*/crashes/).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
t=${1:?usage: fuzz/afl.sh TARGET [SECONDS] [INSTANCES]}
secs=${2:-60}
inst=${3:-1}
build=${BUILD:-$src/build-afl}
out=${OUT:-$build/afl-out-$t}

command -v afl-clang-fast >/dev/null 2>&1 || { echo "fuzz/afl.sh: install afl++" >&2; exit 1; }
if [ ! -f "$build/build.ninja" ]; then
	CC=afl-clang-fast meson setup "$build" "$src" -Dfuzz=true -Dtests=disabled >/dev/null
fi
ninja -C "$build" "fuzz/fuzz-$t" >/dev/null

dict=""
case $t in
config) dict="-x $here/dict/config.dict" ;;
packet | events) dict="-x $here/dict/packet.dict" ;;
esac
# AFL++ wants one seed directory: the corpus plus the regression inputs.
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"; kill $pids 2>/dev/null || true' EXIT INT TERM
cp "$here/corpus/$t/"* "$seeds/" 2>/dev/null || true
cp "$here/regressions/$t/"* "$seeds/" 2>/dev/null || true
[ -n "$(ls "$seeds")" ] || printf 'x' >"$seeds/empty"
mkdir -p "$out"

export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_AFFINITY=1 AFL_QUIET=1
pids=""
i=1
while [ "$i" -le "$inst" ]; do
	role="-S s$i"
	[ "$i" -eq 1 ] && role="-M main"
	# shellcheck disable=SC2086
	afl-fuzz -i "$seeds" -o "$out" $role -V "$secs" -t 10000 $dict -- "$build/fuzz/fuzz-$t" \
		>"$out/afl-$i.log" 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
rc=0
for p in $pids; do
	wait "$p" || rc=1
done
pids=""
execs=$(cat "$out"/*/fuzzer_stats 2>/dev/null | sed -n 's/^execs_done *: *//p' | awk '{s+=$1} END {print s+0}')
cov=$(sed -n 's/^bitmap_cvg *: *//p' "$out"/main/fuzzer_stats 2>/dev/null | head -n 1)
crashes=$(find "$out" -path '*/crashes/id:*' 2>/dev/null | wc -l)
echo "afl fuzz-$t: $execs execs, bitmap coverage ${cov:-?}, $crashes crashes (output $out)"
[ "$rc" -eq 0 ] || { echo "afl-fuzz failed: see $out/afl-*.log" >&2; exit 1; }
[ "$crashes" -eq 0 ]
