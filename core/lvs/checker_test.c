// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the health-checker state machines, timing in literal nanoseconds.
 *
 * `t + X - 1` still waits, `t + X` fires. Rules come from keepalived.conf(5)
 * "Virtual server(s)" (delay_loop, retry, delay_before_retry, warmup, alpha,
 * HTTP_GET url status_code / digest) and keepalived's check_tcp.c
 * tcp_epilog(), check_http.c epilog() / timeout_epilog(), check_api.c
 * (BOOTSTRAP_DELAY + warmup).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lvs/checker.h"

#define T0 VG_S(1000)

struct rig {
	struct vg_lvs_checker_config cfg;
	struct vg_lvs_timing tm;
	struct vg_lvs_url url[4];
	struct vg_lvs_checker c;
	struct vg_action buf[8];
	struct vg_actions out;
};

static void rig_init(struct rig *r, enum vg_lvs_check_type type, bool alpha)
{
	memset(r, 0, sizeof(*r));
	vg_lvs_checker_config_defaults(&r->cfg, &r->tm, type, VG_S(10));
	r->tm.warmup_ns = 0;
	r->cfg.alpha = alpha;
	r->cfg.rs = 3;
	vg_lvs_checker_init(&r->c, &r->cfg, 5, 9);
	vg_actions_init(&r->out, r->buf, 8);
}

/* Fires the timer at `now`; returns the effect kind emitted (-1: none). */
static int tick(struct rig *r, vg_time now, struct vg_lvs_verdict *v)
{
	struct vg_lvs_verdict tmp;

	vg_actions_clear(&r->out);
	tmp = vg_lvs_checker_handle_expiry(&r->c, &r->cfg, now, &r->out);
	if (v)
		*v = tmp;
	assert_true(r->out.len <= 1);
	return r->out.len ? r->out.v[0].kind : -1;
}

static struct vg_lvs_verdict answer(struct rig *r, vg_time now, uint8_t outcome)
{
	struct vg_lvs_probe_result res = { .checker = 5, .seq = r->c.seq, .outcome = outcome };

	return vg_lvs_checker_handle_result(&r->c, &r->cfg, now, &res, r->url, NULL);
}

/* check_api.c: first probe at start + BOOTSTRAP_DELAY (1 s) + warmup * rand; then delay_loop. */
static void test_tcp_first_probe_and_loop(void **state)
{
	struct rig r;
	struct vg_lvs_verdict v;

	(void)state;
	rig_init(&r, VG_LVS_CHECK_TCP, false);
	vg_lvs_checker_start(&r.c, &r.cfg, T0, 0);
	assert_int_equal(vg_lvs_checker_next_deadline(&r.c), T0 + VG_S(1));
	assert_int_equal(tick(&r, T0 + VG_S(1) - 1, NULL), -1);
	assert_int_equal(tick(&r, T0 + VG_S(1), NULL), VG_ACT_LVS_PROBE);
	assert_int_equal(r.buf[0].u.lvs.rs, 3);
	assert_int_equal(r.buf[0].service, 9);
	assert_int_equal(r.buf[0].u.lvs.checker, 5);
	assert_int_equal(vg_lvs_checker_next_deadline(&r.c), T0 + VG_S(1) + VG_S(5)); /* aborted after connect_timeout, default 5 s */
	/* first success of a non-alpha checker confirms "up" (update_svr_checker_state(UP)) */
	v = answer(&r, T0 + VG_S(1) + VG_MS(20), VG_LVS_PROBE_OK);
	assert_int_equal(v.report, VG_LVS_REPORT_UP);
	assert_true(v.first);
	/* next probe delay_loop (10 s) after the result */
	assert_int_equal(tick(&r, T0 + VG_S(11) + VG_MS(20) - 1, NULL), -1);
	assert_int_equal(tick(&r, T0 + VG_S(11) + VG_MS(20), NULL), VG_ACT_LVS_PROBE);
	v = answer(&r, T0 + VG_S(11) + VG_MS(20), VG_LVS_PROBE_OK);
	assert_int_equal(v.report, VG_LVS_REPORT_NONE); /* already up: nothing to report */
}

/*
 * keepalived.conf(5) retry / delay_before_retry; check_tcp.c tcp_epilog: with retry 2 an up
 * server goes down on the 3rd consecutive failure; failures 1 and 2 retry after
 * delay_before_retry (1 s), the 3rd reschedules after delay_loop (10 s).
 */
static void test_tcp_down_after_retry_plus_one(void **state)
{
	struct rig r;
	struct vg_lvs_verdict v;
	vg_time t = T0 + VG_S(1);

	(void)state;
	rig_init(&r, VG_LVS_CHECK_TCP, false);
	r.cfg.retry = 2;
	vg_lvs_checker_start(&r.c, &r.cfg, T0, 0);
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	answer(&r, t, VG_LVS_PROBE_OK);
	r.c.is_up = true; /* as the service would after the report */

	t += VG_S(10);
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	v = answer(&r, t, VG_LVS_PROBE_FAILED); /* failure 1 */
	assert_int_equal(v.report, VG_LVS_REPORT_NONE);
	assert_int_equal(tick(&r, t + VG_S(1) - 1, NULL), -1);
	t += VG_S(1);
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	v = answer(&r, t, VG_LVS_PROBE_FAILED); /* failure 2 */
	assert_int_equal(v.report, VG_LVS_REPORT_NONE);
	t += VG_S(1);
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	v = answer(&r, t, VG_LVS_PROBE_FAILED); /* failure 3 = retry + 1 */
	assert_int_equal(v.report, VG_LVS_REPORT_DOWN);
	assert_false(v.first);
	r.c.is_up = false;
	/* down: the next check is a delay_loop later; one success brings it up */
	assert_int_equal(tick(&r, t + VG_S(10) - 1, NULL), -1);
	t += VG_S(10);
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	v = answer(&r, t, VG_LVS_PROBE_OK);
	assert_int_equal(v.report, VG_LVS_REPORT_UP);
	assert_int_equal(r.c.retry_it, 0); /* the success starts the retries afresh */
}

/* A success between failures resets the retry count (tcp_epilog: retry_it = 0). */
static void test_tcp_success_resets_retries(void **state)
{
	struct rig r;
	vg_time t = T0 + VG_S(1);

	(void)state;
	rig_init(&r, VG_LVS_CHECK_TCP, false); /* retry 1 */
	vg_lvs_checker_start(&r.c, &r.cfg, T0, 0);
	tick(&r, t, NULL);
	answer(&r, t, VG_LVS_PROBE_OK);
	for (int i = 0; i < 3; i++) {
		t += VG_S(10);
		assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
		assert_int_equal(answer(&r, t, VG_LVS_PROBE_FAILED).report, VG_LVS_REPORT_NONE);
		t += VG_S(1);
		assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
		assert_int_equal(answer(&r, t, VG_LVS_PROBE_OK).report, VG_LVS_REPORT_NONE);
	}
}

/* connect_timeout: no answer by probe + 5 s is a failure; a late answer is dropped. */
static void test_timeout(void **state)
{
	struct rig r;
	struct vg_lvs_verdict v;
	vg_time t = T0 + VG_S(1);
	uint32_t seq;
	vg_time next;

	(void)state;
	rig_init(&r, VG_LVS_CHECK_TCP, false);
	r.cfg.retry = 0;
	vg_lvs_checker_start(&r.c, &r.cfg, T0, 0);
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	seq = r.buf[0].u.lvs.seq;
	assert_int_equal(tick(&r, t + VG_S(5) - 1, NULL), -1);
	assert_int_equal(tick(&r, t + VG_S(5), &v), VG_ACT_LVS_PROBE_ABORT);
	assert_int_equal(r.buf[0].u.lvs.seq, seq);
	/* retry 0 and not yet run: the first failure reports down */
	assert_int_equal(v.report, VG_LVS_REPORT_DOWN);
	assert_true(v.first);
	/* the late answer to the aborted probe is stale: nothing changes */
	next = vg_lvs_checker_next_deadline(&r.c);
	v = answer(&r, t + VG_S(6), VG_LVS_PROBE_OK);
	assert_int_equal(v.report, VG_LVS_REPORT_NONE);
	assert_false(r.c.in_flight);
	assert_int_equal(vg_lvs_checker_next_deadline(&r.c), next);
	/* the next probe a delay_loop after the timeout */
	assert_int_equal(tick(&r, t + VG_S(15) - 1, NULL), -1);
	assert_int_equal(tick(&r, t + VG_S(15), NULL), VG_ACT_LVS_PROBE);
}

/* keepalived.conf(5) warmup: random delay up to warmup (default delay_loop) before the first check. */
static void test_warmup(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, VG_LVS_CHECK_TCP, false);
	r.tm.warmup_ns = VG_S(10);
	vg_lvs_checker_start(&r.c, &r.cfg, T0, UINT32_C(0x80000000)); /* r = 1/2 */
	assert_int_equal(vg_lvs_checker_next_deadline(&r.c), T0 + VG_S(1) + VG_S(5));
	vg_lvs_checker_start(&r.c, &r.cfg, T0, UINT32_MAX); /* just under warmup */
	assert_true(vg_lvs_checker_next_deadline(&r.c) < T0 + VG_S(11));
	assert_true(vg_lvs_checker_next_deadline(&r.c) > T0 + VG_S(11) - VG_MS(1));
}

/* alpha: the checker starts down; its first success reports up. */
static void test_alpha(void **state)
{
	struct rig r;
	struct vg_lvs_verdict v;

	(void)state;
	rig_init(&r, VG_LVS_CHECK_TCP, true);
	assert_false(r.c.is_up);
	vg_lvs_checker_start(&r.c, &r.cfg, T0, 0);
	tick(&r, T0 + VG_S(1), NULL);
	v = answer(&r, T0 + VG_S(1), VG_LVS_PROBE_FAILED);
	/* tcp_epilog: !success && (is_up || !has_run), retries used up? no: retry 1 left */
	assert_int_equal(v.report, VG_LVS_REPORT_NONE);
	tick(&r, T0 + VG_S(2), NULL);
	v = answer(&r, T0 + VG_S(2), VG_LVS_PROBE_OK);
	assert_int_equal(v.report, VG_LVS_REPORT_UP);
	assert_false(v.first); /* has_run was set by the failure */
}

/* ha_suspend: a disabled checker does not probe and looks again a delay_loop later. */
static void test_disabled(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, VG_LVS_CHECK_TCP, false);
	vg_lvs_checker_start(&r.c, &r.cfg, T0, 0);
	r.c.enabled = false;
	assert_int_equal(tick(&r, T0 + VG_S(1), NULL), -1);
	assert_int_equal(vg_lvs_checker_next_deadline(&r.c), T0 + VG_S(11));
	r.c.enabled = true;
	assert_int_equal(tick(&r, T0 + VG_S(11), NULL), VG_ACT_LVS_PROBE);
}

/* keepalived.conf(5) HTTP_GET status_code: "INTEGER|RANGE ...", default 200-299. */
static void test_status_parse(void **state)
{
	uint64_t st[VG_LVS_STATUS_WORDS];

	(void)state;
	vg_lvs_status_default(st);
	assert_true(vg_lvs_status_has(st, 200));
	assert_true(vg_lvs_status_has(st, 299));
	assert_false(vg_lvs_status_has(st, 300));
	assert_false(vg_lvs_status_has(st, 199));
	assert_int_equal(vg_lvs_status_parse("200-299,401", st), 0);
	assert_true(vg_lvs_status_has(st, 401));
	assert_false(vg_lvs_status_has(st, 400));
	assert_true(vg_lvs_status_has(st, 250));
	assert_int_equal(vg_lvs_status_parse("200 400-499 503", st), 0);
	assert_true(vg_lvs_status_has(st, 503));
	assert_false(vg_lvs_status_has(st, 502));
	assert_true(vg_lvs_status_has(st, 404));
	assert_int_equal(vg_lvs_status_parse("99", st), VG_LVS_EINVAL);
	assert_int_equal(vg_lvs_status_parse("600", st), VG_LVS_EINVAL);
	assert_int_equal(vg_lvs_status_parse("300-200", st), VG_LVS_EINVAL);
	assert_int_equal(vg_lvs_status_parse("2xx", st), VG_LVS_EINVAL);
	assert_int_equal(vg_lvs_status_parse("", st), VG_LVS_EINVAL);
	assert_false(vg_lvs_status_has(st, 1000));
}

/* A fake MD5: the body's bytes folded into 16 (the real one comes from the backend). */
static void fake_md5(void *ctx, const uint8_t *data, size_t len, uint8_t out[16])
{
	(*(int *)ctx)++;
	memset(out, 0, 16);
	for (size_t i = 0; i < len; i++)
		out[i % 16] ^= data[i];
}

static struct vg_lvs_verdict http_answer(struct rig *r, vg_time now, uint16_t status, const char *body,
					 const struct vg_lvs_md5 *md5)
{
	struct vg_lvs_probe_result res = {
		.checker = 5, .seq = r->c.seq, .outcome = VG_LVS_PROBE_HTTP, .http_status = status,
		.body = (const uint8_t *)body, .body_len = body ? strlen(body) : 0, .no_data = body == NULL,
	};

	return vg_lvs_checker_handle_result(&r->c, &r->cfg, now, &res, r->url, md5);
}

/* check_http.c http_handle_response: no data, status outside status_code, or digest mismatch fail. */
static void test_http_evaluation(void **state)
{
	struct rig r;
	int calls = 0;
	struct vg_lvs_md5 md5 = { .ctx = &calls, .digest = fake_md5 };
	vg_time t = T0 + VG_S(1);

	(void)state;
	rig_init(&r, VG_LVS_CHECK_HTTP, true);
	r.cfg.url_count = 1;
	r.cfg.retry = 0;
	assert_int_equal(vg_lvs_status_parse("200-299,401", r.url[0].status), 0);
	r.url[0].has_digest = true;
	fake_md5(&calls, (const uint8_t *)"hello", 5, r.url[0].digest);
	calls = 0;
	vg_lvs_checker_start(&r.c, &r.cfg, T0, 0);

	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	assert_int_equal(r.buf[0].u.lvs.url, 0);
	assert_int_equal(http_answer(&r, t, 500, "hello", &md5).report, VG_LVS_REPORT_NONE);
	assert_int_equal(calls, 0); /* status checked before the digest */
	assert_int_equal(r.c.failed_url, 0); /* a failure: the url failed */
	t = vg_lvs_checker_next_deadline(&r.c);
	tick(&r, t, NULL);
	assert_int_equal(http_answer(&r, t, 200, "hellx", &md5).report, VG_LVS_REPORT_NONE);
	assert_int_equal(calls, 1);
	t = vg_lvs_checker_next_deadline(&r.c);
	tick(&r, t, NULL);
	assert_int_equal(http_answer(&r, t, 200, NULL, &md5).report, VG_LVS_REPORT_NONE);
	t = vg_lvs_checker_next_deadline(&r.c);
	tick(&r, t, NULL);
	/* epilog(NEW) with a failed url: it passes, so every url is checked again from the first */
	assert_int_equal(http_answer(&r, t, 401, "hello", &md5).report, VG_LVS_REPORT_NONE);
	assert_int_equal(calls, 2);
	t = vg_lvs_checker_next_deadline(&r.c);
	tick(&r, t, NULL);
	assert_int_equal(http_answer(&r, t, 204, "hello", &md5).report, VG_LVS_REPORT_UP);
	assert_int_equal(calls, 3);
	assert_int_equal(r.c.failed_url, -1); /* every url passed */
	/* without the backend's MD5 a digest url cannot pass */
	r.c.is_up = true;
	t = vg_lvs_checker_next_deadline(&r.c);
	tick(&r, t, NULL);
	assert_int_equal(http_answer(&r, t, 200, "hello", NULL).report, VG_LVS_REPORT_DOWN);
}

/*
 * check_http.c epilog(): urls are checked one per delay_loop; a url failing while up is retried
 * after delay_before_retry (3 s) until retry (1) is used up, then the server is down and only
 * the failed url is checked, every max(delay_before_retry, delay_loop); once it passes, every url
 * is checked again from the first before the server is up.
 */
static void test_http_urls(void **state)
{
	struct rig r;
	struct vg_lvs_verdict v;
	vg_time t = T0 + VG_S(1);

	(void)state;
	rig_init(&r, VG_LVS_CHECK_HTTP, false);
	r.cfg.url_count = 2;
	vg_lvs_status_default(r.url[0].status);
	vg_lvs_status_default(r.url[1].status);
	vg_lvs_checker_start(&r.c, &r.cfg, T0, 0);

	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	assert_int_equal(r.buf[0].u.lvs.url, 0);
	assert_int_equal(http_answer(&r, t, 200, "a", NULL).report, VG_LVS_REPORT_NONE);
	assert_int_equal(tick(&r, t + VG_S(10) - 1, NULL), -1);
	t += VG_S(10);
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	assert_int_equal(r.buf[0].u.lvs.url, 1);
	v = http_answer(&r, t, 200, "b", NULL);
	assert_int_equal(v.report, VG_LVS_REPORT_UP); /* the first full pass confirms up */
	assert_true(v.first);
	/* the next pass starts at url 0 */
	t += VG_S(10);
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	assert_int_equal(r.buf[0].u.lvs.url, 0);
	assert_int_equal(http_answer(&r, t, 200, "a", NULL).report, VG_LVS_REPORT_NONE);
	t += VG_S(10);
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	assert_int_equal(r.buf[0].u.lvs.url, 1);
	assert_int_equal(http_answer(&r, t, 503, "b", NULL).report, VG_LVS_REPORT_NONE); /* retry 1 */
	assert_int_equal(tick(&r, t + VG_S(3) - 1, NULL), -1);
	t += VG_S(3);
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	assert_int_equal(r.buf[0].u.lvs.url, 1);
	assert_int_equal(http_answer(&r, t, 503, "b", NULL).report, VG_LVS_REPORT_DOWN);
	r.c.is_up = false;
	assert_int_equal(r.c.failed_url, 1);
	/* down: only the failed url, every max(3 s, 10 s) */
	t += VG_S(10);
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	assert_int_equal(r.buf[0].u.lvs.url, 1);
	assert_int_equal(http_answer(&r, t, 503, "b", NULL).report, VG_LVS_REPORT_NONE);
	t += VG_S(10);
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	assert_int_equal(http_answer(&r, t, 200, "b", NULL).report, VG_LVS_REPORT_NONE);
	/* recovered url: start over from url 0, a delay_loop apart */
	t += VG_S(10);
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	assert_int_equal(r.buf[0].u.lvs.url, 0);
	assert_int_equal(http_answer(&r, t, 200, "a", NULL).report, VG_LVS_REPORT_NONE);
	t += VG_S(10);
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	assert_int_equal(r.buf[0].u.lvs.url, 1);
	assert_int_equal(http_answer(&r, t, 200, "b", NULL).report, VG_LVS_REPORT_UP);
}

/* keepalived.conf(5) fast_recovery: while down with no failed url known, no delay between urls. */
static void test_http_fast_recovery(void **state)
{
	struct rig r;
	vg_time t = T0 + VG_S(1);

	(void)state;
	rig_init(&r, VG_LVS_CHECK_HTTP, true);
	r.cfg.url_count = 2;
	r.cfg.fast_recovery = true;
	vg_lvs_status_default(r.url[0].status);
	vg_lvs_status_default(r.url[1].status);
	vg_lvs_checker_start(&r.c, &r.cfg, T0, 0);
	tick(&r, t, NULL);
	http_answer(&r, t, 200, "a", NULL);
	assert_int_equal(vg_lvs_checker_next_deadline(&r.c), t); /* url 1 at once */
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	assert_int_equal(http_answer(&r, t, 200, "b", NULL).report, VG_LVS_REPORT_UP);
}

/* keepalived.conf(5): delay_before_retry defaults 3 s for HTTP_GET/SSL_GET, 1 s otherwise; DNS retry 3. */
static void test_defaults(void **state)
{
	struct vg_lvs_checker_config c;
	struct vg_lvs_timing t;

	(void)state;
	vg_lvs_checker_config_defaults(&c, &t, VG_LVS_CHECK_SSL, 0);
	assert_ptr_equal(c.tm, &t);
	assert_int_equal(t.delay_loop_ns, VG_S(60));
	assert_int_equal(t.delay_before_retry_ns, VG_S(3));
	assert_int_equal(t.connect_timeout_ns, VG_S(5));
	assert_int_equal(c.retry, 1);
	assert_int_equal(t.warmup_ns, VG_S(60));
	vg_lvs_checker_config_defaults(&c, &t, VG_LVS_CHECK_TCP, VG_S(6));
	assert_int_equal(t.delay_before_retry_ns, VG_S(1));
	vg_lvs_checker_config_defaults(&c, &t, VG_LVS_CHECK_DNS, VG_S(6));
	assert_int_equal(c.retry, 3);
	assert_int_equal(t.delay_before_retry_ns, VG_S(6));
	vg_lvs_checker_config_defaults(&c, &t, VG_LVS_CHECK_MISC, VG_S(6));
	assert_int_equal(c.retry, 0);
}

static void test_digest_parse(void **state)
{
	uint8_t d[16];

	(void)state;
	assert_int_equal(vg_lvs_digest_parse("9b3a0c85a887a256d6939da88aabd8cd", d), 0);
	assert_int_equal(d[0], 0x9b);
	assert_int_equal(d[15], 0xcd);
	assert_int_equal(vg_lvs_digest_parse("9b3a", d), VG_LVS_EINVAL);
	assert_int_equal(vg_lvs_digest_parse("zz3a0c85a887a256d6939da88aabd8cd", d), VG_LVS_EINVAL);
}

struct fake_regex {
	int calls;
	uint16_t service, checker;
	uint8_t url;
};

/* "matches" when the body starts with "OK" */
static bool fake_match(void *ctx, uint16_t service, uint16_t checker, uint8_t url, const uint8_t *body, size_t len)
{
	struct fake_regex *f = ctx;

	f->calls++;
	f->service = service;
	f->checker = checker;
	f->url = url;
	return len >= 2 && body[0] == 'O' && body[1] == 'K';
}

static struct vg_lvs_verdict regex_answer(struct rig *r, vg_time now, const char *body, const struct vg_lvs_regex *re)
{
	struct vg_lvs_probe_result res = {
		.checker = 5, .seq = r->c.seq, .outcome = VG_LVS_PROBE_HTTP, .http_status = 200,
		.body = (const uint8_t *)body, .body_len = strlen(body), .regex = re,
	};

	return vg_lvs_checker_handle_result(&r->c, &r->cfg, now, &res, r->url, NULL);
}

/* url regex: the body must match; regex_no_match inverts; no matcher from the backend fails the url. */
static void test_http_regex(void **state)
{
	struct rig r;
	struct fake_regex f = { 0 };
	struct vg_lvs_regex re = { .ctx = &f, .match = fake_match };
	vg_time t = T0 + VG_S(1);

	(void)state;
	rig_init(&r, VG_LVS_CHECK_HTTP, true);
	r.cfg.url_count = 1;
	r.cfg.retry = 0;
	vg_lvs_status_default(r.url[0].status);
	r.url[0].has_regex = true;
	vg_lvs_checker_start(&r.c, &r.cfg, T0, 0);
	tick(&r, t, NULL);
	assert_int_equal(regex_answer(&r, t, "ERROR", &re).report, VG_LVS_REPORT_NONE);
	assert_int_equal(f.calls, 1);
	assert_int_equal(f.service, 9);
	assert_int_equal(f.checker, 5);
	assert_int_equal(f.url, 0);
	t = vg_lvs_checker_next_deadline(&r.c);
	tick(&r, t, NULL);
	assert_int_equal(regex_answer(&r, t, "OK fine", &re).report, VG_LVS_REPORT_NONE); /* failed url passes */
	t = vg_lvs_checker_next_deadline(&r.c);
	tick(&r, t, NULL);
	assert_int_equal(regex_answer(&r, t, "OK fine", &re).report, VG_LVS_REPORT_UP);
	r.c.is_up = true;
	/* without a matcher the url cannot pass */
	t = vg_lvs_checker_next_deadline(&r.c);
	tick(&r, t, NULL);
	assert_int_equal(regex_answer(&r, t, "OK fine", NULL).report, VG_LVS_REPORT_DOWN);
	r.c.is_up = false;
	/* regex_no_match: a matching body fails, another passes */
	r.url[0].regex_no_match = true;
	t = vg_lvs_checker_next_deadline(&r.c);
	tick(&r, t, NULL);
	assert_int_equal(regex_answer(&r, t, "OK fine", &re).report, VG_LVS_REPORT_NONE);
	t = vg_lvs_checker_next_deadline(&r.c);
	tick(&r, t, NULL);
	/* the failed url passes: every url is checked again before the server is up (epilog) */
	assert_int_equal(regex_answer(&r, t, "ERROR", &re).report, VG_LVS_REPORT_NONE);
	t = vg_lvs_checker_next_deadline(&r.c);
	tick(&r, t, NULL);
	assert_int_equal(regex_answer(&r, t, "ERROR", &re).report, VG_LVS_REPORT_UP);
}

/*
 * A server that never answers (slow: its reply comes after connect_timeout): each probe fails
 * at its connect_timeout. retry 2, connect_timeout 5 s, delay_before_retry 3 s: probes at
 * t, t + 8, t + 16; down at t + 3 * 5 + 2 * 3 = t + 21 s, not a nanosecond earlier.
 */
static void test_timeout_arithmetic(void **state)
{
	struct rig r;
	struct vg_lvs_verdict v;
	vg_time t = T0 + VG_S(1), next;

	(void)state;
	rig_init(&r, VG_LVS_CHECK_TCP, false);
	r.cfg.retry = 2;
	r.tm.connect_timeout_ns = VG_S(5);
	r.tm.delay_before_retry_ns = VG_S(3);
	vg_lvs_checker_start(&r.c, &r.cfg, T0, 0);
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);
	answer(&r, t, VG_LVS_PROBE_OK);
	r.c.is_up = true;
	t += VG_S(10);
	assert_int_equal(tick(&r, t, NULL), VG_ACT_LVS_PROBE);                       /* probe 1 */
	assert_int_equal(tick(&r, t + VG_S(5) - 1, NULL), -1);
	assert_int_equal(tick(&r, t + VG_S(5), &v), VG_ACT_LVS_PROBE_ABORT);           /* failure 1 */
	assert_int_equal(v.report, VG_LVS_REPORT_NONE);
	assert_int_equal(tick(&r, t + VG_S(8) - 1, NULL), -1);
	assert_int_equal(tick(&r, t + VG_S(8), NULL), VG_ACT_LVS_PROBE);               /* probe 2 */
	assert_int_equal(tick(&r, t + VG_S(13), &v), VG_ACT_LVS_PROBE_ABORT);          /* failure 2 */
	assert_int_equal(v.report, VG_LVS_REPORT_NONE);
	assert_int_equal(tick(&r, t + VG_S(16), NULL), VG_ACT_LVS_PROBE);              /* probe 3 */
	assert_int_equal(tick(&r, t + VG_S(21) - 1, &v), -1);
	assert_int_equal(v.report, VG_LVS_REPORT_NONE);
	assert_int_equal(tick(&r, t + VG_S(21), &v), VG_ACT_LVS_PROBE_ABORT);          /* failure 3 */
	assert_int_equal(v.report, VG_LVS_REPORT_DOWN);
	/* a late answer to the aborted probe is stale: nothing changes */
	next = vg_lvs_checker_next_deadline(&r.c);
	assert_int_equal(answer(&r, t + VG_S(22), VG_LVS_PROBE_OK).report, VG_LVS_REPORT_NONE);
	assert_false(r.c.in_flight);
	assert_int_equal(vg_lvs_checker_next_deadline(&r.c), next);
}


static struct vg_lvs_verdict exit_with(struct rig *r, vg_time now, unsigned status)
{
	struct vg_lvs_probe_result res = { .checker = 5, .seq = r->c.seq, .outcome = VG_LVS_PROBE_EXIT,
					   .exit_status = (uint8_t)status };

	return vg_lvs_checker_handle_result(&r->c, &r->cfg, now, &res, r->url, NULL);
}

/*
 * keepalived.conf(5) MISC_CHECK misc_dynamic: "exit status 0: svc check
 * success, weight unchanged; 1: svc check failed; 2-255: svc check success,
 * then the RS weight is increased by (exit status - 2 - rs configured
 * weight)". The checker returns the change of its contribution.
 */
static void test_misc_dynamic_weights(void **state)
{
	struct rig r;
	struct vg_lvs_verdict v;

	(void)state;
	rig_init(&r, VG_LVS_CHECK_MISC, false);
	r.cfg.misc_dynamic = true;
	r.c.rs_weight = 3;
	vg_lvs_checker_start(&r.c, &r.cfg, T0, 0);
	assert_int_equal(tick(&r, T0 + VG_S(1), NULL), VG_ACT_LVS_PROBE);
	v = exit_with(&r, T0 + VG_S(1) + 5, 12); /* weight 12 - 2 = 10: +7 over the configured 3 */
	assert_int_equal(v.report, VG_LVS_REPORT_UP);
	assert_true(v.first);
	assert_int_equal(v.weight_delta, 7);
	/* the next run is timed from the start of the script (check_misc.c last_ran) */
	assert_int_equal(r.c.next_ns, T0 + VG_S(11));
	assert_int_equal(tick(&r, T0 + VG_S(11), NULL), VG_ACT_LVS_PROBE);
	v = exit_with(&r, T0 + VG_S(12), 12); /* same status: nothing */
	assert_int_equal(v.report, VG_LVS_REPORT_NONE);
	assert_int_equal(v.weight_delta, 0);
	tick(&r, T0 + VG_S(21), NULL);
	v = exit_with(&r, T0 + VG_S(21), 0); /* exit 0: back to the configured weight */
	assert_int_equal(v.report, VG_LVS_REPORT_NONE);
	assert_int_equal(v.weight_delta, -7);
	tick(&r, T0 + VG_S(31), NULL);
	v = exit_with(&r, T0 + VG_S(31), 255); /* 253 */
	assert_int_equal(v.weight_delta, 250);
	assert_int_equal(r.c.cur_weight, 250);
	tick(&r, T0 + VG_S(41), NULL);
	v = exit_with(&r, T0 + VG_S(41), 1); /* exit 1 fails (retry 0): down, contribution dropped */
	assert_int_equal(v.report, VG_LVS_REPORT_DOWN);
	assert_int_equal(v.weight_delta, -250);
	r.c.is_up = false; /* the parent applies the verdict */
	tick(&r, T0 + VG_S(51), NULL);
	v = exit_with(&r, T0 + VG_S(51), 255); /* up again with its weight */
	assert_int_equal(v.report, VG_LVS_REPORT_UP);
	assert_false(v.first);
	assert_int_equal(v.weight_delta, 250);
}

/* Without misc_dynamic only exit 0 passes (keepalived.conf(5) MISC_CHECK). */
static void test_misc_plain_exit_codes(void **state)
{
	struct rig r;
	struct vg_lvs_verdict v;

	(void)state;
	rig_init(&r, VG_LVS_CHECK_MISC, false);
	r.c.rs_weight = 1;
	vg_lvs_checker_start(&r.c, &r.cfg, T0, 0);
	tick(&r, T0 + VG_S(1), NULL);
	v = exit_with(&r, T0 + VG_S(1), 0);
	assert_int_equal(v.report, VG_LVS_REPORT_UP);
	assert_int_equal(v.weight_delta, 0);
	r.c.is_up = true;
	tick(&r, T0 + VG_S(11), NULL);
	v = exit_with(&r, T0 + VG_S(11), 12); /* 12 without misc_dynamic: a failure, retry 0 */
	assert_int_equal(v.report, VG_LVS_REPORT_DOWN);
	assert_int_equal(v.weight_delta, 0);
}

/*
 * check_misc.c: a script still running after misc_timeout is killed and
 * counts as a failure; failures while down count no retries, so the next
 * run is a delay_loop after the last one started.
 */
static void test_misc_timeout_and_retries(void **state)
{
	struct rig r;
	struct vg_lvs_verdict v;

	(void)state;
	rig_init(&r, VG_LVS_CHECK_MISC, false);
	r.tm.connect_timeout_ns = VG_S(3); /* misc_timeout 3 */
	r.cfg.retry = 1;
	r.tm.delay_before_retry_ns = VG_S(2);
	vg_lvs_checker_start(&r.c, &r.cfg, T0, 0);
	assert_int_equal(tick(&r, T0 + VG_S(1), NULL), VG_ACT_LVS_PROBE);
	assert_int_equal(tick(&r, T0 + VG_S(4) - 1, NULL), -1);
	assert_int_equal(tick(&r, T0 + VG_S(4), &v), VG_ACT_LVS_PROBE_ABORT);
	assert_int_equal(v.report, VG_LVS_REPORT_NONE); /* a retry is left */
	assert_int_equal(r.c.retry_it, 1);
	/* retry: delay_before_retry after the start of the killed run, already past: now */
	assert_int_equal(r.c.next_ns, T0 + VG_S(4));
	assert_int_equal(tick(&r, T0 + VG_S(4), NULL), VG_ACT_LVS_PROBE);
	assert_int_equal(tick(&r, T0 + VG_S(7), &v), VG_ACT_LVS_PROBE_ABORT);
	assert_int_equal(v.report, VG_LVS_REPORT_DOWN);
	r.c.is_up = false;
	assert_int_equal(r.c.next_ns, T0 + VG_S(14)); /* started at T0 + 4 s, delay_loop 10 s */
	tick(&r, T0 + VG_S(14), NULL);
	v = exit_with(&r, T0 + VG_S(15), 1);
	assert_int_equal(v.report, VG_LVS_REPORT_NONE);
	assert_int_equal(r.c.retry_it, 0); /* no retry while down */
	assert_int_equal(r.c.next_ns, T0 + VG_S(24));
	/* a run killed by a signal (not the timeout) fails like an exit 1 */
	tick(&r, T0 + VG_S(24), NULL);
	{
		struct vg_lvs_probe_result res = { .checker = 5, .seq = r.c.seq, .outcome = VG_LVS_PROBE_FAILED };

		v = vg_lvs_checker_handle_result(&r.c, &r.cfg, T0 + VG_S(24), &res, r.url, NULL);
	}
	assert_int_equal(v.report, VG_LVS_REPORT_NONE);
	tick(&r, T0 + VG_S(34), NULL);
	v = exit_with(&r, T0 + VG_S(34), 0);
	assert_int_equal(v.report, VG_LVS_REPORT_UP);
}

/*
 * keepalived.conf(5) "Track files": the value is multiplied by the weight;
 * with weight 0 a non-zero value is a failure; "If the result is <=
 * -2147483648 then the checker will be in the FAULT state"; reverse
 * negates (track_file.c weight_multiplier), results saturate (weight_range).
 */
static void test_file_status(void **state)
{
	struct vg_lvs_checker_config cfg;
	struct vg_lvs_timing t;

	(void)state;
	vg_lvs_checker_config_defaults(&cfg, &t, VG_LVS_CHECK_FILE, 0);
	cfg.file_weight = 0;
	assert_int_equal(vg_lvs_file_status(&cfg, 0), 0);
	assert_int_equal(vg_lvs_file_status(&cfg, 7), VG_LVS_FILE_FAULT);
	cfg.file_reverse = true;
	assert_int_equal(vg_lvs_file_status(&cfg, 0), VG_LVS_FILE_FAULT);
	assert_int_equal(vg_lvs_file_status(&cfg, 7), 0);
	cfg.file_weight = 2;
	cfg.file_reverse = false;
	assert_int_equal(vg_lvs_file_status(&cfg, 5), 10);
	assert_int_equal(vg_lvs_file_status(&cfg, -5), -10);
	assert_int_equal(vg_lvs_file_status(&cfg, INT32_MAX), INT32_MAX);
	assert_int_equal(vg_lvs_file_status(&cfg, INT32_MIN), VG_LVS_FILE_FAULT);
	cfg.file_reverse = true;
	assert_int_equal(vg_lvs_file_status(&cfg, 5), -10);
	cfg.file_weight = 1;
	assert_int_equal(vg_lvs_file_status(&cfg, (int64_t)INT32_MAX + 1), VG_LVS_FILE_FAULT);
	assert_int_equal(vg_lvs_file_status(&cfg, INT64_MAX), VG_LVS_FILE_FAULT); /* clamped first */
}

/* track_file.c: a FILE_CHECK's value moves its weight, a FAULT takes it down and back. */
static void test_file_values(void **state)
{
	struct rig r;
	struct vg_lvs_verdict v;

	(void)state;
	rig_init(&r, VG_LVS_CHECK_FILE, false);
	r.cfg.file_weight = 1;
	vg_lvs_checker_init(&r.c, &r.cfg, 5, 9);
	assert_true(r.c.is_up);
	/* before start: the initial value, no report */
	v = vg_lvs_checker_handle_file(&r.c, &r.cfg, T0, 5);
	assert_int_equal(v.report, VG_LVS_REPORT_NONE);
	assert_int_equal(v.weight_delta, 5);
	vg_lvs_checker_start(&r.c, &r.cfg, T0, 0);
	assert_int_equal(vg_lvs_checker_next_deadline(&r.c), VG_TIME_NEVER); /* no probes */
	assert_int_equal(tick(&r, T0 + VG_S(1), NULL), -1);
	v = vg_lvs_checker_handle_file(&r.c, &r.cfg, T0 + VG_S(1), 5);
	assert_int_equal(v.weight_delta, 0);
	v = vg_lvs_checker_handle_file(&r.c, &r.cfg, T0 + VG_S(2), 7);
	assert_int_equal(v.report, VG_LVS_REPORT_NONE);
	assert_int_equal(v.weight_delta, 2);
	v = vg_lvs_checker_handle_file(&r.c, &r.cfg, T0 + VG_S(3), INT32_MIN);
	assert_int_equal(v.report, VG_LVS_REPORT_DOWN);
	assert_false(v.first); /* keepalived marks file checkers as run */
	assert_int_equal(v.weight_delta, -7);
	r.c.is_up = false;
	v = vg_lvs_checker_handle_file(&r.c, &r.cfg, T0 + VG_S(4), -3);
	assert_int_equal(v.report, VG_LVS_REPORT_UP);
	assert_int_equal(v.weight_delta, -3);
	assert_int_equal(r.c.cur_weight, -3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_first_probe_and_loop),
		cmocka_unit_test(test_tcp_down_after_retry_plus_one),
		cmocka_unit_test(test_tcp_success_resets_retries),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_warmup),
		cmocka_unit_test(test_alpha),
		cmocka_unit_test(test_disabled),
		cmocka_unit_test(test_status_parse),
		cmocka_unit_test(test_http_evaluation),
		cmocka_unit_test(test_http_urls),
		cmocka_unit_test(test_http_fast_recovery),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_digest_parse),
		cmocka_unit_test(test_http_regex),
		cmocka_unit_test(test_timeout_arithmetic),
		cmocka_unit_test(test_misc_dynamic_weights),
		cmocka_unit_test(test_misc_plain_exit_codes),
		cmocka_unit_test(test_misc_timeout_and_retries),
		cmocka_unit_test(test_file_status),
		cmocka_unit_test(test_file_values),
	};

	return cmocka_run_group_tests_name("lvs/checker", tests, NULL, NULL);
}
