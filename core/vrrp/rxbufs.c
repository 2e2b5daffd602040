/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "vrrp/rxbufs.h"

#include <stdio.h>
#include <string.h>

#define DEFAULT_MULTIPLIER 3u /* keepalived.conf(5): vrrp_rx_bufs_multiplier default */
#define IPV4_HDR 20u
#define AH_HDR 24u            /* next header, length, reserved, SPI, sequence, 96-bit ICV */
#define VRRP_HDR 8u
#define VRRP_AUTH_LEN 8u

static bool same_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
		char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b - 'A' + 'a') : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

static bool read_u32(const char *s, uint32_t *out)
{
	uint64_t v = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

bool vg_rxbufs_policy_read(const struct vg_conf_global *g, struct vg_rxbufs_policy *out, char *msg, size_t msglen)
{
	const struct vg_conf_kv *kv = vg_conf_extra_find(g->extra, "vrrp_rx_bufs_policy");
	bool mtu = false, advert = false, size = false, ok = true;
	uint32_t bytes = 0;

	memset(out, 0, sizeof(*out));
	out->multiplier = g->vrrp_rx_bufs_multiplier.set ? (uint32_t)g->vrrp_rx_bufs_multiplier.value
							 : DEFAULT_MULTIPLIER;
	if (msg && msglen)
		msg[0] = '\0';
	if (!kv)
		return true;
	if (!kv->args.count) {
		if (msg)
			snprintf(msg, msglen, "vrrp_rx_bufs_policy needs MTU, ADVERT or a size in bytes");
		return false;
	}
	for (uint32_t i = 0; i < kv->args.count; i++) {
		const char *w = kv->args.items[i];

		if (same_nocase(w, "MTU"))
			mtu = true;
		else if (same_nocase(w, "ADVERT"))
			advert = true;
		else if (read_u32(w, &bytes))
			size = true;
		else {
			if (msg && ok)
				snprintf(msg, msglen, "vrrp_rx_bufs_policy: '%s' is not MTU, ADVERT or a size in bytes", w);
			ok = false;
		}
	}
	/* keepalived 2.2.7: a size wins over MTU/ADVERT, MTU over ADVERT */
	if (size) {
		out->kind = VG_RXBUFS_SIZE;
		out->size = bytes;
	} else if (mtu)
		out->kind = VG_RXBUFS_MTU;
	else if (advert)
		out->kind = VG_RXBUFS_ADVERT;
	if (ok && ((size && (mtu || advert)) || (mtu && advert))) {
		if (msg)
			snprintf(msg, msglen, "vrrp_rx_bufs_policy: %s", size ? "a size and a policy: the policy is ignored"
									: "both MTU and ADVERT: ADVERT is ignored");
		ok = false;
	}
	return ok;
}

uint32_t vg_rxbufs_kernel_size(const struct vg_conf_instance *in)
{
	const struct vg_conf_kv *kv = vg_conf_extra_find(in->extra, "kernel_rx_buf_size");
	uint32_t v = 0;

	if (!kv || kv->args.count != 1 || !read_u32(kv->args.items[0], &v))
		return 0;
	return v;
}

uint32_t vg_rxbufs_advert_len(const struct vg_conf_instance *in)
{
	uint32_t len = VRRP_HDR;

	if (in->family == VG_AF_INET6)
		return len + in->vips.count * 16u;
	if (in->version == 2)
		len += VRRP_AUTH_LEN;
	len += in->vips.count * 4u + IPV4_HDR;
	if (in->auth_type == VG_CONF_AUTH_AH)
		len += AH_HDR;
	return len;
}

uint64_t vg_rxbufs_instance(const struct vg_rxbufs_policy *p, const struct vg_conf_instance *in, uint32_t mtu)
{
	uint32_t k = vg_rxbufs_kernel_size(in);

	if (k)
		return k;
	switch (p->kind) {
	case VG_RXBUFS_SIZE:
		return p->size;
	case VG_RXBUFS_ADVERT:
		return (uint64_t)p->multiplier * vg_rxbufs_advert_len(in);
	case VG_RXBUFS_MTU:
		return (uint64_t)p->multiplier * mtu;
	case VG_RXBUFS_NONE:
		break;
	}
	return 0;
}

struct vg_rcvbuf vg_rcvbuf_read(const struct vg_conf_global *g, const char *side)
{
	static const struct { const char *side; size_t off; } nums[] = {
		{ "vrrp_netlink_cmd", offsetof(struct vg_conf_global, vrrp_netlink_cmd_rcv_bufs) },
		{ "vrrp_netlink_monitor", offsetof(struct vg_conf_global, vrrp_netlink_monitor_rcv_bufs) },
		{ "lvs_netlink_cmd", offsetof(struct vg_conf_global, lvs_netlink_cmd_rcv_bufs) },
		{ "lvs_netlink_monitor", offsetof(struct vg_conf_global, lvs_netlink_monitor_rcv_bufs) },
		{ "process_monitor", offsetof(struct vg_conf_global, process_monitor_rcv_bufs) },
	};
	struct vg_rcvbuf r = { 0, false };
	char name[64];
	const struct vg_conf_kv *kv;

	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		const struct vg_conf_num *n;

		if (strcmp(nums[i].side, side))
			continue;
		n = (const struct vg_conf_num *)(const void *)((const char *)g + nums[i].off);
		if (n->set && n->value > 0)
			r.bytes = (uint32_t)n->value;
	}
	snprintf(name, sizeof(name), "%s_rcv_bufs_force", side);
	kv = vg_conf_extra_find(g->extra, name);
	if (kv) {
		/* keepalived: no argument means true; a word other than a boolean is refused */
		r.force = true;
		if (kv->args.count) {
			const char *w = kv->args.items[0];

			if (same_nocase(w, "false") || same_nocase(w, "no") || same_nocase(w, "off"))
				r.force = false;
			else if (!same_nocase(w, "true") && !same_nocase(w, "yes") && !same_nocase(w, "on"))
				r.force = false;
		}
	}
	return r;
}
