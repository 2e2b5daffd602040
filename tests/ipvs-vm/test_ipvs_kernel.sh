#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: runs backends/linux/ipvs's kernel test (vgl_ipvs_sock_test, cmocka,
# TAP) in the ipvs-vm guest, where the kernel has IPVS: on the development
# kernel the same test is a skip.  The runner puts the binary at
# /usr/local/bin (run.py --bin); the schedulers it uses are loaded first.
modprobe -a ip_vs ip_vs_rr ip_vs_wlc ip_vs_sh || exit 1
exec /usr/local/bin/vgl_ipvs_sock_test
