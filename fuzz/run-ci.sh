#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the libFuzzer harnesses with clang and run each for a short fixed
# time from the committed corpus (fuzz/corpus/<t> plus fuzz/regressions/<t>).
# Fails when a harness finds a crash, a leak or a timeout; prints one line
# per harness: "fuzz-<t>: N execs, cov X".
#
#   fuzz/run-ci.sh [SECONDS]            (default 20 per harness)
#   env: BUILD (default build-fuzz), TARGETS (default "packet config events sim http smtp dns ipvs_reply record bfd syn")
#
# Needs clang and its libFuzzer runtime (Debian: clang, libclang-rt-14-dev).
# New inputs the run finds go to a scratch directory, not into the corpus;
# a crash input is saved as $BUILD/fuzz-artifacts/crash-* (add it to
# fuzz/regressions/<t>/ once the bug is fixed).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
secs=${1:-20}
build=${BUILD:-$src/build-fuzz}
targets=${TARGETS:-"packet config events sim http smtp dns ipvs_reply record bfd syn"}

if ! command -v clang >/dev/null 2>&1; then
	echo "fuzz/run-ci.sh: clang not found (apt-get install clang libclang-rt-14-dev)" >&2
	exit 1
fi
if [ ! -f "$build/build.ninja" ]; then
	CC=clang meson setup "$build" "$src" -Dfuzz=true >/dev/null
fi
ninja -C "$build" $(for t in $targets; do printf 'fuzz/fuzz-%s ' "$t"; done) >/dev/null

art="$build/fuzz-artifacts"
mkdir -p "$art"
failed=0
for t in $targets; do
	scratch=$(mktemp -d)
	dict=""
	case $t in
	config) dict="-dict=$here/dict/config.dict" ;;
	packet | events) dict="-dict=$here/dict/packet.dict" ;;
	http | smtp) dict="-dict=$here/dict/$t.dict" ;;
	esac
	log="$art/fuzz-$t.log"
	mkdir -p "$here/regressions/$t"
	set +e
	(cd "$art" && "$build/fuzz/fuzz-$t" -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
		-rss_limit_mb=2048 -artifact_prefix="$art/fuzz-$t-" $dict \
		"$scratch" "$here/corpus/$t" "$here/regressions/$t") >"$log" 2>&1
	rc=$?
	set -e
	rm -rf "$scratch"
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | sed 's/cov: //')
	echo "fuzz-$t: ${execs:-0} execs, cov ${cov:-0}"
	if [ "$rc" -ne 0 ]; then
		echo "fuzz-$t: FAILED (exit $rc), log $log:" >&2
		grep -E 'ERROR|invariant|violation|SUMMARY|Test unit written' "$log" >&2 || tail -n 20 "$log" >&2
		failed=1
	fi
done
exit $failed
