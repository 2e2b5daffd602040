#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: `meson install` puts the right files in the right places (TAP). Stages
# the build into a temporary DESTDIR and checks: the binaries (vigil in bindir,
# vigild in sbindir, both executable), the systemd unit, the manual pages (when
# they were built), the docs and examples in share/doc/vigil; and that nothing
# else is installed (no tests, benchmarks or fuzz harnesses).
# Usage: install.sh BUILD_DIR
set -u
build=${1:?usage: install.sh BUILD_DIR}
if ! command -v meson >/dev/null 2>&1; then echo "1..0 # SKIP meson not in PATH"; exit 0; fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }

if meson install -C "$build" --no-rebuild --quiet --destdir "$tmp/root" >"$tmp/log" 2>&1; then
	ok "meson install --destdir"
else
	notok "meson install --destdir"; sed 's/^/#   /' "$tmp/log"; echo "1..$n"; exit 1
fi
# The configured directories, as meson install used them.
intro=$(meson introspect --buildoptions "$build") || exit 1
opt() { printf '%s' "$intro" | /usr/bin/python3 -c "import json,sys; print([o['value'] for o in json.load(sys.stdin) if o['name']=='$1'][0])"; }
prefix=$(opt prefix)
case $(opt bindir) in /*) bindir=$(opt bindir) ;; *) bindir=$prefix/$(opt bindir) ;; esac
case $(opt sbindir) in /*) sbindir=$(opt sbindir) ;; *) sbindir=$prefix/$(opt sbindir) ;; esac
case $(opt mandir) in /*) mandir=$(opt mandir) ;; *) mandir=$prefix/$(opt mandir) ;; esac
case $(opt datadir) in /*) datadir=$(opt datadir) ;; *) datadir=$prefix/$(opt datadir) ;; esac
docdir=$datadir/doc/vigil
(cd "$tmp/root" && find . \( -type f -o -type l \) | sed 's/^\.//' | sort) > "$tmp/files"
echo "# installed:"; sed 's/^/#   /' "$tmp/files"

has() { grep -qxF "$1" "$tmp/files"; }
for f in "$bindir/vigil" "$sbindir/vigild"; do
	if has "$f" && [ -x "$tmp/root$f" ]; then ok "$f installed, executable"; else notok "$f installed, executable"; fi
done
unit=$(grep '/vigild\.service$' "$tmp/files" | head -n 1)
case $unit in
*/systemd/system/vigild.service) ok "systemd unit at $unit" ;;
*) notok "systemd unit installed (found '$unit')" ;;
esac
if [ -f "$build/man/vigild.8" ]; then
	missing=""
	for p in man8/vigild.8 man1/vigil.1 man5/vigil-scenario.5; do has "$mandir/$p" || missing="$missing $p"; done
	if [ -z "$missing" ]; then ok "man pages in $mandir"; else notok "man pages missing:$missing"; fi
else
	echo "ok $((n = n + 1)) - man pages # SKIP not built (scdoc missing or -Dman=disabled)"
fi
missing=""
for d in README.md install.md vigild.md config.md scenarios.md operations.md interop.md examples/keepalived.conf \
	examples/prometheus/vigil-rules.yml \
	examples/scenarios/failover.scn examples/scenarios/configs/06-nginx-master-129-fixed.conf; do
	has "$docdir/$d" || missing="$missing $d"
done
if [ -z "$missing" ]; then ok "docs and examples in $docdir"; else notok "docs missing in $docdir:$missing"; fi
# An installed scenario runs as installed (its configs are found relative to it).
if "$tmp/root$bindir/vigil" sim -q "$tmp/root$docdir/examples/scenarios/failover.scn" >"$tmp/sim" 2>&1; then
	ok "installed vigil runs the installed failover scenario"
else
	notok "installed vigil runs the installed failover scenario"; sed 's/^/#   /' "$tmp/sim"
fi
# Nothing else: every file is one of the above.
extra=$(grep -vxF -e "$bindir/vigil" -e "$sbindir/vigild" -e "$unit" "$tmp/files" |
	grep -vE "^($mandir/man[158]/[^/]+|$docdir/.+)$" || true)
if [ -z "$extra" ]; then ok "nothing else installed"; else notok "unexpected files installed:"; echo "$extra" | sed 's/^/#   /'; fi

echo "1..$n"
exit $fail
