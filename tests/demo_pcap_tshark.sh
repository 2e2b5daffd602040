#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The simulator's pcap is real VRRP: tshark's own dissector reads every
# advert of the demo run as VRRP with valid checksums and no malformed
# packet, and the gratuitous ARPs as ARP. TAP output.
# Usage: demo_pcap_tshark.sh path/to/vigil
set -u
vigil=$1
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
echo "1..4"
if ! command -v tshark >/dev/null 2>&1; then
	for i in 1 2 3 4; do echo "not ok $i - tshark is not installed (scripts/setup installs it)"; done
	exit 1
fi
"$vigil" demo --pcap "$dir/demo.pcap" >/dev/null
rc=$?
[ $rc -eq 0 ] && echo "ok 1 - vigil demo --pcap ran" || echo "not ok 1 - vigil demo exited $rc"

n_vrrp=$(tshark -r "$dir/demo.pcap" -Y 'vrrp' 2>/dev/null | wc -l)
[ "$n_vrrp" -gt 10 ] && echo "ok 2 - tshark dissects $n_vrrp VRRP adverts" || echo "not ok 2 - only $n_vrrp VRRP frames"

bad=$(tshark -r "$dir/demo.pcap" -Y '_ws.malformed || _ws.expert.severity >= error' 2>/dev/null | wc -l)
good=$(tshark -r "$dir/demo.pcap" -o vrrp.v3_checksum_as_in_v2:FALSE \
	-Y 'vrrp.checksum.status == "Good"' 2>/dev/null | wc -l)
if [ "$bad" -eq 0 ] && [ "$good" -eq "$n_vrrp" ]; then
	echo "ok 3 - no malformed frame; all $good VRRP checksums good"
else
	echo "not ok 3 - $bad malformed frames, $good of $n_vrrp VRRP checksums good"
fi

n_arp=$(tshark -r "$dir/demo.pcap" -Y 'arp.isannouncement == 1' 2>/dev/null | wc -l)
[ "$n_arp" -gt 0 ] && echo "ok 4 - $n_arp gratuitous ARP announcements" || echo "not ok 4 - no gratuitous ARP"
