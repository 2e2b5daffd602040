#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run the netlink kernel tests (nl_test.c) inside a fresh network namespace
# vgnl-<pid> holding a veth pair vgnl0 <-> vgnl1; TAP on stdout.
# Usage: nl_test.sh PATH/TO/vgl_nl_test
set -u
bin=$1
if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP not root: the netlink tests need network namespaces"
	exit 0
fi
ns=vgnl-$$
cleanup() { ip netns del "$ns" 2>/dev/null; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fail() { echo "Bail out! $*"; exit 1; }
ip netns add "$ns" || fail "ip netns add $ns"
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up || fail "lo up"
in_ns ip link add vgnl0 type veth peer name vgnl1 || fail "veth"
for i in vgnl0 vgnl1; do
	# no automatic link-local address: the test sets the ones it checks
	in_ns ip link set "$i" addrgenmode none || fail "addrgenmode $i"
	in_ns ip link set "$i" up || fail "$i up"
done
in_ns ip addr add 192.0.2.1/24 dev vgnl0 || fail "addr"
in_ns ip addr add 192.0.2.2/24 dev vgnl0 || fail "addr"
in_ns ip addr add fe80::1/64 dev vgnl0 nodad || fail "addr"
in_ns ip addr add 2001:db8::1/64 dev vgnl0 nodad || fail "addr"
in_ns "$bin"
