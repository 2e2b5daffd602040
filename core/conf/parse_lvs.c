// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the LVS blocks: virtual_server_group, virtual_server, real_server and
 * the health checkers (TCP_CHECK, HTTP_GET, SSL_GET, SMTP_CHECK, DNS_CHECK,
 * MISC_CHECK, UDP_CHECK, PING_CHECK, FILE_CHECK, BFD_CHECK), and after the
 * whole file the inheritance keepalived applies: a checker option not
 * written comes from its real server, then its virtual server, then
 * keepalived's default for that checker type.
 */
#include "conf/parser_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VS(f) ((uint32_t)offsetof(struct vg_conf_virtual_server, f))
#define RS(f) ((uint32_t)offsetof(struct vg_conf_real_server, f))
#define CK(f) ((uint32_t)offsetof(struct vg_conf_checker, f))
#define CD(f) ((uint32_t)offsetof(struct vg_conf_check_defaults, f))
#define CC(f) ((uint32_t)offsetof(struct vg_conf_check_conn, f))
#define URL(f) ((uint32_t)offsetof(struct vg_conf_url, f))
#define MAX_S (INT64_C(4294967295) * US_PER_S)

enum {
	CL_TOP_VSG = 200, CL_TOP_VS,
	CL_LB_KIND = 210, CL_LB_ALGO, CL_PROTOCOL, CL_PERSISTENCE_TIMEOUT, CL_PERSISTENCE_GRANULARITY,
	CL_SORRY_SERVER, CL_IP_FAMILY, CL_REAL_SERVER, CL_CHECKER, CL_URL, CL_STATUS_CODE,
	CL_NB_GET_RETRY, CL_REQUIRE_REPLY, CL_PAYLOAD, CL_FILE_WEIGHT, CL_MISC_PATH, CL_MISC_USER,
	CL_RS_LB_KIND,
};

static const struct kw vs_kws[] = {
	{ "delay_loop", H_TIME, 0, 0, VS(delay_loop_ns), 1, MAX_S },
	{ "lb_algo", H_CUSTOM, 0, CL_LB_ALGO, 0, 0, 0 },
	{ "lvs_sched", H_CUSTOM, 0, CL_LB_ALGO, 0, 0, 0 },
	{ "lb_kind", H_CUSTOM, 0, CL_LB_KIND, 0, 0, 0 },
	{ "lvs_method", H_CUSTOM, 0, CL_LB_KIND, 0, 0, 0 },
	{ "persistence_timeout", H_CUSTOM, 0, CL_PERSISTENCE_TIMEOUT, 0, 1, INT64_C(4294967295) },
	{ "persistence_granularity", H_CUSTOM, 0, CL_PERSISTENCE_GRANULARITY, 0, 0, 0 },
	{ "persistence_engine", H_STR, 0, 0, VS(persistence_engine), 0, 0 },
	{ "protocol", H_CUSTOM, 0, CL_PROTOCOL, 0, 0, 0 },
	{ "ha_suspend", H_FLAG, 0, 0, VS(ha_suspend), 0, 0 },
	{ "alpha", H_FLAG, 0, 0, VS(alpha), 0, 0 },
	{ "omega", H_FLAG, 0, 0, VS(omega), 0, 0 },
	{ "ops", H_FLAG, 0, 0, VS(ops), 0, 0 },
	{ "quorum", H_U32, 0, 0, VS(quorum), 1, INT64_C(4294967295) },
	{ "hysteresis", H_U32, 0, 0, VS(hysteresis), 0, INT64_C(4294967295) },
	{ "quorum_up", H_SCRIPT, 0, 0, VS(quorum_up), 0, 0 },
	{ "quorum_down", H_SCRIPT, 0, 0, VS(quorum_down), 0, 0 },
	{ "smtp_alert", H_TRI, 0, 0, VS(smtp_alert), 0, 0 },
	{ "virtualhost", H_STR, 0, 0, VS(virtualhost), 0, 0 },
	{ "ip_family", H_CUSTOM, 0, CL_IP_FAMILY, 0, 0, 0 },
	{ "sorry_server", H_CUSTOM, 0, CL_SORRY_SERVER, 0, 0, 0 },
	{ "sorry_server_inhibit", H_FLAG, 0, 0, VS(sorry_server_inhibit), 0, 0 },
	{ "sorry_server_lvs_method", H_EXTRA, 0, 0, VS(extra), 0, 0 },
	{ "connect_timeout", H_TIME, 0, 0, VS(connect_timeout_ns), 1, MAX_S },
	{ "retry", H_U32, 0, 0, VS(retry), 0, INT64_C(4294967294) },
	{ "delay_before_retry", H_TIME, 0, 0, VS(delay_before_retry_ns), 0, MAX_S },
	{ "warmup", H_TIME, 0, 0, VS(warmup_ns), 0, MAX_S },
	{ "inhibit_on_failure", H_FLAG, 0, 0, VS(inhibit_on_failure), 0, 0 },
	{ "snmp_name", H_EXTRA, 0, 0, VS(extra), 0, 0 },
	{ "flag-1", H_EXTRA, 0, 0, VS(extra), 0, 0 },
	{ "flag-2", H_EXTRA, 0, 0, VS(extra), 0, 0 },
	{ "flag-3", H_EXTRA, 0, 0, VS(extra), 0, 0 },
	{ "sh-port", H_EXTRA, 0, 0, VS(extra), 0, 0 },
	{ "sh-fallback", H_EXTRA, 0, 0, VS(extra), 0, 0 },
	{ "mh-port", H_EXTRA, 0, 0, VS(extra), 0, 0 },
	{ "mh-fallback", H_EXTRA, 0, 0, VS(extra), 0, 0 },
	{ "real_server", H_CUSTOM, 0, CL_REAL_SERVER, 0, 0, 0 },
};

static const struct kw rs_kws[] = {
	{ "weight", H_I32, 0, 0, RS(weight), 0, 65535 },
	{ "lvs_method", H_CUSTOM, 0, CL_RS_LB_KIND, 0, 0, 0 },
	{ "lb_kind", H_CUSTOM, 0, CL_RS_LB_KIND, 0, 0, 0 },
	{ "notify_up", H_SCRIPT, 0, 0, RS(notify_up), 0, 0 },
	{ "notify_down", H_SCRIPT, 0, 0, RS(notify_down), 0, 0 },
	{ "uthreshold", H_U32, 0, 0, RS(uthreshold), 0, INT64_C(4294967295) },
	{ "lthreshold", H_U32, 0, 0, RS(lthreshold), 0, INT64_C(4294967295) },
	{ "smtp_alert", H_TRI, 0, 0, RS(smtp_alert), 0, 0 },
	{ "virtualhost", H_STR, 0, 0, RS(virtualhost), 0, 0 },
	{ "snmp_name", H_EXTRA, 0, 0, RS(extra), 0, 0 },
	{ "alpha", H_TRI, 0, 0, RS(alpha), 0, 0 },
	{ "connect_timeout", H_TIME, KW_MORE, 0, CD(connect_timeout_ns), 1, MAX_S },
	{ "retry", H_U32, KW_MORE, 0, CD(retry), 0, INT64_C(4294967294) },
	{ "delay_before_retry", H_TIME, KW_MORE, 0, CD(delay_before_retry_ns), 0, MAX_S },
	{ "warmup", H_TIME, KW_MORE, 0, CD(warmup_ns), 0, MAX_S },
	{ "delay_loop", H_TIME, KW_MORE, 0, CD(delay_loop_ns), 1, MAX_S },
	{ "inhibit_on_failure", H_TRI, 0, 0, RS(inhibit_on_failure), 0, 0 },
	{ "TCP_CHECK", H_CUSTOM, 0, CL_CHECKER, VG_CHECK_TCP, 0, 0 },
	{ "HTTP_GET", H_CUSTOM, 0, CL_CHECKER, VG_CHECK_HTTP_GET, 0, 0 },
	{ "SSL_GET", H_CUSTOM, 0, CL_CHECKER, VG_CHECK_SSL_GET, 0, 0 },
	{ "SMTP_CHECK", H_CUSTOM, 0, CL_CHECKER, VG_CHECK_SMTP, 0, 0 },
	{ "MISC_CHECK", H_CUSTOM, 0, CL_CHECKER, VG_CHECK_MISC, 0, 0 },
	{ "DNS_CHECK", H_CUSTOM, 0, CL_CHECKER, VG_CHECK_DNS, 0, 0 },
	{ "UDP_CHECK", H_CUSTOM, 0, CL_CHECKER, VG_CHECK_UDP, 0, 0 },
	{ "PING_CHECK", H_CUSTOM, 0, CL_CHECKER, VG_CHECK_PING, 0, 0 },
	{ "FILE_CHECK", H_CUSTOM, 0, CL_CHECKER, VG_CHECK_FILE, 0, 0 },
	{ "BFD_CHECK", H_CUSTOM, 0, CL_CHECKER, VG_CHECK_BFD, 0, 0 },
};

static const struct kw chk_common_kws[] = {
	{ "connect_ip", H_ADDR, KW_MORE, 0, CC(connect_ip), 0, 0 },
	{ "connect_port", H_U16, 0, 0, CK(connect_port), 1, 65535 },
	{ "bindto", H_ADDR, KW_MORE, 0, CC(bindto), 0, 0 },
	{ "bind_if", H_STR, KW_MORE, 0, CC(bind_if), 0, 0 },
	{ "bind_port", H_U16, KW_MORE, 0, CC(bind_port), 1, 65535 },
	{ "fwmark", H_U32, KW_MORE, 0, CC(fwmark), 0, INT64_C(4294967295) },
	{ "alpha", H_TRI, 0, 0, CK(alpha), 0, 0 },
	{ "connect_timeout", H_TIME, 0, 0, CK(connect_timeout_ns), 1, MAX_S },
	{ "retry", H_U32, 0, 0, CK(retry), 0, INT64_C(4294967294) },
	{ "nb_get_retry", H_CUSTOM, 0, CL_NB_GET_RETRY, 0, 0, INT64_C(4294967294) },
	{ "delay_before_retry", H_TIME, 0, 0, CK(delay_before_retry_ns), 0, MAX_S },
	{ "warmup", H_TIME, 0, 0, CK(warmup_ns), 0, MAX_S },
	{ "delay_loop", H_TIME, 0, 0, CK(delay_loop_ns), 1, MAX_S },
	{ "log_all_failures", H_TRI, 0, 0, CK(log_all_failures), 0, 0 },
};

static const struct kw chk_http_kws[] = {
	{ "url", H_CUSTOM, 0, CL_URL, 0, 0, 0 },
	{ "http_protocol", H_STR, 0, 0, CK(http_protocol), 0, 0 },
	{ "virtualhost", H_STR, 0, 0, CK(virtualhost), 0, 0 },
	{ "enable_sni", H_FLAG, 0, 0, CK(enable_sni), 0, 0 },
	{ "fast_recovery", H_EXTRA, 0, 0, CK(extra), 0, 0 },
};

static const struct kw chk_smtp_kws[] = {
	{ "helo_name", H_STR, 0, 0, CK(helo_name), 0, 0 },
	{ "host", H_EXTRA_BLOCK, 0, 0, CK(extra), 0, 0 },
};

static const struct kw chk_dns_kws[] = {
	{ "type", H_STR, 0, 0, CK(dns_type), 0, 0 },
	{ "name", H_STR, 0, 0, CK(dns_name), 0, 0 },
};

static const struct kw chk_misc_kws[] = {
	{ "misc_path", H_CUSTOM, 0, CL_MISC_PATH, 0, 0, 0 },
	{ "misc_timeout", H_TIME, 0, 0, CK(misc_timeout_ns), 1, MAX_S },
	{ "misc_dynamic", H_FLAG, 0, 0, CK(misc_dynamic), 0, 0 },
	{ "user", H_CUSTOM, 0, CL_MISC_USER, 0, 0, 0 },
};

static const struct kw chk_udp_kws[] = {
	{ "payload", H_CUSTOM, 0, CL_PAYLOAD, 0, 0, 0 },
	{ "require_reply", H_CUSTOM, 0, CL_REQUIRE_REPLY, 0, 0, 0 },
	{ "min_reply_length", H_U32, 0, 0, CK(min_reply_length), 0, 65535 },
	{ "max_reply_length", H_U32, 0, 0, CK(max_reply_length), 0, 65535 },
};

static const struct kw chk_file_kws[] = {
	{ "track_file", H_STR, 0, 0, CK(track_file), 0, 0 },
	{ "dynamic", H_FLAG, 0, 0, CK(dynamic), 0, 0 },
	{ "weight", H_CUSTOM, 0, CL_FILE_WEIGHT, 0, -2147483647, 2147483647 },
};

static const struct kw chk_bfd_kws[] = {
	{ "name", H_STR, 0, 0, CK(bfd_name), 0, 0 },
};

static const struct kw url_kws[] = {
	{ "path", H_STR, 0, 0, URL(path), 0, 0 },
	{ "digest", H_STR, 0, 0, URL(digest), 0, 0 },
	{ "status_code", H_CUSTOM, 0, CL_STATUS_CODE, 0, 0, 0 },
	{ "virtualhost", H_STR, 0, 0, URL(virtualhost), 0, 0 },
	{ "regex", H_EXTRA, 0, 0, URL(extra), 0, 0 },
	{ "regex_no_match", H_EXTRA, 0, 0, URL(extra), 0, 0 },
	{ "regex_options", H_EXTRA, 0, 0, URL(extra), 0, 0 },
	{ "regex_stack", H_EXTRA, 0, 0, URL(extra), 0, 0 },
	{ "regex_min_offset", H_EXTRA, 0, 0, URL(extra), 0, 0 },
	{ "regex_max_offset", H_EXTRA, 0, 0, URL(extra), 0, 0 },
};

#define SET(arr, name, ex, al)                  \
	do {                                    \
		t->block = name;                \
		t->kws = arr;                   \
		t->count = KW_COUNT(arr);       \
		t->extra_off = (ptrdiff_t)(ex); \
		t->also = al;                   \
	} while (0)

static void *check_defaults_new(struct vg_arena *a)
{
	struct vg_conf_check_defaults *d = vg_arena_alloc(a, sizeof(*d));

	if (d) {
		d->connect_timeout_ns = d->delay_before_retry_ns = d->warmup_ns = d->delay_loop_ns = VG_TIME_NEVER;
		d->retry = UINT32_MAX;
	}
	return d;
}

static void *check_conn_new(struct vg_arena *a)
{
	return vg_arena_alloc(a, sizeof(struct vg_conf_check_conn));
}

/* The checker tables that search chk_common_kws: its connection keywords go to ck->conn. */
static void checker_more(struct kw_table *t)
{
	t->more_off = CK(conn);
	t->more_new = check_conn_new;
}

bool vg_table_lvs(int id, struct kw_table *t)
{
	switch (id) {
	case T_VS: SET(vs_kws, "virtual_server", VS(extra), 0); return true;
	case T_RS:
		SET(rs_kws, "real_server", RS(extra), 0);
		t->more_off = RS(check_defaults);
		t->more_new = check_defaults_new;
		return true;
	case T_CHK_COMMON: SET(chk_common_kws, "the checker", CK(extra), 0); checker_more(t); return true;
	case T_CHK_TCP:
		t->block = "TCP_CHECK"; t->extra_off = CK(extra); t->also = T_CHK_COMMON; checker_more(t); return true;
	case T_CHK_PING:
		t->block = "PING_CHECK"; t->extra_off = CK(extra); t->also = T_CHK_COMMON; checker_more(t); return true;
	case T_CHK_HTTP: SET(chk_http_kws, "HTTP_GET", CK(extra), T_CHK_COMMON); checker_more(t); return true;
	case T_CHK_SMTP: SET(chk_smtp_kws, "SMTP_CHECK", CK(extra), T_CHK_COMMON); checker_more(t); return true;
	case T_CHK_DNS: SET(chk_dns_kws, "DNS_CHECK", CK(extra), T_CHK_COMMON); checker_more(t); return true;
	case T_CHK_MISC: SET(chk_misc_kws, "MISC_CHECK", CK(extra), T_CHK_COMMON); checker_more(t); return true;
	case T_CHK_UDP: SET(chk_udp_kws, "UDP_CHECK", CK(extra), T_CHK_COMMON); checker_more(t); return true;
	case T_CHK_FILE: SET(chk_file_kws, "FILE_CHECK", CK(extra), 0); return true;
	case T_CHK_BFD: SET(chk_bfd_kws, "BFD_CHECK", CK(extra), 0); return true;
	case T_URL: SET(url_kws, "url", URL(extra), 0); return true;
	default: return false;
	}
}

static int checker_table(enum vg_conf_checker_type t)
{
	switch (t) {
	case VG_CHECK_TCP: return T_CHK_TCP;
	case VG_CHECK_HTTP_GET:
	case VG_CHECK_SSL_GET: return T_CHK_HTTP;
	case VG_CHECK_SMTP: return T_CHK_SMTP;
	case VG_CHECK_MISC: return T_CHK_MISC;
	case VG_CHECK_DNS: return T_CHK_DNS;
	case VG_CHECK_UDP: return T_CHK_UDP;
	case VG_CHECK_PING: return T_CHK_PING;
	case VG_CHECK_FILE: return T_CHK_FILE;
	case VG_CHECK_BFD: return T_CHK_BFD;
	default: return T_CHK_TCP;
	}
}

/* "IP [port]" into addr/port; returns the number of tokens used, 0 on error. */
static uint32_t addr_port(struct pctx *p, const struct stmt *st, uint32_t i, struct vg_addr *a,
			  uint16_t *port, bool *port_set)
{
	int64_t v;

	if (i >= st->n) {
		vg_perr(p, st, 0, "missing-value", "'%s' needs an address", st->tok[0].text);
		return 0;
	}
	if (vg_addr_parse(st->tok[i].text, a) < 0) {
		vg_perr(p, st, i, "invalid-address", "'%s' is not an IPv4 or IPv6 address", st->tok[i].text);
		return 0;
	}
	*port_set = false;
	if (i + 1 < st->n) {
		if (!vg_pint(p, st, i + 1, 0, 65535, &v))
			return 0;
		*port = (uint16_t)v;
		*port_set = true;
		return 2;
	}
	return 1;
}

static bool lb_kind(struct pctx *p, const struct stmt *st, enum vg_conf_lb_kind *out, struct vg_conf_tun *tun)
{
	const char *w;

	if (!vg_pargs(p, st, 1, 8))
		return false;
	w = st->tok[1].text;
	if (strcmp(w, "NAT") == 0)
		*out = VG_CONF_LB_NAT;
	else if (strcmp(w, "DR") == 0)
		*out = VG_CONF_LB_DR;
	else if (strcmp(w, "TUN") == 0)
		*out = VG_CONF_LB_TUN;
	else {
		vg_perr(p, st, 1, "invalid-value", "%s '%s': expected NAT, DR or TUN", st->tok[0].text, w);
		return false;
	}
	if (st->n > 2 && *out != VG_CONF_LB_TUN)
		vg_pwarn(p, st, 2, "extra-argument", "'%s' is ignored (only TUN takes options)", st->tok[2].text);
	if (*out == VG_CONF_LB_TUN) {
		const char *words[8];
		const char *why = NULL;
		uint32_t n = 0, bad = 0;

		for (uint32_t i = 2; i < st->n && n < 8; i++)
			words[n++] = st->tok[i].text;
		/* keepalived keeps TUN and drops the options after a bad one */
		if (vg_conf_tun_parse(words, n, tun, &why, &bad) != 0)
			vg_perr(p, st, bad + 2, "invalid-value", "%s (keepalived: the tunnel options are ignored)", why);
	}
	return true;
}

static void vsg_line(struct pctx *p, const struct stmt *st, void *obj)
{
	struct vg_conf_vsg *g = obj;
	struct vg_conf_vsg_entry e;
	int64_t v;
	const char *w = st->tok[0].text;

	memset(&e, 0, sizeof(e));
	e.loc = st->loc;
	if (strcmp(w, "fwmark") == 0) {
		e.is_fwmark = true;
		if (!vg_pint(p, st, 1, 1, INT64_C(4294967295), &v))
			return;
		e.fwmark = (uint32_t)v;
		if (st->n > 2) {
			if (strcmp(st->tok[2].text, "inet") == 0)
				e.fwmark_family = VG_AF_INET;
			else if (strcmp(st->tok[2].text, "inet6") == 0)
				e.fwmark_family = VG_AF_INET6;
			else
				vg_perr(p, st, 2, "invalid-value", "expected inet or inet6, not '%s'", st->tok[2].text);
		}
	} else {
		/* a.b.c.d, a.b.c.d-e, a.b.c.d-e.f.g.h, a.b.c.d/nn (and IPv6 forms) */
		char buf[2 * VG_ADDR_STRLEN + 8];
		const char *dash = strchr(w, '-');
		const char *slash = strchr(w, '/');
		size_t n = strlen(w);
		if (n >= sizeof(buf)) {
			vg_perr(p, st, 0, "invalid-address", "'%s' is not an address or range", w);
			return;
		}
		memcpy(buf, w, n + 1);
		if (dash)
			buf[dash - w] = '\0';
		else if (slash)
			buf[slash - w] = '\0';
		if (vg_addr_parse(buf, &e.first) < 0) {
			vg_perr(p, st, 0, "invalid-address", "'%s' is not an address or range", w);
			return;
		}
		e.last = e.first;
		if (dash) {
			struct vg_addr last;
			if (vg_addr_parse(dash + 1, &last) == 0) {
				e.last = last;
			} else if (vg_parse_int(dash + 1, &v) == 0 && v >= 0 && v <= 255 && e.first.family == VG_AF_INET) {
				e.last.bytes[3] = (uint8_t)v;
			} else if (e.first.family == VG_AF_INET6) {
				char *end;
				unsigned long h = strtoul(dash + 1, &end, 16);
				if (*end || h > 0xffff) {
					vg_perr(p, st, 0, "invalid-address", "'%s': invalid range end", w);
					return;
				}
				e.last.bytes[14] = (uint8_t)(h >> 8);
				e.last.bytes[15] = (uint8_t)h;
			} else {
				vg_perr(p, st, 0, "invalid-address", "'%s': invalid range end", w);
				return;
			}
			if (vg_addr_cmp(&e.last, &e.first) < 0) {
				vg_perr(p, st, 0, "invalid-address", "'%s': the range ends before it starts", w);
				return;
			}
		} else if (slash) {
			uint8_t plen;
			bool set;
			size_t len = e.first.family == VG_AF_INET ? 4 : 16;
			if (vg_parse_prefix(w, &e.first, &plen, &set) < 0) {
				vg_perr(p, st, 0, "invalid-prefix", "'%s': invalid prefix", w);
				return;
			}
			e.last = e.first;
			for (size_t b = 0; b < len; b++) {
				int keep = (int)plen - (int)(b * 8);
				uint8_t mask = keep >= 8 ? 0xff : keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));
				e.first.bytes[b] &= mask;
				e.last.bytes[b] |= (uint8_t)~mask;
			}
		}
		if (st->n > 1 && vg_pint(p, st, 1, 0, 65535, &v))
			e.port = (uint16_t)v;
	}
	{
		struct vg_conf_vsg_entry *slot = VG_LIST_PUSH(p->a, g->entries);
		if (slot)
			*slot = e;
	}
}

static void status_code_args(struct pctx *p, const struct stmt *st, struct vg_conf_url *u)
{
	for (uint32_t i = 1; i < st->n; i++) {
		const char *w = st->tok[i].text;
		const char *dash = strchr(w, '-');
		int64_t a, b = 0;
		char lo[8];
		size_t n = dash ? (size_t)(dash - w) : strlen(w);
		bool ok = n < sizeof(lo);
		if (ok) {
			memcpy(lo, w, n);
			lo[n] = '\0';
			ok = vg_parse_int(lo, &a) == 0 && a >= 100 && a <= 599 &&
			     (!dash || (vg_parse_int(dash + 1, &b) == 0 && b >= a && b <= 599));
		}
		if (!ok) {
			vg_perr(p, st, i, "invalid-value", "status_code '%s': expected a code or range in 100..599", w);
			continue;
		}
		vg_pstrs_add(p, &u->status_codes, w);
	}
}

static void finalize_vs(struct pctx *p, struct vg_conf_virtual_server *vs);

/* The MISC_CHECK's script, made on its first line (misc_path or user). */
static struct vg_conf_script *misc_script(struct pctx *p, struct vg_conf_checker *ck)
{
	if (!ck->misc_path)
		ck->misc_path = vg_arena_alloc(p->a, sizeof(*ck->misc_path));
	return ck->misc_path;
}

void vg_custom_lvs(struct pctx *p, const struct stmt *st, void *obj, const struct kw *k)
{
	struct vg_conf *c = p->conf;
	int64_t v;

	switch (k->aux) {
	case CL_TOP_VSG: {
		struct vg_conf_vsg *g;
		if (!vg_parse_need_block(p, st))
			return;
		g = VG_LIST_PUSH(p->a, c->vs_groups);
		if (!g)
			return;
		g->loc = st->loc;
		g->name = vg_pstr(p, st, 1);
		if (!g->name)
			vg_perr(p, st, 0, "missing-name", "virtual_server_group needs a name");
		vg_parse_list(p, st, vsg_line, g);
		return;
	}
	case CL_TOP_VS: {
		struct vg_conf_virtual_server *vs;
		if (!vg_parse_need_block(p, st))
			return;
		vs = VG_LIST_PUSH(p->a, c->virtual_servers);
		if (!vs)
			return;
		vs->loc = st->loc;
		vs->quorum = 1;
		vs->delay_loop_ns = vs->connect_timeout_ns = vs->delay_before_retry_ns = vs->warmup_ns = VG_TIME_NEVER;
		vs->retry = UINT32_MAX;
		if (st->n >= 3 && strcmp(st->tok[1].text, "fwmark") == 0) {
			vs->kind = VG_CONF_VS_FWMARK;
			if (vg_pint(p, st, 2, 1, INT64_C(4294967295), &v))
				vs->fwmark = (uint32_t)v;
		} else if (st->n >= 3 && strcmp(st->tok[1].text, "group") == 0) {
			vs->kind = VG_CONF_VS_GROUP;
			vs->group = vg_pstr(p, st, 2);
		} else {
			vs->kind = VG_CONF_VS_ADDR;
			addr_port(p, st, 1, &vs->addr, &vs->port, &vs->port_set);
		}
		vg_parse_table(p, st, T_VS, vs);
		/* many services of many real servers: no room left over in each list (the real servers'
		   list is in lvs_arena, below) */
		vs->real_servers.items = vg_arena_list_fit(&c->lvs_arena, vs->real_servers.items, vs->real_servers.count,
							   &vs->real_servers.cap, sizeof(*vs->real_servers.items));
		finalize_vs(p, vs);
		return;
	}
	case CL_REAL_SERVER: {
		struct vg_conf_virtual_server *vs = obj;
		struct vg_conf_real_server *rs;
		if (!vg_parse_need_block(p, st))
			return;
		/* the real servers, their checkers and all they hold go to lvs_arena (vg_conf_drop_lvs);
		   the virtual server's own settings stay in the tree's arena (the table reads them) */
		p->a = &c->lvs_arena;
		rs = VG_LIST_PUSH(p->a, vs->real_servers);
		if (rs) {
			rs->loc = st->loc;
			rs->weight = 1;
			addr_port(p, st, 1, &rs->addr, &rs->port, &rs->port_set);
			vg_parse_table(p, st, T_RS, rs);
		}
		p->a = p->main;
		return;
	}
	case CL_CHECKER: {
		struct vg_conf_real_server *rs = obj;
		struct vg_conf_checker *ck;
		if (!vg_parse_need_block(p, st))
			return;
		ck = VG_LIST_PUSH(p->a, rs->checkers);
		if (!ck)
			return;
		ck->loc = st->loc;
		ck->type = (enum vg_conf_checker_type)k->off;
		ck->connect_timeout_ns = ck->delay_before_retry_ns = ck->warmup_ns = ck->delay_loop_ns = VG_TIME_NEVER;
		ck->retry = UINT32_MAX;
		if (ck->type == VG_CHECK_UDP)
			ck->max_reply_length = 255;
		if (ck->type == VG_CHECK_FILE || ck->type == VG_CHECK_BFD)
			ck->weight = 1;
		if (st->n > 1)
			vg_pwarn(p, st, 1, "extra-argument", "'%s' is ignored", st->tok[1].text);
		vg_parse_table(p, st, checker_table(ck->type), ck);
		return;
	}
	case CL_URL: {
		struct vg_conf_checker *ck = obj;
		struct vg_conf_url *u;
		if (!vg_parse_need_block(p, st))
			return;
		u = VG_LIST_PUSH(p->a, ck->urls);
		if (!u)
			return;
		u->loc = st->loc;
		vg_parse_table(p, st, T_URL, u);
		u->status_codes.items = vg_arena_list_fit(p->a, u->status_codes.items, u->status_codes.count,
							  &u->status_codes.cap, sizeof(*u->status_codes.items));
		if (!u->path)
			vg_pdiag_loc(p, VG_DIAG_ERROR, &u->loc, "missing-value", NULL, "url has no path");
		return;
	}
	case CL_STATUS_CODE:
		if (vg_pargs(p, st, 1, VG_CONF_TOKENS_MAX))
			status_code_args(p, st, obj);
		return;
	case CL_NB_GET_RETRY: {
		struct vg_conf_checker *ck = obj;
		vg_pwarn(p, st, 0, "deprecated", "'nb_get_retry' is the deprecated spelling of 'retry'");
		if (vg_pint(p, st, 1, k->min, k->max, &v)) {
			ck->retry = (uint32_t)v;
			ck->retry_deprecated = true;
		}
		return;
	}
	case CL_MISC_PATH: {
		struct vg_conf_checker *ck = obj;
		const char *user, *group;
		if (st->n < 2) {
			vg_perr(p, st, 0, "missing-value", "misc_path needs a command");
			return;
		}
		if (!misc_script(p, ck))
			return;
		user = ck->misc_path->user; /* a 'user' line may come first */
		group = ck->misc_path->group;
		vg_pscript_into(p, st, 1, true, ck->misc_path);
		ck->misc_path->user = user;
		ck->misc_path->group = group;
		return;
	}
	case CL_MISC_USER: {
		struct vg_conf_checker *ck = obj;
		if (vg_pargs(p, st, 1, 2) && misc_script(p, ck)) {
			ck->misc_path->user = vg_pstr(p, st, 1);
			ck->misc_path->group = vg_pstr(p, st, 2);
		}
		return;
	}
	case CL_PAYLOAD:
	case CL_REQUIRE_REPLY: {
		struct vg_conf_checker *ck = obj;
		char buf[VG_CONF_LINE_BYTES_MAX];
		size_t o = 0;
		buf[0] = '\0';
		for (uint32_t i = 1; i < st->n && o < sizeof(buf); i++)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", i > 1 ? " " : "", st->tok[i].text); /* blanks separate hex groups */
		if (k->aux == CL_PAYLOAD) {
			if (st->n < 2)
				vg_perr(p, st, 0, "missing-value", "payload needs hex data");
			else
				ck->payload = vg_arena_strdup(p->a, buf);
		} else {
			ck->require_reply = true;
			ck->require_reply_hex = st->n > 1 ? vg_arena_strdup(p->a, buf) : NULL;
		}
		return;
	}
	case CL_FILE_WEIGHT: {
		struct vg_conf_checker *ck = obj;
		if (vg_pint(p, st, 1, k->min, k->max, &v)) {
			ck->weight = (int32_t)v;
			ck->weight_set = true;
			if (st->n > 2 && strcmp(st->tok[2].text, "reverse") == 0)
				ck->weight_reverse = true;
		}
		return;
	}
	case CL_RS_LB_KIND: {
		struct vg_conf_real_server *rs = obj;
		if (lb_kind(p, st, &rs->lb_kind, &rs->tun))
			rs->lb_kind_set = true;
		return;
	}
	default:
		break;
	}
	{
		struct vg_conf_virtual_server *vs = obj;
		switch (k->aux) {
		case CL_LB_KIND:
			if (lb_kind(p, st, &vs->lb_kind, &vs->tun))
				vs->lb_kind_set = true;
			return;
		case CL_LB_ALGO: {
			static const char scheds[][8] = { "rr", "wrr", "lc", "wlc", "lblc", "sh", "mh",
							  "dh", "fo", "ovf", "lblcr", "sed", "nq", "twos" };
			const char *cand[KW_COUNT(scheds)];
			if (!vg_pargs(p, st, 1, 1))
				return;
			for (size_t i = 0; i < KW_COUNT(scheds); i++) {
				cand[i] = scheds[i];
				if (strcmp(scheds[i], st->tok[1].text) == 0) {
					vs->lb_algo = vg_pstr(p, st, 1);
					vs->lb_algo_set = true;
					return;
				}
			}
			{
				struct vg_conf_loc loc = vg_ploc(st, 1);
				vg_pdiag_loc(p, VG_DIAG_ERROR, &loc, "invalid-value",
					     vg_diag_suggest(st->tok[1].text, cand, KW_COUNT(scheds)),
					     "unknown scheduler '%s' (rr wrr lc wlc lblc sh mh dh fo ovf lblcr sed nq twos)",
					     st->tok[1].text);
			}
			return;
		}
		case CL_PROTOCOL:
			if (!vg_pargs(p, st, 1, 1))
				return;
			if (vg_same_nocase(st->tok[1].text, "TCP"))
				vs->protocol = VG_CONF_PROTO_TCP;
			else if (vg_same_nocase(st->tok[1].text, "UDP"))
				vs->protocol = VG_CONF_PROTO_UDP;
			else if (vg_same_nocase(st->tok[1].text, "SCTP"))
				vs->protocol = VG_CONF_PROTO_SCTP;
			else {
				vg_perr(p, st, 1, "invalid-value", "protocol '%s': expected TCP, UDP or SCTP",
					st->tok[1].text);
				return;
			}
			vs->protocol_set = true;
			return;
		case CL_PERSISTENCE_TIMEOUT:
			vs->persistence_set = true;
			vs->persistence_timeout_s = 360;
			if (st->n > 1 && vg_pint(p, st, 1, k->min, k->max, &v))
				vs->persistence_timeout_s = (uint32_t)v;
			return;
		case CL_PERSISTENCE_GRANULARITY: {
			/* keepalived 2.2.7 pgr_handler: an IPv4 netmask, or for IPv6 a prefix length 1..128 */
			const char *w = vg_pargs(p, st, 1, 1) ? st->tok[1].text : NULL;
			char *end = NULL;
			unsigned long bits = w && !strchr(w, '.') && !strchr(w, ':') ? strtoul(w, &end, 10) : 0;

			if (!w)
				return;
			if (end && !*end && *w && bits >= 1 && bits <= 128) {
				memset(&vs->persistence_granularity, 0, sizeof(vs->persistence_granularity));
				vs->persistence_granularity.family = VG_AF_INET6;
				for (unsigned long b = 0; b < bits; b++)
					vs->persistence_granularity.bytes[b / 8] |= (uint8_t)(0x80u >> (b % 8));
			} else if (vg_addr_parse(w, &vs->persistence_granularity) < 0) {
				vg_perr(p, st, 1, "invalid-address", "persistence_granularity '%s' is not a netmask",
					st->tok[1].text);
			}
			return;
		}
		case CL_SORRY_SERVER: {
			bool set;
			vs->has_sorry_server = addr_port(p, st, 1, &vs->sorry_server, &vs->sorry_server_port, &set) > 0;
			return;
		}
		case CL_IP_FAMILY:
			if (!vg_pargs(p, st, 1, 1))
				return;
			if (strcmp(st->tok[1].text, "inet") == 0)
				vs->ip_family = VG_AF_INET;
			else if (strcmp(st->tok[1].text, "inet6") == 0)
				vs->ip_family = VG_AF_INET6;
			else
				vg_perr(p, st, 1, "invalid-value", "ip_family '%s': expected inet or inet6", st->tok[1].text);
			return;
		default:
			return;
		}
	}
}

/* ---- inheritance ---- */

static vg_time pick_time(vg_time a, vg_time b, vg_time c, vg_time dflt)
{
	if (a != VG_TIME_NEVER)
		return a;
	if (b != VG_TIME_NEVER)
		return b;
	if (c != VG_TIME_NEVER)
		return c;
	return dflt;
}

/*
 * What keepalived fills in for a virtual server and its real servers and
 * checkers (inheritance, defaults), done when its block ends, while it is
 * still in the cache.
 */
static void finalize_vs(struct pctx *p, struct vg_conf_virtual_server *vs)
{
	static const struct vg_conf_check_defaults none = {
		VG_TIME_NEVER, VG_TIME_NEVER, VG_TIME_NEVER, VG_TIME_NEVER, UINT32_MAX, false, false, false, false, false,
	};
	vg_time vs_loop;

	if (p->nomem)
		return;
	vs->delay_loop_set = vs->delay_loop_ns != VG_TIME_NEVER;
	vs_loop = vs->delay_loop_set ? vs->delay_loop_ns : VG_S(60);
	if (!vs->protocol_set) {
		vs->protocol = VG_CONF_PROTO_UDP;
		if (vs->kind != VG_CONF_VS_FWMARK)
			vg_pdiag_loc(p, VG_DIAG_WARNING, &vs->loc, "vs-no-protocol", NULL,
				     "virtual_server has no 'protocol': keepalived 2.2.7 defaults to UDP "
				     "(write 'protocol TCP' for a TCP service)");
	}
	if (vs->kind == VG_CONF_VS_ADDR && !vs->port_set && !vs->persistence_set) {
		vg_pdiag_loc(p, VG_DIAG_WARNING, &vs->loc, "vs-no-port", NULL,
			     "virtual_server without a port is only valid for a persistent service: "
			     "keepalived makes it persistent (persistence_timeout 360)");
		vs->persistence_set = true;
		vs->persistence_timeout_s = 360;
	}
	if (!vs->lb_algo_set)
		vs->lb_algo = "wlc"; /* keepalived's (and IPVS's) default scheduler */
	for (uint32_t r = 0; r < vs->real_servers.count; r++) {
		struct vg_conf_real_server *rs = &vs->real_servers.items[r];
		const struct vg_conf_check_defaults *rd = rs->check_defaults ? rs->check_defaults : &none;
		if (!rs->lb_kind_set) {
			rs->lb_kind = vs->lb_kind;
			rs->tun = vs->tun;
		}
		if (!rs->port_set)
			rs->port = vs->port;
		for (uint32_t k = 0; k < rs->checkers.count; k++) {
			struct vg_conf_checker *ck = &rs->checkers.items[k];
			vg_time loop, dbr;
			uint32_t retry_default = ck->type == VG_CHECK_MISC ? 0 : ck->type == VG_CHECK_DNS ? 3 : 1;

			ck->delay_loop_set = ck->delay_loop_ns != VG_TIME_NEVER;
			loop = pick_time(ck->delay_loop_ns, rd->delay_loop_ns, VG_TIME_NEVER, vs_loop);
			ck->delay_loop_ns = loop;
			ck->connect_timeout_set = ck->connect_timeout_ns != VG_TIME_NEVER;
			ck->connect_timeout_ns = pick_time(ck->connect_timeout_ns, rd->connect_timeout_ns,
							   vs->connect_timeout_ns, VG_S(5));
			dbr = ck->type == VG_CHECK_HTTP_GET || ck->type == VG_CHECK_SSL_GET ? VG_S(3)
			      : ck->type == VG_CHECK_DNS					  ? loop
												  : VG_S(1);
			ck->delay_before_retry_set = ck->delay_before_retry_ns != VG_TIME_NEVER;
			ck->delay_before_retry_ns = pick_time(ck->delay_before_retry_ns, rd->delay_before_retry_ns,
							      vs->delay_before_retry_ns, dbr);
			ck->warmup_set = ck->warmup_ns != VG_TIME_NEVER;
			ck->warmup_ns = pick_time(ck->warmup_ns, rd->warmup_ns, vs->warmup_ns, loop);
			ck->retry_set = ck->retry != UINT32_MAX;
			if (!ck->retry_set)
				ck->retry = rd->retry != UINT32_MAX   ? rd->retry
					    : vs->retry != UINT32_MAX ? vs->retry
								      : retry_default;
			if (!ck->connect_port)
				ck->connect_port = rs->port;
			/* keepalived 2.2.7 drops such a checker (dequeue_new_checker) and keeps the real
			   server, which then has no checker; so does the LVS mapping (core/lvs/from_conf.c) */
			if ((ck->type == VG_CHECK_HTTP_GET || ck->type == VG_CHECK_SSL_GET) && !ck->urls.count)
				vg_pdiag_loc(p, VG_DIAG_WARNING, &ck->loc, "missing-value", NULL,
					     "HTTP/SSL_GET checker has no urls specified - ignoring (%s without a url "
					     "block: the real server has no checker of it)",
					     vg_conf_checker_name(ck->type));
			if (ck->type == VG_CHECK_MISC && (!ck->misc_path || !ck->misc_path->cmd))
				vg_pdiag_loc(p, VG_DIAG_WARNING, &ck->loc, "missing-value", NULL,
					     "No script path has been specified for MISC_CHECKER - skipping (MISC_CHECK "
					     "without misc_path: the real server has no checker of it)");
		}
		if (rs->check_defaults) {
			struct vg_conf_check_defaults *d = rs->check_defaults;
			d->connect_timeout_set = d->connect_timeout_ns != VG_TIME_NEVER;
			d->delay_before_retry_set = d->delay_before_retry_ns != VG_TIME_NEVER;
			d->warmup_set = d->warmup_ns != VG_TIME_NEVER;
			d->delay_loop_set = d->delay_loop_ns != VG_TIME_NEVER;
			d->retry_set = d->retry != UINT32_MAX;
		}
	}
	vs->delay_loop_ns = vs_loop;
	vs->connect_timeout_set = vs->connect_timeout_ns != VG_TIME_NEVER;
	vs->delay_before_retry_set = vs->delay_before_retry_ns != VG_TIME_NEVER;
	vs->warmup_set = vs->warmup_ns != VG_TIME_NEVER;
	vs->retry_set = vs->retry != UINT32_MAX;
}

/* BFD_CHECK names a bfd_instance (keepalived 2.2.7 check_bfd.c: else a configuration error, the checker skipped). */
static void bfd_checks_resolve(struct pctx *p, const struct vg_conf_real_server *rs)
{
	const struct vg_conf *c = p->conf;

	for (uint32_t k = 0; k < rs->checkers.count; k++) {
		const struct vg_conf_checker *ck = &rs->checkers.items[k];
		bool found = false;

		if (ck->type != VG_CHECK_BFD)
			continue;
		for (uint32_t b = 0; b < c->bfd_instances.count && ck->bfd_name; b++)
			found |= c->bfd_instances.items[b].name && !strcmp(c->bfd_instances.items[b].name, ck->bfd_name);
		if (!ck->bfd_name)
			vg_pdiag_loc(p, VG_DIAG_WARNING, &ck->loc, "bfd-check-undefined", NULL,
				     "BFD_CHECK has no name: keepalived skips the checker");
		else if (!found)
			vg_pdiag_loc(p, VG_DIAG_WARNING, &ck->loc, "bfd-check-undefined", NULL,
				     "BFD_CHECK names no bfd_instance '%s': keepalived skips the checker", ck->bfd_name);
	}
}

/* After the whole file: what needs the blocks that may come later (groups, bfd_instances). */
void vg_lvs_finalize(struct pctx *p)
{
	struct vg_conf *c = p->conf;

	for (uint32_t i = 0; i < c->virtual_servers.count; i++) {
		const struct vg_conf_virtual_server *vs = &c->virtual_servers.items[i];
		if (vs->kind == VG_CONF_VS_GROUP) {
			bool found = false;
			for (uint32_t g = 0; g < c->vs_groups.count; g++)
				found |= vs->group && c->vs_groups.items[g].name &&
					 strcmp(vs->group, c->vs_groups.items[g].name) == 0;
			if (!found)
				vg_pdiag_loc(p, VG_DIAG_ERROR, &vs->loc, "vs-group-undefined", NULL,
					     "virtual_server group '%s' names no virtual_server_group",
					     vs->group ? vs->group : "");
		}
		for (uint32_t r = 0; r < vs->real_servers.count; r++)
			bfd_checks_resolve(p, &vs->real_servers.items[r]);
	}
}
