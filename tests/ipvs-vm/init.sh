#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: /init of the ipvs-vm guest (dash, PID 1; busybox gives the tools).  Mounts the pseudo
# file systems, loads the modules the runner asked for ($VM_LOAD), runs
# /test/$VM_TEST with its output on the second serial port (ttyS1, read by
# tests/ipvs-vm/run.py on the host; ttyS0 is the kernel console), prints the
# exit marker and powers off.  The markers are the runner's protocol: keep
# them in step with run.py (BEGIN, EXIT_RE).
export PATH=/usr/sbin:/usr/bin HOME=/root TERM=dumb
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
mkdir -p /run/netns /run/keepalived
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/0 /dev/stdin
ln -s /proc/self/fd/1 /dev/stdout
ln -s /proc/self/fd/2 /dev/stderr
hostname ipvs-vm
ip link set lo up
. /test/.vmenv

out=/dev/ttyS1
stty -F "$out" raw -echo 2>/dev/null
for m in $VM_LOAD; do
	modprobe "$m" || echo "# init: modprobe $m failed" >"$out"
done
if [ -n "$VM_SHARE" ]; then  # run.py --share HOSTDIR
	mkdir -p "$VM_SHARE"
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 host "$VM_SHARE" ||
		echo "# init: cannot mount the --share directory at $VM_SHARE" >"$out"
fi
echo "@@ipvs-vm begin $(cut -d' ' -f1 /proc/uptime)@@" >"$out"
cd /test || exit 1
"./$VM_TEST" >"$out" 2>&1 </dev/null
rc=$?
echo "@@ipvs-vm exit $rc@@" >"$out"
if [ -n "$VM_SHELL" ]; then  # run.py --shell: the console is the host's terminal
	echo "ipvs-vm: the test exited with status $rc; poweroff -f (or Ctrl-A X) ends the guest"
	setsid -c sh </dev/ttyS0 >/dev/ttyS0 2>&1
fi
sync
poweroff -f
reboot -f
