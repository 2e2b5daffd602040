# SPDX-License-Identifier: GPL-2.0-or-later
"""Socket receive buffers from global_defs (keepalived.conf(5)):
vrrp_rx_bufs_policy / vrrp_rx_bufs_multiplier / kernel_rx_buf_size on the
VRRP raw sockets, vrrp_netlink_{cmd,monitor}_rcv_bufs[_force] on the
rtnetlink sockets. The sizes are read back from the daemon's own sockets
(pidfd_getfd + getsockopt SO_RCVBUF; the kernel reports twice the size
set)."""
import ctypes
import os
import socket

import vgnet as V

SYS_PIDFD_GETFD = 438


def _inodes(pid, table, want):
    """inodes of /proc/PID/net/TABLE lines for which want(fields) holds"""
    out = set()
    with open("/proc/%d/net/%s" % (pid, table)) as f:
        head = f.readline().split()
        for line in f:
            fields = line.split()
            if want(head, fields):
                out.add(fields[head.index("Inode")] if "Inode" in head else fields[9])
    return out


def _rcvbufs(pid, inodes):
    """SO_RCVBUF of each of pid's sockets whose inode is in inodes"""
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = os.pidfd_open(pid)
    sizes = []
    try:
        for fd in os.listdir("/proc/%d/fd" % pid):
            try:
                target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
            except OSError:
                continue
            if not target.startswith("socket:[") or target[8:-1] not in inodes:
                continue
            mine = libc.syscall(SYS_PIDFD_GETFD, pidfd, int(fd), 0)
            if mine < 0:
                continue
            s = socket.socket(fileno=mine)
            try:
                sizes.append(s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF))
            finally:
                s.detach()
                os.close(mine)
    finally:
        os.close(pidfd)
    return sorted(sizes)


def _raw_vrrp(head, f):
    # /proc/net/raw: local_address is ADDR:PROTO (hex); protocol 112 = 0x70
    return f[1].endswith(":0070")


def _raw_bufs(pid):
    """SO_RCVBUF of the IPv4 protocol-112 sockets of pid and its children
    (keepalived: its VRRP child)"""
    return sorted(sum((_rcvbufs(p, _inodes(p, "raw", _raw_vrrp)) for p in V.proc_tree(pid)), []))


def _nl_bufs(pid):
    """SO_RCVBUF of the rtnetlink sockets of pid and its children"""
    return sorted(sum((_rcvbufs(p, _inodes(p, "netlink", _netlink_route(p))) for p in V.proc_tree(pid)), []))


def _netlink_route(pid):
    def want(head, f):
        # /proc/net/netlink: sk Eth Pid Groups ... Inode; Eth 0 = NETLINK_ROUTE (the process's own
        # sockets are picked by their fds)
        return f[1] == "0"
    return want


def test_vrrp_rx_bufs_policy_mtu(t):
    """vrrp_rx_bufs_policy MTU, vrrp_rx_bufs_multiplier 4: one instance on
    eth0 (MTU 1500): the IPv4 VRRP socket's buffer is 4 x 1500 = 6000 bytes
    (getsockopt: 12000); kernel_rx_buf_size 7000 on a second instance adds
    7000 (getsockopt 26000). keepalived 2.2.7 in a namespace: the same sizes
    on its VRRP child's socket."""
    net = t.net(1)
    n = net.node(1)
    n.write_conf(V.global_defs("n1", "    vrrp_rx_bufs_policy MTU\n    vrrp_rx_bufs_multiplier 4\n")
                 + V.vrrp_instance(prio=100))
    n.start()
    V.wait_for(lambda: 12000 in _raw_bufs(n.daemon.pid), 5)
    got = _raw_bufs(n.daemon.pid)
    t.check(12000 in got, "VRRP IPv4 socket SO_RCVBUF %s, want 12000 (6000 set)" % got)
    n.stop()
    n.write_conf(V.global_defs("n1", "    vrrp_rx_bufs_policy MTU\n    vrrp_rx_bufs_multiplier 4\n")
                 + V.vrrp_instance(prio=100)
                 + V.vrrp_instance(name="VI_2", vrid=52, vips=("192.0.2.102/24",),
                                   extra="    kernel_rx_buf_size 7000\n"))
    n.start()
    V.wait_for(lambda: 26000 in _raw_bufs(n.daemon.pid), 5)
    got = _raw_bufs(n.daemon.pid)
    t.check(26000 in got, "VRRP IPv4 socket SO_RCVBUF %s, want 26000 (6000 + 7000 set)" % got)


def test_netlink_rcv_bufs(t):
    """vrrp_netlink_cmd_rcv_bufs 100000 (SO_RCVBUF) and
    vrrp_netlink_monitor_rcv_bufs 6000000 with _force (SO_RCVBUFFORCE, past
    net.core.rmem_max): the daemon's two rtnetlink sockets report 200000 and
    12000000; with -C the lvs_ forms do the same. keepalived 2.2.7 in a
    namespace (-P): the same two sizes on its VRRP child's rtnetlink
    sockets."""
    with open("/proc/sys/net/core/rmem_max") as f:
        if int(f.read()) >= 6000000:
            t.skip("net.core.rmem_max is at least 6000000: the force would not show")
    net = t.net(1)
    n = net.node(1)
    n.write_conf(V.global_defs("n1", "    vrrp_netlink_cmd_rcv_bufs 100000\n"
                                     "    vrrp_netlink_monitor_rcv_bufs 6000000\n"
                                     "    vrrp_netlink_monitor_rcv_bufs_force\n")
                 + V.vrrp_instance(prio=100))
    n.start()
    pid = n.daemon.pid
    V.wait_for(lambda: 12000000 in _nl_bufs(pid), 5)
    got = _nl_bufs(pid)
    t.check(200000 in got, "no rtnetlink socket with SO_RCVBUF 200000: %s" % got)
    t.check(12000000 in got, "no rtnetlink socket with SO_RCVBUF 12000000 (forced): %s" % got)
    # the checker side (-C): the lvs_ forms
    n.stop()
    n.write_conf(V.global_defs("n1", "    lvs_netlink_cmd_rcv_bufs 110000\n"
                                     "    lvs_netlink_monitor_rcv_bufs 6100000\n"
                                     "    lvs_netlink_monitor_rcv_bufs_force yes\n")
                 + V.vrrp_instance(prio=100))
    n.start(side="-C")
    pid = n.daemon.pid
    V.wait_for(lambda: 12200000 in _nl_bufs(pid), 5)
    got = _nl_bufs(pid)
    t.check(220000 in got, "-C: no rtnetlink socket with SO_RCVBUF 220000: %s" % got)
    t.check(12200000 in got, "-C: no rtnetlink socket with SO_RCVBUF 12200000 (forced): %s" % got)
