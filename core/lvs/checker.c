// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: health-checker state machines: timers, retries, HTTP evaluation.
 *
 * tcp_epilog() (keepalived check_tcp.c) drives every non-HTTP checker;
 * epilog() / timeout_epilog() / http_handle_response() (check_http.c)
 * drive HTTP_GET and SSL_GET; misc_epilog() is check_misc.c's
 * misc_check_child_thread(), handle_file() track_file.c's
 * process_update_checker_track_file_status(). The up/down decision they reach is returned
 * as a verdict; the service (lvs/service.c) applies it to the real server
 * the way update_svr_checker_state() does.
 */
#include "lvs/checker.h"

#include <assert.h>
#include <string.h>

const char *vg_lvs_check_type_name(enum vg_lvs_check_type t)
{
	switch (t) {
	case VG_LVS_CHECK_TCP: return "TCP_CHECK";
	case VG_LVS_CHECK_HTTP: return "HTTP_GET";
	case VG_LVS_CHECK_SSL: return "SSL_GET";
	case VG_LVS_CHECK_SMTP: return "SMTP_CHECK";
	case VG_LVS_CHECK_DNS: return "DNS_CHECK";
	case VG_LVS_CHECK_UDP: return "UDP_CHECK";
	case VG_LVS_CHECK_PING: return "PING_CHECK";
	case VG_LVS_CHECK_MISC: return "MISC_CHECK";
	case VG_LVS_CHECK_FILE: return "FILE_CHECK";
	case VG_LVS_CHECK_BFD: return "BFD_CHECK";
	default: return "?";
	}
}

static void status_set(uint64_t status[VG_LVS_STATUS_WORDS], unsigned code)
{
	unsigned b = code - VG_LVS_HTTP_STATUS_MIN;

	status[b / 64] |= UINT64_C(1) << (b % 64);
}

bool vg_lvs_status_has(const uint64_t status[VG_LVS_STATUS_WORDS], unsigned code)
{
	unsigned b;

	if (code < VG_LVS_HTTP_STATUS_MIN || code > VG_LVS_HTTP_STATUS_MAX)
		return false;
	b = code - VG_LVS_HTTP_STATUS_MIN;
	return (status[b / 64] >> (b % 64)) & 1;
}

void vg_lvs_status_default(uint64_t status[VG_LVS_STATUS_WORDS])
{
	memset(status, 0, sizeof(status[0]) * VG_LVS_STATUS_WORDS);
	for (unsigned c = 200; c <= 299; c++)
		status_set(status, c);
}

/* Reads a decimal number of at most 3 digits; returns the characters used, 0 if none. */
static int read_code(const char *p, unsigned *out)
{
	int n = 0;

	*out = 0;
	while (p[n] >= '0' && p[n] <= '9' && n < 4)
		*out = *out * 10 + (unsigned)(p[n++] - '0');
	return n;
}

int vg_lvs_status_parse(const char *text, uint64_t status[VG_LVS_STATUS_WORDS])
{
	const char *p = text;
	bool any = false;

	memset(status, 0, sizeof(status[0]) * VG_LVS_STATUS_WORDS);
	for (;;) {
		unsigned lo, hi;
		int n;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		n = read_code(p, &lo);
		if (n == 0)
			return VG_LVS_EINVAL;
		p += n;
		hi = lo;
		if (*p == '-') {
			p++;
			n = read_code(p, &hi);
			if (n == 0)
				return VG_LVS_EINVAL;
			p += n;
		}
		if (*p != '\0' && *p != ' ' && *p != '\t' && *p != ',')
			return VG_LVS_EINVAL;
		if (lo < VG_LVS_HTTP_STATUS_MIN || hi > VG_LVS_HTTP_STATUS_MAX || lo > hi)
			return VG_LVS_EINVAL;
		for (unsigned c = lo; c <= hi; c++)
			status_set(status, c);
		any = true;
	}
	return any ? 0 : VG_LVS_EINVAL;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

int vg_lvs_digest_parse(const char *hex, uint8_t out[16])
{
	if (strlen(hex) != 32)
		return VG_LVS_EINVAL;
	for (int i = 0; i < 16; i++) {
		int h = hexval(hex[2 * i]), l = hexval(hex[2 * i + 1]);

		if (h < 0 || l < 0)
			return VG_LVS_EINVAL;
		out[i] = (uint8_t)(h << 4 | l);
	}
	return 0;
}

void vg_lvs_checker_config_defaults(struct vg_lvs_checker_config *cfg, struct vg_lvs_timing *tm,
				    enum vg_lvs_check_type type, vg_time delay_loop_ns)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->tm = tm;
	cfg->type = (uint8_t)type;
	tm->delay_loop_ns = delay_loop_ns ? delay_loop_ns : VG_S(60);
	tm->connect_timeout_ns = VG_S(5);
	tm->warmup_ns = tm->delay_loop_ns;
	cfg->retry = 1;
	tm->delay_before_retry_ns = VG_S(1);
	switch (type) {
	case VG_LVS_CHECK_HTTP:
	case VG_LVS_CHECK_SSL:
		tm->delay_before_retry_ns = VG_S(3);
		break;
	case VG_LVS_CHECK_DNS:
		cfg->retry = 3;
		tm->delay_before_retry_ns = tm->delay_loop_ns;
		break;
	case VG_LVS_CHECK_MISC:
		cfg->retry = 0;
		break;
	default:
		break;
	}
}

void vg_lvs_checker_init(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg, uint16_t id,
			 uint16_t service)
{
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->service = service;
	c->enabled = true;
	c->is_up = !cfg->alpha; /* alpha: start down until a success */
	c->next_ns = VG_TIME_NEVER;
	if (cfg->type == VG_LVS_CHECK_MISC)
		c->last_exit = 0; /* keepalived starts from 0: a first exit 0 changes no weight */
	else
		c->failed_url = -1; /* (the same bytes as last_exit) */
	if (cfg->type == VG_LVS_CHECK_FILE) {
		/* an absent or empty file reads as 0 (track_file.c process_track_file) */
		int32_t s = vg_lvs_file_status(cfg, 0);

		c->is_up = s != VG_LVS_FILE_FAULT;
		c->cur_weight = c->is_up ? s : 0;
	}
}

int32_t vg_lvs_file_status(const struct vg_lvs_checker_config *cfg, int64_t value)
{
	int64_t s;

	if (cfg->file_weight == 0)
		return ((value != 0) != cfg->file_reverse) ? VG_LVS_FILE_FAULT : 0;
	/* the reader accepts INT32_MIN..INT32_MAX + 1; the product then fits in 64 bits */
	if (value < INT32_MIN)
		value = INT32_MIN;
	if (value > (int64_t)INT32_MAX + 1)
		value = (int64_t)INT32_MAX + 1;
	s = value * cfg->file_weight * (cfg->file_reverse ? -1 : 1);
	return s < INT32_MIN ? INT32_MIN : s > INT32_MAX ? INT32_MAX : (int32_t)s; /* weight_range() */
}

/* warmup * rand / 2^32 without overflow: < warmup. */
static vg_time scale(vg_time warmup, uint32_t rand)
{
	return (warmup >> 32) * rand + (((warmup & 0xffffffffu) * rand) >> 32);
}

void vg_lvs_checker_start(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg, vg_time now, uint32_t rand)
{
	if (cfg->type == VG_LVS_CHECK_FILE) {
		/* no probe, no timer; keepalived marks it as having run (add_rs_to_track_files) */
		c->has_run = true;
		return;
	}
	if (cfg->type == VG_LVS_CHECK_BFD)
		return; /* no probe, no timer: the session's events (check_bfd.c) */
	c->next_ns = vg_time_add(now, VG_LVS_BOOTSTRAP_DELAY_NS + scale(cfg->tm->warmup_ns, rand));
}

vg_time vg_lvs_checker_next_deadline(const struct vg_lvs_checker *c)
{
	return c->next_ns;
}

static bool is_http(const struct vg_lvs_checker_config *cfg)
{
	return cfg->type == VG_LVS_CHECK_HTTP || cfg->type == VG_LVS_CHECK_SSL;
}

static struct vg_lvs_verdict report(struct vg_lvs_checker *c, enum vg_lvs_report r)
{
	struct vg_lvs_verdict v = { .report = (uint8_t)r, .first = !c->has_run };

	c->has_run = true; /* update_svr_checker_state() marks the checker as having run */
	return v;
}

/* check_tcp.c tcp_epilog(). */
static struct vg_lvs_verdict tcp_epilog(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg,
					vg_time now, bool ok)
{
	struct vg_lvs_verdict v = { 0 };
	vg_time delay;

	if (ok || c->retry_it >= cfg->retry) {
		delay = cfg->tm->delay_loop_ns;
		c->retry_it = 0;
		if (ok && (!c->is_up || !c->has_run))
			v = report(c, VG_LVS_REPORT_UP);
		else if (!ok && (c->is_up || !c->has_run))
			v = report(c, VG_LVS_REPORT_DOWN);
	} else {
		delay = cfg->tm->delay_before_retry_ns;
		c->retry_it++;
	}
	c->has_run = true;
	c->next_ns = vg_time_add(now, delay);
	return v;
}

enum http_method { HTTP_NEW, HTTP_RETRY, HTTP_FAILED };

/* check_http.c epilog(). */
static struct vg_lvs_verdict http_epilog(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg, vg_time now,
					  enum http_method m)
{
	struct vg_lvs_verdict v = { 0 };
	bool url_done = false; /* url_it ran past the last url */
	vg_time delay;

	if (m == HTTP_NEW) {
		if (c->url_it + 1 >= cfg->url_count)
			url_done = true;
		else
			c->url_it++;
		c->retry_it = 0;
	} else if (m == HTTP_RETRY) {
		c->retry_it++;
	}

	if (m == HTTP_NEW && url_done && c->failed_url < 0) {
		/* every url passed */
		if (!c->is_up || !c->has_run)
			v = report(c, VG_LVS_REPORT_UP);
		c->url_it = 0;
		c->retry_it = 0;
	} else if (m == HTTP_RETRY && c->retry_it > cfg->retry) {
		if (c->is_up || !c->has_run)
			v = report(c, VG_LVS_REPORT_DOWN);
		c->failed_url = (int16_t)c->url_it;
	} else if (m == HTTP_NEW && c->failed_url >= 0) {
		/* the failed url passes again: check them all from the first */
		c->failed_url = -1;
		c->url_it = 0;
		c->retry_it = 0;
	}

	if (m == HTTP_NEW) {
		delay = cfg->tm->delay_loop_ns;
		if (!c->has_run)
			c->retry_it = cfg->retry; /* first pass: one failure is enough */
	} else if (c->failed_url >= 0) {
		delay = cfg->tm->delay_before_retry_ns > cfg->tm->delay_loop_ns ? cfg->tm->delay_before_retry_ns
										: cfg->tm->delay_loop_ns;
	} else {
		delay = cfg->tm->delay_before_retry_ns;
	}
	if (cfg->fast_recovery && (!c->has_run || (!c->is_up && c->failed_url < 0)))
		delay = 0;
	c->next_ns = vg_time_add(now, delay);
	return v;
}

/* check_http.c timeout_epilog(): retry while up (or before the first run), else just keep trying. */
static struct vg_lvs_verdict http_failure(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg,
					  vg_time now)
{
	if (c->is_up || !c->has_run) {
		c->has_run = true;
		return http_epilog(c, cfg, now, HTTP_RETRY);
	}
	return http_epilog(c, cfg, now, HTTP_FAILED);
}

/*
 * check_misc.c misc_check_child_thread(): `exited` with `status`, or killed
 * (a signal, the misc_timeout). keepalived.conf(5) MISC_CHECK misc_dynamic:
 * exit 0 passes with the weight unchanged, 1 fails, 2..255 passes and sets
 * the weight to status - 2 (with no other dynamic checker on the server).
 */
static struct vg_lvs_verdict misc_epilog(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg,
					 vg_time now, bool exited,
					  unsigned status)
{
	struct vg_lvs_verdict v = { 0 };
	int64_t delta = 0;
	vg_time next;

	if (exited && (status == 0 || (cfg->misc_dynamic && status >= 2 && status <= 255))) {
		if (status != c->last_exit) {
			int32_t cur = status ? (int32_t)status - 2 - c->rs_weight : 0;

			delta = (int64_t)cur - c->cur_weight;
			c->cur_weight = cur;
			c->last_exit = (uint16_t)status;
		}
		if (!c->is_up || !c->has_run)
			v = report(c, VG_LVS_REPORT_UP);
		c->retry_it = 0;
	} else {
		if (c->is_up || !c->has_run) {
			if (c->retry_it < cfg->retry) {
				c->retry_it++;
			} else {
				c->retry_it = 0;
				delta = -(int64_t)c->cur_weight;
				c->cur_weight = 0;
				c->last_exit = (uint16_t)(exited ? status : VG_LVS_MISC_EXIT_NONE);
				v = report(c, VG_LVS_REPORT_DOWN);
			}
		}
	}
	v.weight_delta = delta;
	/* timed from the start of the script; never before now */
	next = vg_time_add(c->probe_start_ns, c->retry_it ? cfg->tm->delay_before_retry_ns : cfg->tm->delay_loop_ns);
	c->next_ns = next > now ? next : now;
	return v;
}

static struct vg_lvs_verdict outcome(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg,
				     vg_time now, bool ok)
{
	if (cfg->type == VG_LVS_CHECK_MISC)
		return misc_epilog(c, cfg, now, false, VG_LVS_MISC_EXIT_NONE); /* killed or timed out */
	if (!is_http(cfg))
		return tcp_epilog(c, cfg, now, ok);
	return ok ? http_epilog(c, cfg, now, HTTP_NEW) : http_failure(c, cfg, now);
}

struct vg_lvs_verdict vg_lvs_checker_handle_expiry(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg,
						   vg_time now,
						   struct vg_actions *out)
{
	struct vg_lvs_verdict none = { 0 };
	struct vg_action *e;

	if (now < c->next_ns)
		return none;
	if (cfg->type == VG_LVS_CHECK_FILE || cfg->type == VG_LVS_CHECK_BFD)
		return none; /* never armed */
	if (c->in_flight) {
		/* connect_timeout passed without a result */
		e = vg_actions_push(out, VG_ACT_LVS_PROBE_ABORT, c->service);
		if (e) {
			e->u.lvs.rs = cfg->rs;
			e->u.lvs.checker = c->id;
			e->u.lvs.type = cfg->type;
			e->u.lvs.url = c->url_it;
			e->u.lvs.seq = c->seq;
		}
		c->in_flight = false;
		return outcome(c, cfg, now, false);
	}
	if (!c->enabled) {
		/* suspended: look again a delay_loop later (keepalived's !checker->enabled) */
		c->next_ns = vg_time_add(now, cfg->tm->delay_loop_ns);
		return none;
	}
	c->seq++;
	c->in_flight = true;
	c->probe_start_ns = now;
	c->next_ns = vg_time_add(now, cfg->tm->connect_timeout_ns);
	e = vg_actions_push(out, VG_ACT_LVS_PROBE, c->service);
	if (e) {
		e->u.lvs.rs = cfg->rs;
		e->u.lvs.checker = c->id;
		e->u.lvs.type = cfg->type;
		e->u.lvs.url = c->url_it;
		e->u.lvs.seq = c->seq; /* the backend aborts it after connect_timeout, as the core does */
	}
	return none;
}

/* check_http.c http_handle_response(): data, status code, digest. */
static bool http_ok(const struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg,
		    const struct vg_lvs_probe_result *r,
		    const struct vg_lvs_url *urls, const struct vg_lvs_md5 *md5)
{
	const struct vg_lvs_url *url;
	uint8_t got[16];

	if (r->outcome != VG_LVS_PROBE_HTTP || r->no_data || cfg->url_count == 0 || !urls)
		return false;
	url = &urls[c->url_it];
	if (!vg_lvs_status_has(url->status, r->http_status))
		return false;
	if (url->has_digest) {
		if (!md5 || !md5->digest)
			return false;
		md5->digest(md5->ctx, r->body, r->body_len, got);
		if (memcmp(got, url->digest, sizeof(got)) != 0)
			return false;
	}
	if (url->has_regex) {
		bool matched;

		if (!r->regex || !r->regex->match)
			return false;
		matched = r->regex->match(r->regex->ctx, c->service, c->id, c->url_it, r->body, r->body_len);
		if (matched == url->regex_no_match)
			return false;
	}
	return true;
}

struct vg_lvs_verdict vg_lvs_checker_handle_result(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg,
						   vg_time now,
						   const struct vg_lvs_probe_result *r,
						   const struct vg_lvs_url *urls, const struct vg_lvs_md5 *md5)
{
	struct vg_lvs_verdict none = { 0 };
	bool ok;

	if (!c->in_flight || r->seq != c->seq)
		return none; /* stale: the probe was given up (the backend counts its results) */
	c->in_flight = false;
	if (cfg->type == VG_LVS_CHECK_MISC) {
		if (r->outcome == VG_LVS_PROBE_EXIT)
			return misc_epilog(c, cfg, now, true, r->exit_status);
		if (r->outcome == VG_LVS_PROBE_OK)
			return misc_epilog(c, cfg, now, true, 0);
		return misc_epilog(c, cfg, now, false, VG_LVS_MISC_EXIT_NONE);
	}
	if (is_http(cfg))
		ok = http_ok(c, cfg, r, urls, md5);
	else
		ok = r->outcome == VG_LVS_PROBE_OK || r->outcome == VG_LVS_PROBE_HTTP;
	return outcome(c, cfg, now, ok);
}

/* track_file.c process_update_checker_track_file_status(). */
struct vg_lvs_verdict vg_lvs_checker_handle_file(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg,
						 vg_time now,
						 int64_t value)
{
	struct vg_lvs_verdict v = { 0 };
	int32_t prev, next;

	(void)now; /* no timer: the value alone decides */
	if (cfg->type != VG_LVS_CHECK_FILE)
		return v;
	prev = vg_lvs_file_status(cfg, c->file_value);
	next = vg_lvs_file_status(cfg, value);
	c->file_value = value;
	if (!c->has_run) {
		/* before start: the initial state, no report (set_track_file_checkers_down) */
		c->is_up = next != VG_LVS_FILE_FAULT;
		v.weight_delta = (int64_t)(c->is_up ? next : 0) - c->cur_weight;
		c->cur_weight = c->is_up ? next : 0;
		return v;
	}
	if (prev == next)
		return v;
	if (next == VG_LVS_FILE_FAULT) {
		v = report(c, VG_LVS_REPORT_DOWN);
		v.weight_delta = -(int64_t)c->cur_weight;
		c->cur_weight = 0;
	} else if (prev == VG_LVS_FILE_FAULT) {
		v = report(c, VG_LVS_REPORT_UP);
		v.weight_delta = (int64_t)next - c->cur_weight;
		c->cur_weight = next;
	} else {
		v.weight_delta = (int64_t)next - c->cur_weight;
		c->cur_weight = next;
	}
	return v;
}

bool vg_lvs_checker_bfd_reports(const struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg, bool up)
{
	return cfg->type == VG_LVS_CHECK_BFD && (up != c->is_up || !c->has_run);
}

/* check_bfd.c bfd_check_handle_event(): update_svr_checker_state(UP / DOWN) unless nothing changes. */
struct vg_lvs_verdict vg_lvs_checker_handle_bfd(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg,
						vg_time now, bool up)
{
	struct vg_lvs_verdict v = { 0 };

	(void)now; /* no timer: the session's state alone decides */
	if (!vg_lvs_checker_bfd_reports(c, cfg, up))
		return v;
	return report(c, up ? VG_LVS_REPORT_UP : VG_LVS_REPORT_DOWN);
}
