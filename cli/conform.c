// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: `vigil conform`: one node, adverts in from a pcap, frames out to a pcap.
 *
 *   vigil conform --config FILE [--instance NAME] [--in IN.pcap] --out OUT.pcap
 *                 [--until S] [--start EPOCH] [--shutdown-at S]
 *                 [--node-addr ADDR]... [--node-mac MAC] [--iface NAME]
 *
 * Loads keepalived.conf through the real parser and plan, and runs the
 * router of that one node on a virtual clock. Time 0 is --start (an epoch
 * in seconds) or else the first input frame's timestamp; the Startup event
 * happens at time 0. Each input frame (Ethernet, optional 802.1Q tag,
 * IPv4 or IPv6, protocol 112) becomes a packet event at its timestamp,
 * with the receive metadata taken from its IP header (source,
 * destination, TTL / hop limit). Timers fire at their deadlines. At equal
 * times an input frame goes first, then due timers, then --shutdown-at.
 * The run ends at --until (seconds after time 0; default: 5 s after the
 * last input frame).
 *
 * Output pcap (stamped start + virtual time): every advert the node sends,
 * and one gratuitous ARP (IPv4) or unsolicited NA (IPv6) per VIP and
 * repeat of each GARP effect. The Ethernet source is the virtual router
 * MAC 00:00:5e:00:01:VRID (00:00:5e:00:02:VRID for IPv6), RFC 5798 7.3,
 * when the instance has `use_vmac` (without `vmac_xmit_base`) or runs in
 * strict mode (vrrp_strict / strict_mode); else the interface MAC
 * (--node-mac, default 02:00:00:00:00:01) as keepalived does by default.
 *
 * stdout: one JSON object per line: state changes, adverts sent, packets
 * accepted or dropped (with the drop reason), GARP bursts, VIP changes,
 * and one "end" line per instance with its final state and counters.
 * Exit status: 0 ran, 1 runtime failure, 2 bad input.
 */
#include "conform_cmd.h"

#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_loader.h"
#include "sim/capture.h"
#include "node/node.h"
#include "wire/frame.h"

#define NODE_ADDRS_MAX 4
#define INPUT_FRAMES_MAX 100000

struct input_frame {
	vg_time at;               /* virtual time */
	uint16_t len;             /* VRRP message bytes (IP payload) */
	struct vg_rx_meta meta;
	uint8_t vrrp[VG_FRAME_MAX];
};

struct conform {
	const char *config, *instance, *in_path, *out_path, *iface;
	bool start_set, until_set, shutdown_set;
	vg_time start_ns, until, shutdown_at;
	struct vg_addr node_addr[NODE_ADDRS_MAX];
	uint8_t node_addr_count;
	uint8_t node_mac[VG_ETH_ALEN];
	uint32_t ifindex;         /* receiving interface of every input frame (0 = any) */

	struct vg_conf *conf;
	struct vg_node node;      /* the plan, instances and router (vg_node_build) */
	bool node_built;
	const struct vg_vrrp_config *cfg;         /* = node.plan.cfg */
	const struct vg_conf_instance **src;      /* = node.plan.src */
	uint16_t inst_count;
	struct vg_vrrp_instance *inst;            /* = node.inst */
	struct vg_action *act_buf;
	size_t act_cap;

	struct input_frame *in;
	size_t in_count;
	struct vg_sim_capture *cap;
	uint16_t ip_id;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: vigil conform --config FILE [--instance NAME] [--in IN.pcap] --out OUT.pcap\n"
		   "                     [--until SECONDS] [--start EPOCH] [--shutdown-at SECONDS]\n"
		   "                     [--node-addr ADDR]... [--node-mac MAC] [--iface NAME]\n\n"
		   "Replay the VRRP adverts of IN.pcap into one node running FILE on a virtual clock\n"
		   "and write every frame it sends to OUT.pcap; effects go to stdout as JSON lines.\n"
		   "Time 0 (Startup) is --start or the first input frame's timestamp. Defaults:\n"
		   "--until 5 s after the last input frame, --node-addr 192.0.2.1 and fe80::1,\n"
		   "--node-mac 02:00:00:00:00:01. See docs/conformance.md.\n");
}

static int parse_seconds(const char *text, vg_time *out)
{
	char *end;
	double v = strtod(text, &end);

	if (end == text || *end || v < 0 || v > 1e10)
		return -1;
	*out = (vg_time)(v * 1e9 + 0.5);
	return 0;
}

static int parse_mac(const char *text, uint8_t mac[VG_ETH_ALEN])
{
	unsigned int b[VG_ETH_ALEN];
	char tail;
	int i;

	if (sscanf(text, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &tail) != 6)
		return -1;
	for (i = 0; i < VG_ETH_ALEN; i++) {
		if (b[i] > 255)
			return -1;
		mac[i] = (uint8_t)b[i];
	}
	return 0;
}

static int parse_args(struct conform *c, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		}
		if (!v) {
			fprintf(stderr, "vigil conform: unknown option or missing value: %s\n", a);
			return -1;
		}
		i++;
		if (!strcmp(a, "--config")) {
			c->config = v;
		} else if (!strcmp(a, "--instance")) {
			c->instance = v;
		} else if (!strcmp(a, "--in")) {
			c->in_path = v;
		} else if (!strcmp(a, "--out")) {
			c->out_path = v;
		} else if (!strcmp(a, "--iface")) {
			c->iface = v;
		} else if (!strcmp(a, "--until") || !strcmp(a, "--start") || !strcmp(a, "--shutdown-at")) {
			vg_time t;

			if (parse_seconds(v, &t)) {
				fprintf(stderr, "vigil conform: %s: not a number of seconds: %s\n", a, v);
				return -1;
			}
			if (!strcmp(a, "--until")) {
				c->until = t;
				c->until_set = true;
			} else if (!strcmp(a, "--start")) {
				c->start_ns = t;
				c->start_set = true;
			} else {
				c->shutdown_at = t;
				c->shutdown_set = true;
			}
		} else if (!strcmp(a, "--node-addr")) {
			if (c->node_addr_count == NODE_ADDRS_MAX || vg_addr_parse(v, &c->node_addr[c->node_addr_count])) {
				fprintf(stderr, "vigil conform: --node-addr: bad or too many addresses: %s\n", v);
				return -1;
			}
			c->node_addr_count++;
		} else if (!strcmp(a, "--node-mac")) {
			if (parse_mac(v, c->node_mac)) {
				fprintf(stderr, "vigil conform: --node-mac: not a MAC address: %s\n", v);
				return -1;
			}
		} else {
			fprintf(stderr, "vigil conform: unknown option %s\n", a);
			return -1;
		}
	}
	if (!c->config || !c->out_path) {
		fprintf(stderr, "vigil conform: --config and --out are required\n");
		return -1;
	}
	return 0;
}

/* ---- input: Ethernet / IPv4 | IPv6 / VRRP frames ------------------------- */

/* Fill f from one captured frame; false if it is not an IP protocol 112 packet. */
static bool decode_frame(const uint8_t *p, size_t len, struct input_frame *f)
{
	size_t off = 12;
	uint16_t type;

	if (len < 14)
		return false;
	type = (uint16_t)(p[12] << 8 | p[13]);
	while (type == 0x8100 && len >= off + 6) { /* 802.1Q */
		off += 4;
		type = (uint16_t)(p[off] << 8 | p[off + 1]);
	}
	off += 2;
	memset(&f->meta, 0, sizeof(f->meta));
	if (type == 0x0800 && len >= off + 20) {
		const uint8_t *ip = p + off;
		size_t ihl = (size_t)(ip[0] & 0x0f) * 4, total = (size_t)(ip[2] << 8 | ip[3]);

		if ((ip[0] >> 4) != 4 || ip[9] != VG_VRRP_PROTO || ihl < 20 || total < ihl || len < off + ihl)
			return false;
		if (total > len - off)
			total = len - off; /* truncated capture: hand over what is there */
		f->meta.src = vg_addr_from_bytes(ip + 12, 4);
		f->meta.dst = vg_addr_from_bytes(ip + 16, 4);
		f->meta.ttl = ip[8];
		f->len = (uint16_t)(total - ihl);
		memcpy(f->vrrp, ip + ihl, f->len);
		return true;
	}
	if (type == 0x86dd && len >= off + 40) {
		const uint8_t *ip = p + off;
		size_t plen = (size_t)(ip[4] << 8 | ip[5]);

		if ((ip[0] >> 4) != 6 || ip[6] != VG_VRRP_PROTO)
			return false;
		if (plen > len - off - 40)
			plen = len - off - 40;
		f->meta.src = vg_addr_from_bytes(ip + 8, 16);
		f->meta.dst = vg_addr_from_bytes(ip + 24, 16);
		f->meta.ttl = ip[7];
		f->len = (uint16_t)plen;
		memcpy(f->vrrp, ip + 40, f->len);
		return true;
	}
	return false;
}

static int read_input(struct conform *c)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	size_t cap = 0;
	vg_time prev = 0;
	pcap_t *p;
	int rc;

	if (!c->in_path)
		return 0;
	p = pcap_open_offline_with_tstamp_precision(c->in_path, PCAP_TSTAMP_PRECISION_NANO, err);
	if (!p) {
		fprintf(stderr, "vigil conform: %s\n", err);
		return -1;
	}
	if (pcap_datalink(p) != DLT_EN10MB) {
		fprintf(stderr, "vigil conform: %s: not an Ethernet capture\n", c->in_path);
		pcap_close(p);
		return -1;
	}
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		vg_time ts = (vg_time)h->ts.tv_sec * VG_S(1) + (vg_time)h->ts.tv_usec; /* nanosecond precision */
		struct input_frame *f;

		if (c->in_count == cap) {
			struct input_frame *n;

			if (cap == INPUT_FRAMES_MAX) {
				fprintf(stderr, "vigil conform: more than %d input frames\n", INPUT_FRAMES_MAX);
				pcap_close(p);
				return -1;
			}
			cap = cap ? cap * 2 : 64;
			n = realloc(c->in, cap * sizeof(*n));
			if (!n) {
				pcap_close(p);
				return -1;
			}
			c->in = n;
		}
		if (!c->start_set) {
			c->start_ns = ts;
			c->start_set = true;
		}
		if (ts < c->start_ns || ts < prev) {
			fprintf(stderr, "vigil conform: %s: frame %zu is earlier than %s\n", c->in_path, c->in_count + 1,
				ts < c->start_ns ? "--start" : "the frame before it");
			pcap_close(p);
			return -1;
		}
		prev = ts;
		f = &c->in[c->in_count];
		if (!decode_frame(data, h->caplen, f))
			continue; /* ARP, NA, anything that is not VRRP: the node does not see it */
		f->at = ts - c->start_ns;
		f->meta.ifindex = c->ifindex;
		c->in_count++;
	}
	pcap_close(p);
	return 0;
}

/* ---- configuration --------------------------------------------------------- */

static int load_config(struct conform *c)
{
	struct vg_diags diags;
	uint16_t i;
	int rc;

	vg_diags_init(&diags);
	rc = vg_conf_load(c->config, NULL, &c->conf, &diags);
	if (rc == 0) {
		rc = vg_node_build(c->conf, &c->node, &diags);
		c->node_built = rc != VG_CONF_ERR_NOMEM;
	}
	for (i = 0; i < diags.count; i++)
		if (diags.items[i].severity == VG_DIAG_ERROR)
			fprintf(stderr, "%s:%u: %s\n", c->config, diags.items[i].loc.line, diags.items[i].message);
	vg_diags_free(&diags);
	if (rc != 0 || c->node.plan.inst_count == 0) {
		fprintf(stderr, "vigil conform: %s: no instance to run\n", c->config);
		return -1;
	}
	if (c->instance && vg_node_keep_only(&c->node, c->instance)) {
		fprintf(stderr, "vigil conform: %s: no vrrp_instance %s\n", c->config, c->instance);
		return -1;
	}
	c->cfg = c->node.plan.cfg;
	c->src = c->node.plan.src;
	c->inst_count = c->node.plan.inst_count;
	c->inst = c->node.inst;
	if (c->iface) {
		c->ifindex = vg_vrrp_plan_iface(&c->node.plan, c->iface);
		if (c->ifindex == 0) {
			fprintf(stderr, "vigil conform: %s: no instance runs on interface %s\n", c->config, c->iface);
			return -1;
		}
	}
	c->act_cap = (size_t)c->inst_count * VG_ACTIONS_PER_EVENT_MAX * 2;
	c->act_buf = calloc(c->act_cap, sizeof(*c->act_buf));
	if (!c->act_buf)
		return -1;
	return 0;
}

/* The source MAC of an instance's frames: RFC 5798 7.3 virtual MAC, or the interface's. */
static void source_mac(const struct conform *c, uint16_t id, uint8_t mac[VG_ETH_ALEN])
{
	const struct vg_conf_instance *ci = c->src[id];
	const struct vg_vrrp_config *cfg = &c->cfg[id];

	if (ci->use_vmac && !ci->vmac_xmit_base)
		vg_frame_vmac(cfg->family, cfg->vrid, mac);
	else
		memcpy(mac, c->node_mac, VG_ETH_ALEN);
}

/* ---- output ---------------------------------------------------------------- */

static void print_prefix(vg_time t, const struct conform *c, int id)
{
	printf("{\"t\":%llu.%06llu", (unsigned long long)(t / VG_S(1)),
	       (unsigned long long)(t % VG_S(1) / VG_US(1)));
	if (id >= 0)
		printf(",\"instance\":\"%s\"", c->cfg[id].name);
}

static void write_advert(struct conform *c, vg_time now, const struct vg_action *a)
{
	static const uint8_t peer_mac[VG_ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0xfe };
	uint8_t frame[VG_FRAME_MAX], src_mac[VG_ETH_ALEN], dst_mac[VG_ETH_ALEN], pkt[VG_VRRP_PKT_MAX];
	char buf[VG_ADDR_STRLEN];
	ssize_t len, plen = vg_vrrp_advert_encode(&c->cfg[a->instance], a, pkt, sizeof(pkt));

	source_mac(c, a->instance, src_mac);
	vg_frame_dst_mac(&a->u.advert.dst, peer_mac, dst_mac);
	len = plen > 0 ? vg_frame_vrrp(frame, sizeof(frame), src_mac, dst_mac, &a->u.advert.src, &a->u.advert.dst,
				       c->ip_id++, pkt, (size_t)plen)
		       : plen;
	if (len > 0)
		vg_sim_capture_frame(c->cap, c->start_ns + now, frame, (size_t)len);
	print_prefix(now, c, a->instance);
	printf(",\"send\":\"advert\",\"priority\":%u", a->u.advert.priority);
	printf(",\"dst\":\"%s\"}\n", vg_addr_format(&a->u.advert.dst, buf, sizeof(buf)));
}

static void write_garp(struct conform *c, vg_time now, const struct vg_action *a)
{
	const struct vg_vrrp_config *cfg = &c->cfg[a->instance];
	uint8_t frame[VG_FRAME_MAX], mac[VG_ETH_ALEN];
	unsigned int frames = 0;
	uint8_t r, i;
	ssize_t len;

	source_mac(c, a->instance, mac);
	for (r = 0; r < a->u.garp.repeat; r++) {
		for (i = 0; i < cfg->vip_count; i++) {
			if (cfg->family == VG_AF_INET)
				len = vg_frame_garp(frame, sizeof(frame), mac, &cfg->vips[i]);
			else
				len = vg_frame_una(frame, sizeof(frame), mac, &c->inst[a->instance].primary,
						   &cfg->vips[i]);
			if (len > 0) {
				vg_sim_capture_frame(c->cap, c->start_ns + now, frame, (size_t)len);
				frames++;
			}
		}
	}
	print_prefix(now, c, a->instance);
	printf(",\"send\":\"%s\",\"frames\":%u}\n", cfg->family == VG_AF_INET ? "garp" : "na", frames);
}

static void emit(struct conform *c, vg_time now, const struct vg_actions *acts)
{
	size_t i;

	for (i = 0; i < acts->len; i++) {
		const struct vg_action *a = &acts->v[i];

		if (a->group)
			continue;
		switch (a->kind) {
		case VG_ACT_SEND_ADVERT:
			write_advert(c, now, a);
			break;
		case VG_ACT_SEND_GARP:
			write_garp(c, now, a);
			break;
		case VG_ACT_STATE:
			print_prefix(now, c, a->instance);
			printf(",\"state\":\"%s\",\"from\":\"%s\",\"why\":\"%s\"}\n",
			       vg_vrrp_state_name(a->u.state.to), vg_vrrp_state_name(a->u.state.from),
			       vg_vrrp_why_name(a->u.state.why));
			break;
		case VG_ACT_ADD_VIPS:
		case VG_ACT_DEL_VIPS:
			print_prefix(now, c, a->instance);
			printf(",\"vips\":\"%s\"}\n", a->kind == VG_ACT_ADD_VIPS ? "add" : "del");
			break;
		default:
			break;
		}
	}
	if (acts->lost)
		fprintf(stderr, "vigil conform: %zu effects lost (buffer too small)\n", acts->lost);
}

static void input(struct conform *c, vg_time now, const struct vg_vrrp_event *ev)
{
	struct vg_actions acts;
	enum vg_vrrp_drop why;

	vg_actions_init(&acts, c->act_buf, c->act_cap);
	why = vg_router_input(&c->node.router, now, ev, &acts);
	if (ev->kind == VG_EV_PACKET) {
		const struct vg_vrrp_instance *in = NULL;
		int id = -1;

		if (ev->u.packet.len >= 2)
			in = vg_router_lookup(&c->node.router, ev->u.packet.meta.src.family, ev->u.packet.meta.ifindex,
					      ev->u.packet.buf[1]);
		if (in)
			id = (int)(in - c->inst);
		print_prefix(now, c, id);
		if (why == VG_DROP_NONE)
			printf(",\"rx\":\"ok\"}\n");
		else
			printf(",\"drop\":\"%s\"}\n", vg_vrrp_drop_name(why));
	}
	emit(c, now, &acts);
}

static void run(struct conform *c)
{
	struct vg_vrrp_event ev;
	size_t next = 0;
	bool shut = !c->shutdown_set;
	uint16_t i;
	uint8_t k;

	for (k = 0; k < c->node_addr_count; k++) {
		memset(&ev, 0, sizeof(ev));
		ev.kind = VG_EV_SRC_ADDR;
		ev.u.src.addr = c->node_addr[k];
		input(c, 0, &ev);
	}
	memset(&ev, 0, sizeof(ev));
	ev.kind = VG_EV_STARTUP;
	input(c, 0, &ev);
	for (;;) {
		vg_time pkt = next < c->in_count ? c->in[next].at : VG_TIME_NEVER;
		vg_time timer = vg_router_next_deadline(&c->node.router);
		vg_time stop = shut ? VG_TIME_NEVER : c->shutdown_at;

		memset(&ev, 0, sizeof(ev));
		if (pkt <= timer && pkt <= stop && pkt != VG_TIME_NEVER) {
			if (pkt > c->until)
				break;
			ev.kind = VG_EV_PACKET;
			ev.u.packet.buf = c->in[next].vrrp;
			ev.u.packet.len = c->in[next].len;
			ev.u.packet.meta = c->in[next].meta;
			input(c, pkt, &ev);
			next++;
		} else if (timer <= stop && timer != VG_TIME_NEVER) {
			if (timer > c->until)
				break;
			ev.kind = VG_EV_TIMER;
			input(c, timer, &ev);
		} else if (stop != VG_TIME_NEVER) {
			if (stop > c->until)
				break;
			ev.kind = VG_EV_SHUTDOWN;
			input(c, stop, &ev);
			shut = true;
		} else {
			break;
		}
	}
	for (i = 0; i < c->inst_count; i++) {
		const struct vg_vrrp_instance *in = &c->inst[i];

		print_prefix(c->until, c, i);
		printf(",\"end\":\"%s\",\"priority\":%u,\"rx_adverts\":%llu,\"tx_adverts\":%llu,"
		       "\"addr_list_mismatch\":%llu}\n",
		       vg_vrrp_state_name(in->state), in->priority, (unsigned long long)in->stats.rx_adverts,
		       (unsigned long long)in->stats.tx_adverts, (unsigned long long)in->stats.addr_list_mismatch);
	}
}

int vg_cmd_conform(int argc, char **argv)
{
	static const uint8_t default_mac[VG_ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
	struct conform *c = calloc(1, sizeof(*c));
	char err[256];
	int rc = 2;

	if (!c)
		return 1;
	memcpy(c->node_mac, default_mac, VG_ETH_ALEN);
	if (parse_args(c, argc, argv) || load_config(c) || read_input(c))
		goto out;
	if (c->node_addr_count == 0) {
		vg_addr_parse("192.0.2.1", &c->node_addr[0]);
		vg_addr_parse("fe80::1", &c->node_addr[1]);
		c->node_addr_count = 2;
	}
	if (!c->until_set)
		c->until = (c->in_count ? c->in[c->in_count - 1].at : 0) + VG_S(5);
	c->cap = vg_sim_capture_open(c->out_path, err, sizeof(err));
	if (!c->cap) {
		fprintf(stderr, "vigil conform: %s\n", err);
		rc = 1;
		goto out;
	}
	run(c);
	vg_sim_capture_close(c->cap);
	rc = 0;
out:
	free(c->in);
	free(c->act_buf);
	if (c->node_built)
		vg_node_free(&c->node);
	if (c->conf)
		vg_conf_free(c->conf);
	free(c);
	return rc;
}
