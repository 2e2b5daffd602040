#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: repository rules that no compiler checks (TAP).
#  1. No tracked file names an absolute path of a machine (a checkout, a
#     home directory): documents refer to ../shared/... relatively.
#  2. Every source file carries an SPDX licence line near its top.
#  3. The style guide the code cites is in the repository (docs/style.md).
# Usage: repo_hygiene.sh SOURCE_ROOT
set -u
root=${1:?usage: repo_hygiene.sh SOURCE_ROOT}
cd "$root" || exit 1
echo "1..3"
if ! command -v git >/dev/null 2>&1 || ! git rev-parse --git-dir >/dev/null 2>&1; then
	echo "ok 1 # SKIP not a git checkout"; echo "ok 2 # SKIP not a git checkout"
else
	# Build the pattern in pieces so this file does not match itself.
	# (keepalived.conf samples keep their users' script paths: data, not ours.)
	pat='/''work/'
	bad=$(git ls-files -z | xargs -0 grep -IlE "$pat" -- 2>/dev/null || true)
	if [ -z "$bad" ]; then echo "ok 1 - no machine path in tracked files"
	else echo "not ok 1 - machine paths in:"; echo "$bad" | sed 's/^/#   /'; fi
	nospdx=""
	for f in $(git ls-files '*.c' '*.h' '*.py' '*.sh' 'meson.build' '*/meson.build'); do
		head -n 5 "$f" | grep -q 'SPDX-License-Identifier' || nospdx="$nospdx $f"
	done
	if [ -z "$nospdx" ]; then echo "ok 2 - every source file has an SPDX line"
	else echo "not ok 2 - no SPDX line in:$nospdx"; fi
fi
if [ -s docs/style.md ]; then echo "ok 3 - docs/style.md present"; else echo "not ok 3 - docs/style.md missing"; fi
