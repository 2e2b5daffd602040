#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: scripts/setup installs every build dependency that debian/control names
# (TAP), so a machine prepared by scripts/setup can build the package.
# Usage: setup_deps.sh SOURCE_ROOT
set -u
root=${1:?usage: setup_deps.sh SOURCE_ROOT}
echo "1..1"
# Build-Depends: the field and its continuation lines, one name per entry,
# versions, architecture lists and build profiles dropped.
deps=$(sed -n '/^Build-Depends:/,/^[A-Za-z-]*:/p' "$root/debian/control" | sed '$d' |
	sed 's/^Build-Depends://' | tr ',' '\n' |
	sed -e 's/([^)]*)//g' -e 's/\[[^]]*\]//g' -e 's/<[^>]*>//g' | awk 'NF { print $1 }')
pkgs=$(sed -n '/^PKGS="/,/"$/p' "$root/scripts/setup" | tr -d '"\\' | sed 's/^PKGS=//')
missing=""
for d in $deps; do
	case $d in debhelper-compat) d=debhelper ;; esac
	echo " $pkgs " | tr '\n' ' ' | grep -q " $d " || missing="$missing $d"
done
if [ -n "$deps" ] && [ -z "$missing" ]; then echo "ok 1 - scripts/setup installs every Build-Depends of debian/control"
else echo "not ok 1 - not in scripts/setup's PKGS:${missing:- (no Build-Depends found)}"; exit 1; fi
