// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: pcap output of the simulator (see capture.h).
 */
#include "sim/capture.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/frame.h"

struct vg_sim_capture {
	pcap_t *pcap;
	pcap_dumper_t *dump;
	unsigned long frames;
	uint16_t ip_id;
};

struct vg_sim_capture *vg_sim_capture_open(const char *path, char *err, size_t errlen)
{
	struct vg_sim_capture *c = calloc(1, sizeof(*c));

	if (!c) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	c->pcap = pcap_open_dead(DLT_EN10MB, 65535);
	if (!c->pcap) {
		snprintf(err, errlen, "pcap_open_dead failed");
		free(c);
		return NULL;
	}
	c->dump = pcap_dump_open(c->pcap, path);
	if (!c->dump) {
		snprintf(err, errlen, "%s: %s", path, pcap_geterr(c->pcap));
		pcap_close(c->pcap);
		free(c);
		return NULL;
	}
	return c;
}

static void node_mac(uint8_t node, uint8_t mac[VG_ETH_ALEN])
{
	static const uint8_t base[VG_ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0 };

	memcpy(mac, base, VG_ETH_ALEN);
	mac[5] = (uint8_t)(node + 1);
}

static void write_frame(struct vg_sim_capture *c, vg_time now, const uint8_t *frame, size_t len)
{
	struct pcap_pkthdr h;

	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)(now / VG_S(1));
	h.ts.tv_usec = (suseconds_t)(now % VG_S(1) / VG_US(1));
	h.caplen = h.len = (bpf_u_int32)len;
	pcap_dump((u_char *)c->dump, &h, frame);
	c->frames++;
}

void vg_sim_capture_action(struct vg_sim_capture *c, const struct vg_sim *s, uint8_t node,
			   const struct vg_action *a)
{
	const struct vg_sim_node *n = &s->nodes[node];
	uint8_t frame[VG_FRAME_MAX], src_mac[VG_ETH_ALEN], dst_mac[VG_ETH_ALEN];
	ssize_t len;

	if (!c)
		return;
	node_mac(node, src_mac);
	if (a->kind == VG_ACT_SEND_ADVERT && a->instance < n->inst_count) {
		uint8_t peer = 0, pkt[VG_VRRP_PKT_MAX];
		ssize_t plen = vg_vrrp_advert_encode(&n->cfg[a->instance], a, pkt, sizeof(pkt));

		if (plen <= 0)
			return;

		/* unicast: the MAC of the node that owns the destination address */
		for (peer = 0; peer < s->node_count; peer++)
			if (vg_addr_eq(&s->nodes[peer].addr, &a->u.advert.dst))
				break;
		node_mac(peer < s->node_count ? peer : 0xfe, dst_mac);
		vg_frame_dst_mac(&a->u.advert.dst, dst_mac, dst_mac);
		len = vg_frame_vrrp(frame, sizeof(frame), src_mac, dst_mac, &a->u.advert.src, &a->u.advert.dst,
				    c->ip_id++, pkt, (size_t)plen);
		if (len > 0)
			write_frame(c, s->now, frame, (size_t)len);
	} else if (a->kind == VG_ACT_SEND_GARP && !a->group && !a->u.garp.extra && a->instance < n->inst_count) {
		const struct vg_vrrp_config *cfg = &n->cfg[a->instance];
		uint8_t r, i;

		for (r = 0; r < a->u.garp.repeat; r++) {
			for (i = 0; i < cfg->vip_count; i++) {
				if (cfg->family == VG_AF_INET)
					len = vg_frame_garp(frame, sizeof(frame), src_mac, &cfg->vips[i]);
				else
					len = vg_frame_una(frame, sizeof(frame), src_mac, &n->inst[a->instance].primary,
							   &cfg->vips[i]);
				if (len > 0)
					write_frame(c, s->now, frame, (size_t)len);
			}
		}
	}
}

void vg_sim_capture_frame(struct vg_sim_capture *c, vg_time now, const uint8_t *frame, size_t len)
{
	if (c)
		write_frame(c, now, frame, len);
}

unsigned long vg_sim_capture_frames(const struct vg_sim_capture *c)
{
	return c ? c->frames : 0;
}

void vg_sim_capture_close(struct vg_sim_capture *c)
{
	if (!c)
		return;
	pcap_dump_close(c->dump);
	pcap_close(c->pcap);
	free(c);
}
