/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "vrrp_sock.h"

#include <errno.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vrrp/ah.h"

#define IPPROTO_VRRP_NUM 112

static int set_int(int fd, int level, int opt, int v)
{
	return setsockopt(fd, level, opt, &v, sizeof(v));
}

static int open_family(int af, char *err, size_t errlen)
{
	int fd = socket(af, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_VRRP_NUM);
	int ok = 0;

	if (fd < 0) {
		snprintf(err, errlen, "raw socket (protocol 112, %s): %s", af == AF_INET ? "IPv4" : "IPv6",
			 strerror(errno));
		return -1;
	}
	set_int(fd, SOL_SOCKET, SO_RCVBUF, 1 << 20);
	set_int(fd, SOL_SOCKET, SO_PRIORITY, 6); /* TC_PRIO_INTERACTIVE: adverts go first */
	/* the kernel's receive time: timers restart from when the advert arrived, not from
	   when we got round to it (RFC 5798 6.4.2 "Reset the Master_Down_Timer") */
	set_int(fd, SOL_SOCKET, SO_TIMESTAMPNS, 1);
	if (af == AF_INET) {
		ok |= set_int(fd, IPPROTO_IP, IP_PKTINFO, 1);
		ok |= set_int(fd, IPPROTO_IP, IP_MULTICAST_TTL, 255); /* RFC 5798 5.1.1.3 */
		ok |= set_int(fd, IPPROTO_IP, IP_TTL, 255);
		ok |= set_int(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0);
		ok |= set_int(fd, IPPROTO_IP, IP_TOS, 0xc0); /* internetwork control */
	} else {
		ok |= set_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
		ok |= set_int(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1);
		ok |= set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 255); /* RFC 5798 5.1.2.3 */
		ok |= set_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 255);
		ok |= set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0);
	}
	if (ok) {
		snprintf(err, errlen, "raw socket options: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int vgd_vrrp_sock_open(struct vgd_vrrp_sock *s, bool v4, bool v6, char *err, size_t errlen)
{
	s->fd4 = s->fd6 = s->fdah = -1;
	if (v4 && (s->fd4 = open_family(AF_INET, err, errlen)) < 0)
		return -1;
	if (v6 && (s->fd6 = open_family(AF_INET6, err, errlen)) < 0) {
		vgd_vrrp_sock_close(s);
		return -1;
	}
	return 0;
}

void vgd_vrrp_sock_close(struct vgd_vrrp_sock *s)
{
	if (s->fd4 >= 0)
		close(s->fd4);
	if (s->fd6 >= 0)
		close(s->fd6);
	if (s->fdah >= 0)
		close(s->fdah);
	s->fd4 = s->fd6 = s->fdah = -1;
}

int vgd_vrrp_sock_open_ah(struct vgd_vrrp_sock *s, char *err, size_t errlen)
{
	int fd, ok = 0;

	if (s->fdah >= 0)
		return 0;
	fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, VG_AH_PROTO);
	if (fd < 0) {
		snprintf(err, errlen, "raw socket (protocol 51, AH): %s", strerror(errno));
		return -1;
	}
	set_int(fd, SOL_SOCKET, SO_RCVBUF, 1 << 20);
	set_int(fd, SOL_SOCKET, SO_PRIORITY, 6);
	set_int(fd, SOL_SOCKET, SO_TIMESTAMPNS, 1);
	ok |= set_int(fd, IPPROTO_IP, IP_HDRINCL, 1); /* the ICV covers the header: we write it */
	ok |= set_int(fd, IPPROTO_IP, IP_PKTINFO, 1);
	ok |= set_int(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0);
	if (ok) {
		snprintf(err, errlen, "AH socket options: %s", strerror(errno));
		close(fd);
		return -1;
	}
	s->fdah = fd;
	return 0;
}

int vgd_vrrp_sock_join(struct vgd_vrrp_sock *s, uint32_t ifindex, const struct vg_addr *group, bool join)
{
	if (group->family == VG_AF_INET && s->fd4 >= 0) {
		struct ip_mreqn m = { .imr_ifindex = (int)ifindex };

		memcpy(&m.imr_multiaddr, group->bytes, 4);
		if (setsockopt(s->fd4, IPPROTO_IP, join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP, &m, sizeof(m)) &&
		    !(join && errno == EADDRINUSE))
			return -errno;
		return 0;
	}
	if (group->family == VG_AF_INET6 && s->fd6 >= 0) {
		struct ipv6_mreq m = { .ipv6mr_interface = ifindex };

		memcpy(&m.ipv6mr_multiaddr, group->bytes, 16);
		if (setsockopt(s->fd6, IPPROTO_IPV6, join ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP, &m,
			       sizeof(m)) && !(join && errno == EADDRINUSE))
			return -errno;
		return 0;
	}
	return -EAFNOSUPPORT;
}

/*
 * Build the filter. IPv4 raw sockets see the IP header (TTL at offset 8,
 * header length in the low nibble of byte 0); IPv6 raw sockets see the
 * VRRP message only (the hop limit is checked in user space, from the
 * ancillary data). Then: version/type byte, then the VRID list.
 */
static int attach(int fd, bool ipv4, const uint8_t vrids[32], bool v2, bool v3, bool any_ttl)
{
	struct sock_filter f[8 + 256 + 2];
	struct sock_fprog prog;
	unsigned n = 0, k = 0, i;
	uint8_t ids[256];

	for (i = 1; i < 256; i++)
		if (vrids[i / 8] & (1u << (i % 8)))
			ids[k++] = (uint8_t)i;
	if (ipv4) {
		if (!any_ttl) {
			f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 8);
			f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 255, 1, 0);
			f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
		}
		f[n++] = (struct sock_filter)BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0);
	} else {
		f[n++] = (struct sock_filter)BPF_STMT(BPF_LDX | BPF_IMM, 0);
	}
	/* version/type: 0x21 (v2 advert) or 0x31 (v3 advert) */
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0);
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, v3 ? 0x31 : 0x100, 2, 0);
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, v2 && ipv4 ? 0x21 : 0x100, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_IND, 1);
	for (i = 0; i < k; i++)
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ids[i], (uint8_t)(k - i), 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0xffff);
	prog.len = (unsigned short)n;
	prog.filter = f;
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)))
		return -errno;
	return 0;
}

/* IPv4 AH: TTL, X = IP header length, next header 112, then the VRRPv2 advert after the 24 bytes of AH. */
int vgd_vrrp_sock_filter_ah(struct vgd_vrrp_sock *s, const uint8_t vrids[32], bool any_ttl)
{
	struct sock_filter f[10 + 256 + 2];
	struct sock_fprog prog;
	unsigned n = 0, k = 0, i;
	uint8_t ids[256];

	if (s->fdah < 0)
		return 0;
	for (i = 1; i < 256; i++)
		if (vrids[i / 8] & (1u << (i % 8)))
			ids[k++] = (uint8_t)i;
	if (!any_ttl) {
		f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 8);
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 255, 1, 0);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0);
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_VRRP_NUM, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_IND, VG_AH_LEN);
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x21, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_IND, VG_AH_LEN + 1);
	for (i = 0; i < k; i++)
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ids[i], (uint8_t)(k - i), 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0xffff);
	prog.len = (unsigned short)n;
	prog.filter = f;
	if (setsockopt(s->fdah, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)))
		return -errno;
	return 0;
}

int vgd_vrrp_sock_send_ah(struct vgd_vrrp_sock *s, uint32_t ifindex, const struct vg_addr *dst, const uint8_t *dgram,
			  size_t len)
{
	struct {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	} __attribute__((aligned(8))) c;
	struct in_pktinfo pi = { .ipi_ifindex = (int)ifindex };
	struct iovec iov = { .iov_base = (void *)dgram, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf };
	struct cmsghdr *cm;
	struct sockaddr_in d4;

	if (s->fdah < 0 || dst->family != VG_AF_INET)
		return -EAFNOSUPPORT;
	memset(&c, 0, sizeof(c));
	memset(&d4, 0, sizeof(d4));
	d4.sin_family = AF_INET;
	memcpy(&d4.sin_addr, dst->bytes, 4);
	mh.msg_name = &d4;
	mh.msg_namelen = sizeof(d4);
	cm = (struct cmsghdr *)c.buf;
	cm->cmsg_level = IPPROTO_IP;
	cm->cmsg_type = IP_PKTINFO; /* the interface; the source is in the header */
	cm->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	mh.msg_controllen = CMSG_SPACE(sizeof(pi));
	if (sendmsg(s->fdah, &mh, MSG_DONTWAIT) < 0)
		return -errno;
	return 0;
}

int vgd_vrrp_sock_filter(struct vgd_vrrp_sock *s, const uint8_t vrids[32], bool v2, bool v3, bool any_ttl)
{
	int rc = 0;

	if (s->fd4 >= 0)
		rc = attach(s->fd4, true, vrids, v2, v3, any_ttl);
	if (!rc && s->fd6 >= 0)
		rc = attach(s->fd6, false, vrids, v2, v3, any_ttl);
	return rc;
}

int vgd_vrrp_sock_send(struct vgd_vrrp_sock *s, uint32_t ifindex, const struct vg_addr *src,
		       const struct vg_addr *dst, uint8_t ttl, const uint8_t *pkt, size_t len)
{
	struct {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
	} __attribute__((aligned(8))) c;
	int hops = ttl;
	struct iovec iov = { .iov_base = (void *)pkt, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf };
	struct cmsghdr *cm;
	struct sockaddr_in d4;
	struct sockaddr_in6 d6;
	int fd;

	memset(&c, 0, sizeof(c));
	cm = (struct cmsghdr *)c.buf;
	if (dst->family == VG_AF_INET) {
		struct in_pktinfo pi = { .ipi_ifindex = (int)ifindex };

		fd = s->fd4;
		memset(&d4, 0, sizeof(d4));
		d4.sin_family = AF_INET;
		memcpy(&d4.sin_addr, dst->bytes, 4);
		if (src->family == VG_AF_INET)
			memcpy(&pi.ipi_spec_dst, src->bytes, 4);
		mh.msg_name = &d4;
		mh.msg_namelen = sizeof(d4);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		mh.msg_controllen = CMSG_SPACE(sizeof(pi));
		if (ttl != 255) { /* unicast_ttl: this packet's TTL (the socket's is 255) */
			cm = (struct cmsghdr *)(c.buf + mh.msg_controllen); /* CMSG_NXTHDR stops at msg_controllen */
			cm->cmsg_level = IPPROTO_IP;
			cm->cmsg_type = IP_TTL;
			cm->cmsg_len = CMSG_LEN(sizeof(hops));
			memcpy(CMSG_DATA(cm), &hops, sizeof(hops));
			mh.msg_controllen += CMSG_SPACE(sizeof(hops));
		}
	} else {
		struct in6_pktinfo pi = { .ipi6_ifindex = ifindex };

		fd = s->fd6;
		memset(&d6, 0, sizeof(d6));
		d6.sin6_family = AF_INET6;
		memcpy(&d6.sin6_addr, dst->bytes, 16);
		if (IN6_IS_ADDR_LINKLOCAL(&d6.sin6_addr) || IN6_IS_ADDR_MULTICAST(&d6.sin6_addr))
			d6.sin6_scope_id = ifindex;
		if (src->family == VG_AF_INET6)
			memcpy(&pi.ipi6_addr, src->bytes, 16);
		mh.msg_name = &d6;
		mh.msg_namelen = sizeof(d6);
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		mh.msg_controllen = CMSG_SPACE(sizeof(pi));
		if (ttl != 255) {
			cm = (struct cmsghdr *)(c.buf + mh.msg_controllen); /* CMSG_NXTHDR stops at msg_controllen */
			cm->cmsg_level = IPPROTO_IPV6;
			cm->cmsg_type = IPV6_HOPLIMIT;
			cm->cmsg_len = CMSG_LEN(sizeof(hops));
			memcpy(CMSG_DATA(cm), &hops, sizeof(hops));
			mh.msg_controllen += CMSG_SPACE(sizeof(hops));
		}
	}
	if (fd < 0)
		return -EAFNOSUPPORT;
	if (sendmsg(fd, &mh, MSG_DONTWAIT) < 0)
		return -errno;
	return 0;
}

int vgd_vrrp_sock_recv(int fd, bool v6, uint8_t (*bufs)[VGD_RX_BUF], struct vgd_rx *rx, int max)
{
	struct mmsghdr mm[VGD_RX_BATCH];
	struct iovec iov[VGD_RX_BATCH];
	struct sockaddr_in6 from[VGD_RX_BATCH];
	struct {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int)) +
			 CMSG_SPACE(sizeof(struct timespec)) + 64];
	} __attribute__((aligned(8))) ctl[VGD_RX_BATCH];
	int n, i;

	if (max > VGD_RX_BATCH)
		max = VGD_RX_BATCH;
	memset(mm, 0, sizeof(mm[0]) * (size_t)max);
	for (i = 0; i < max; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = VGD_RX_BUF;
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_name = &from[i];
		mm[i].msg_hdr.msg_namelen = sizeof(from[i]);
		mm[i].msg_hdr.msg_control = ctl[i].buf;
		mm[i].msg_hdr.msg_controllen = sizeof(ctl[i].buf);
	}
	n = recvmmsg(fd, mm, (unsigned)max, MSG_DONTWAIT, NULL);
	if (n <= 0)
		return 0;
	for (i = 0; i < n; i++) {
		struct vgd_rx *r = &rx[i];
		struct cmsghdr *cm;
		const uint8_t *p = bufs[i];
		size_t len = mm[i].msg_len;

		memset(r, 0, sizeof(*r));
		for (cm = CMSG_FIRSTHDR(&mm[i].msg_hdr); cm; cm = CMSG_NXTHDR(&mm[i].msg_hdr, cm))
			if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_TIMESTAMPNS) {
				struct timespec ts;

				memcpy(&ts, CMSG_DATA(cm), sizeof(ts));
				r->rx_real_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
			}
		if (!v6) {
			size_t ihl, tot;

			if (len < 20 || (p[0] >> 4) != 4)
				continue; /* r->buf stays NULL: not an IPv4 datagram */
			ihl = (size_t)(p[0] & 0x0f) * 4;
			tot = (size_t)p[2] << 8 | p[3];
			if (ihl < 20 || ihl > len)
				continue;
			if (tot >= ihl && tot < len)
				len = tot;
			r->meta.ttl = p[8];
			r->meta.src.family = r->meta.dst.family = VG_AF_INET;
			memcpy(r->meta.src.bytes, p + 12, 4);
			memcpy(r->meta.dst.bytes, p + 16, 4);
			r->buf = p + ihl;
			r->len = len - ihl;
			if (p[9] == VG_AH_PROTO) {
				/* auth_type AH: the core checks the ICV over both headers */
				if (r->len < VG_AH_LEN || p[ihl] != IPPROTO_VRRP_NUM) {
					r->buf = NULL; /* AH for another protocol: not ours */
					continue;
				}
				r->meta.ah = p + ihl;
				r->meta.ip_hdr = p;
				r->meta.ip_hdr_len = (uint8_t)ihl;
				r->buf = p + ihl + VG_AH_LEN;
				r->len -= VG_AH_LEN;
			}
			for (cm = CMSG_FIRSTHDR(&mm[i].msg_hdr); cm; cm = CMSG_NXTHDR(&mm[i].msg_hdr, cm))
				if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO) {
					struct in_pktinfo pi;

					memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
					r->meta.ifindex = (uint32_t)pi.ipi_ifindex;
				}
		} else {
			r->meta.src.family = r->meta.dst.family = VG_AF_INET6;
			memcpy(r->meta.src.bytes, &from[i].sin6_addr, 16);
			r->buf = p;
			r->len = len;
			for (cm = CMSG_FIRSTHDR(&mm[i].msg_hdr); cm; cm = CMSG_NXTHDR(&mm[i].msg_hdr, cm)) {
				if (cm->cmsg_level != IPPROTO_IPV6)
					continue;
				if (cm->cmsg_type == IPV6_PKTINFO) {
					struct in6_pktinfo pi;

					memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
					r->meta.ifindex = pi.ipi6_ifindex;
					memcpy(r->meta.dst.bytes, &pi.ipi6_addr, 16);
				} else if (cm->cmsg_type == IPV6_HOPLIMIT) {
					int hl;

					memcpy(&hl, CMSG_DATA(cm), sizeof(hl));
					r->meta.ttl = (uint8_t)hl;
				}
			}
		}
	}
	return n;
}
