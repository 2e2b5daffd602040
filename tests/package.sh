#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: the Debian package builds from the tree, is lintian-clean, installs,
# works and leaves nothing behind (TAP; root only).
# Copies the tracked tree (plus untracked, not ignored files) to a temporary
# folder, so no build artefact lands in the checkout; runs dpkg-buildpackage
# -us -uc -b there (DEB_BUILD_OPTIONS=nocheck: the unit suite runs in the
# project's own test run); lintian with no warning or error; dpkg -i; vigild -t
# on the installed example in a network namespace that has an eth0; man -w
# vigild; vigil sim on an installed scenario; the unit installed but neither
# enabled nor started; keepalived's files untouched; then dpkg --purge and
# checks nothing of the package is left. Prints the time of each step.
# Skips (with the reason) when not root, without dpkg-buildpackage or the
# build dependencies, or when a package named vigil is already installed.
# Usage: package.sh SOURCE_ROOT VERSION
set -u
src=${1:?usage: package.sh SOURCE_ROOT VERSION}
version=${2:?usage: package.sh SOURCE_ROOT VERSION}
skip() { echo "1..0 # SKIP $1"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "not root (dpkg -i needs root)"
for t in dpkg-buildpackage dpkg-checkbuilddeps dh; do
	command -v "$t" >/dev/null 2>&1 || skip "$t missing (scripts/setup installs dpkg-dev, debhelper)"
done
# Installed in any state but not-installed (dpkg may keep a not-installed record after a purge).
vigil_present() {
	case $(dpkg-query -W -f='${Status}' vigil 2>/dev/null) in
	"" | *" not-installed") return 1 ;;
	*) return 0 ;;
	esac
}
if vigil_present; then
	skip "a package named vigil is installed already; not touching it"
fi
missing=$(cd "$src" && dpkg-checkbuilddeps 2>&1) || skip "build dependencies missing: $missing"

tmp=$(mktemp -d /tmp/vigil-package.XXXXXX) || exit 1
ns=vgpkg$$
installed=0
cleanup() {
	[ "$installed" -eq 1 ] && dpkg --purge vigil >/dev/null 2>&1
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
show() { sed 's/^/#   /' "$1" | tail -n "${2:-40}"; }
t0=$(date +%s)
step=$t0
lap() { now=$(date +%s); echo "# $1: $((now - step)) s"; step=$now; }
# dpkg waits for no lock: retry while another dpkg/apt holds it.
dpkg_retry() {
	i=0
	while :; do
		"$@" >"$tmp/dpkg.log" 2>&1 && return 0
		grep -q "lock" "$tmp/dpkg.log" && [ $i -lt 20 ] || return 1
		i=$((i + 1)); sleep 3
	done
}

# 1. A copy of the tree outside the checkout.
mkdir -p "$tmp/vigil-$version"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$src" && git ls-files -z --cached --others --exclude-standard |
		tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -xf - -C "$tmp/vigil-$version"
else
	(cd "$src" && tar --exclude=./build --exclude='./build-*' --exclude=./obj-* -cf - .) |
		tar -xf - -C "$tmp/vigil-$version"
fi
if [ -f "$tmp/vigil-$version/debian/control" ]; then ok "tree copied to a temporary folder"
else notok "tree copied (no debian/control)"; echo "1..$n"; exit 1; fi
cv=$(cd "$tmp/vigil-$version" && dpkg-parsechangelog -S Version)
if [ "$cv" = "$version" ]; then ok "debian/changelog version $cv is the project's"
else notok "debian/changelog version $cv, meson project version $version (add a changelog entry)"; fi
lap "copy"

# 2. Build.
artefacts() {
	(cd "$src" && ls -d obj-* debian/vigil debian/.debhelper debian/files debian/debhelper-build-stamp \
		debian/*.substvars 2>/dev/null)
}
artefacts_before=$(artefacts)
jobs=$(nproc 2>/dev/null || echo 2)
if (cd "$tmp/vigil-$version" && DEB_BUILD_OPTIONS="nocheck parallel=$jobs" \
	dpkg-buildpackage -us -uc -b >"$tmp/build.log" 2>&1); then
	ok "dpkg-buildpackage -us -uc -b"
else
	notok "dpkg-buildpackage -us -uc -b"; show "$tmp/build.log" 60; echo "1..$n"; exit 1
fi
deb=$(ls "$tmp"/vigil_"$version"_*.deb 2>/dev/null | head -n 1)
lap "dpkg-buildpackage"
# The build left no artefact in the checkout (debian/vigil, debian/.debhelper, obj-*, ...).
artefacts_after=$(artefacts)
if [ "$artefacts_after" = "$artefacts_before" ]; then ok "no build artefact added to the checkout"
else notok "build artefacts added to the checkout:"; echo "$artefacts_after" | sed 's/^/#   /'; fi

# 3. lintian, at the warning level (overrides only in debian/*.lintian-overrides, with a reason).
if command -v lintian >/dev/null 2>&1; then
	lintian --fail-on warning "$tmp"/vigil_"$version"_*.changes >"$tmp/lintian.log" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && ! grep -qE '^[WE]: ' "$tmp/lintian.log"; then ok "lintian: no warning or error"
	else notok "lintian: warnings or errors"; show "$tmp/lintian.log"; fi
	lap "lintian"
else
	echo "ok $((n = n + 1)) - lintian # SKIP lintian not installed"
fi

# 4. Install beside keepalived (if it is installed: its files must stay as they are).
ka=0
if dpkg-query -W -f='${Status}' keepalived 2>/dev/null | grep -q "ok installed"; then
	ka=1; dpkg --verify keepalived >"$tmp/ka.before" 2>&1
fi
if dpkg_retry dpkg -i "$deb"; then installed=1; ok "dpkg -i $(basename "$deb")"
else notok "dpkg -i $(basename "$deb")"; show "$tmp/dpkg.log"; echo "1..$n"; exit 1; fi
lap "dpkg -i"
if [ $ka -eq 1 ]; then
	dpkg --verify keepalived >"$tmp/ka.after" 2>&1
	if cmp -s "$tmp/ka.before" "$tmp/ka.after" && dpkg-query -W -f='${Status}' keepalived | grep -q "ok installed"
	then ok "keepalived still installed, its files unchanged"
	else notok "keepalived changed by installing vigil"; show "$tmp/ka.after"; fi
else
	echo "ok $((n = n + 1)) - beside keepalived # SKIP keepalived not installed"
fi
missing=""
for f in /usr/sbin/vigild /usr/bin/vigil /lib/systemd/system/vigild.service \
	/usr/share/doc/vigil/copyright /usr/share/doc/vigil/examples/keepalived.conf; do
	[ -e "$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then ok "files in place"; else notok "missing:$missing"; fi

# 5. The installed daemon checks the installed example (eth0 exists in the namespace).
if ip netns add "$ns" 2>"$tmp/ns.log" &&
	ip -n "$ns" link add eth0 type veth peer name eth1 2>>"$tmp/ns.log" &&
	ip -n "$ns" link set eth0 up 2>>"$tmp/ns.log"; then
	if ip netns exec "$ns" /usr/sbin/vigild -t -f /usr/share/doc/vigil/examples/keepalived.conf \
		>"$tmp/t.log" 2>&1; then ok "vigild -t -f on the installed example: exit 0"
	else notok "vigild -t -f on the installed example: exit $?"; show "$tmp/t.log"; fi
else
	echo "ok $((n = n + 1)) - vigild -t # SKIP no network namespace: $(head -n 1 "$tmp/ns.log")"
fi
if /usr/bin/vigil sim -q /usr/share/doc/vigil/examples/scenarios/failover.scn >"$tmp/sim.log" 2>&1
then ok "installed vigil sim runs an installed scenario"
else notok "installed vigil sim runs an installed scenario"; show "$tmp/sim.log"; fi
if command -v man >/dev/null 2>&1; then
	for p in vigild vigil vigil-scenario; do
		w=$(man -w "$p" 2>&1)
		case $w in /usr/share/man/*) ok "man -w $p: $w" ;; *) notok "man -w $p: $w" ;; esac
	done
else
	echo "ok $((n = n + 1)) - man -w # SKIP man-db not installed"
fi
if ls /etc/systemd/system/*.wants/vigild.service >/dev/null 2>&1; then
	notok "vigild.service not enabled by the installation"
else
	ok "vigild.service not enabled by the installation"
fi
if [ -d /run/systemd/system ]; then
	if systemctl is-active --quiet vigild.service; then notok "vigild.service not started by the installation"
	else ok "vigild.service not started by the installation"; fi
else
	echo "ok $((n = n + 1)) - vigild.service not started # SKIP systemd is not running"
fi
lap "checks"

# 6. Purge: nothing of the package is left.
dpkg -L vigil 2>/dev/null | sort -r >"$tmp/files"
if dpkg_retry dpkg --purge vigil; then installed=0; ok "dpkg --purge vigil"
else notok "dpkg --purge vigil"; show "$tmp/dpkg.log"; fi
left=""
while read -r f; do
	[ -d "$f" ] && continue     # a directory, or a link to one (/lib on a merged /usr)
	[ -e "$f" ] || [ -L "$f" ] && left="$left $f"
done <"$tmp/files"
if [ -z "$left" ] && ! vigil_present; then
	ok "purged: no file of the package left"
else
	notok "left after purge:$left"
fi
lap "dpkg --purge"
echo "# total: $(( $(date +%s) - t0 )) s"
echo "1..$n"
exit $fail
