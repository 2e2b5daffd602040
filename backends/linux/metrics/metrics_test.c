/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of the metrics page: the process facts and reload bookkeeping,
 * a driver's `metrics` op called in order, the health-check families the
 * checker driver fills, and the label values of IPVS services and servers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "metrics.h"

static const char *text(struct vgd_expo *w)
{
	size_t n;

	return vgd_expo_text(w, &n);
}

static void fake_metrics(void *self, struct vgd_expo *w)
{
	(void)self;
	vgd_expo_family(w, "vigil_fake_total", VGD_EXPO_COUNTER, "A driver's family.");
	vgd_expo_u64(w, NULL, 0, 7);
}

static const struct vgd_driver_ops fake_ops = { .name = "fake", .metrics = fake_metrics };
static const struct vgd_driver_ops silent_ops = { .name = "silent" }; /* no metrics op */

static void test_page(void **state)
{
	struct vgd_metrics m;
	struct vgd_driver drv[2] = { { &silent_ops, NULL }, { &fake_ops, NULL } };
	size_t ndrv = 2;
	struct vgd_expo w;
	char err[64];
	const char *t;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.loop = vgl_loop_new(err, sizeof(err));
	assert_non_null(m.loop);
	m.drv = drv;
	m.ndrv = &ndrv;
	m.generation = 1;
	m.last_ok = true;
	m.start_real_ns = m.last_ok_real_ns = UINT64_C(1700000000) * 1000000000u;
	vgd_http_init(&m.http, -1, vgd_metrics_render, &m);
	vgd_metrics_reloaded(&m, true, UINT64_C(1700000100) * 1000000000u);
	vgd_metrics_reloaded(&m, false, UINT64_C(1700000200) * 1000000000u);
	vgd_expo_init(&w, 1 << 20);
	vgd_metrics_render(&m, &w);
	assert_false(vgd_expo_failed(&w));
	t = text(&w);
	assert_non_null(strstr(t, "\nprocess_start_time_seconds 1700000000\n"));
	assert_non_null(strstr(t, "\nvigild_config_generation 2\n"));
	assert_non_null(strstr(t, "\nvigild_config_last_reload_successful 0\n"));
	assert_non_null(strstr(t, "\nvigild_config_last_reload_success_timestamp_seconds 1700000100\n"));
	assert_non_null(strstr(t, "\nvigild_config_reloads_total{result=\"success\"} 1\n"));
	assert_non_null(strstr(t, "\nvigild_config_reloads_total{result=\"failure\"} 1\n"));
	assert_non_null(strstr(t, "# TYPE vigild_loop_lag_seconds histogram\n"));
	assert_non_null(strstr(t, "\nvigild_loop_lag_seconds_bucket{le=\"+Inf\"} 0\n"));
	assert_non_null(strstr(t, "\nvigild_metrics_http_responses_total{code=\"404\"} 0\n"));
	assert_non_null(strstr(t, "\nvigil_fake_total 7\n"));
	assert_non_null(strstr(t, "\nprocess_open_fds "));
	vgd_expo_free(&w);
	vgl_loop_free(m.loop);
}

static void test_checks(void **state)
{
	struct vgd_check_facts c[2];
	struct vgd_check_lat_facts l[1];
	struct vgd_expo w;
	const char *t;

	(void)state;
	memset(c, 0, sizeof(c));
	memset(l, 0, sizeof(l));
	c[0].virtual_server = c[1].virtual_server = "tcp:192.0.2.100:80";
	c[0].real_server = "198.51.100.1:80";
	c[1].real_server = "198.51.100.2:80";
	c[0].checker = c[1].checker = "HTTP_GET";
	c[0].up = true;
	c[0].results[VGD_CHECK_SUCCESS] = 5;
	c[0].results[VGD_CHECK_TIMEOUT] = 1;
	c[1].results[VGD_CHECK_FAILURE] = 2;
	l[0].virtual_server = "tcp:192.0.2.100:80";
	l[0].checker = "HTTP_GET";
	vgd_hist_init(&l[0].latency, vgd_check_latency_bounds, VGD_CHECK_LATENCY_BUCKETS);
	vgd_hist_observe(&l[0].latency, 0.003);
	vgd_hist_observe(&l[0].latency, 3.0);
	vgd_expo_init(&w, 1 << 20);
	vgd_metrics_checks(&w, c, 2, l, 1);
	assert_false(vgd_expo_failed(&w));
	t = text(&w);
	assert_non_null(strstr(t, "vigil_lvs_check_up{virtual_server=\"tcp:192.0.2.100:80\",real_server=\"198.51.100.1:80\","
				  "checker=\"HTTP_GET\"} 1\n"));
	assert_non_null(strstr(t, "vigil_lvs_check_up{virtual_server=\"tcp:192.0.2.100:80\",real_server=\"198.51.100.2:80\","
				  "checker=\"HTTP_GET\"} 0\n"));
	assert_non_null(strstr(t, "real_server=\"198.51.100.1:80\",checker=\"HTTP_GET\",outcome=\"success\"} 5\n"));
	assert_non_null(strstr(t, "real_server=\"198.51.100.1:80\",checker=\"HTTP_GET\",outcome=\"timeout\"} 1\n"));
	assert_non_null(strstr(t, "real_server=\"198.51.100.1:80\",checker=\"HTTP_GET\",outcome=\"error\"} 0\n"));
	assert_non_null(strstr(t, "real_server=\"198.51.100.2:80\",checker=\"HTTP_GET\",outcome=\"failure\"} 2\n"));
	/* the histogram is the virtual server's, per checker type: no real_server label */
	assert_non_null(strstr(t, "vigil_lvs_check_duration_seconds_bucket{virtual_server=\"tcp:192.0.2.100:80\","
				  "checker=\"HTTP_GET\",le=\"0.0025\"} 0\n"));
	assert_non_null(strstr(t, "checker=\"HTTP_GET\",le=\"0.005\"} 1\n"));
	assert_non_null(strstr(t, "checker=\"HTTP_GET\",le=\"2.5\"} 1\n"));
	assert_non_null(strstr(t, "checker=\"HTTP_GET\",le=\"5\"} 2\n"));
	assert_non_null(strstr(t, "checker=\"HTTP_GET\",le=\"+Inf\"} 2\n"));
	assert_non_null(strstr(t, "vigil_lvs_check_duration_seconds_count{virtual_server=\"tcp:192.0.2.100:80\","
				  "checker=\"HTTP_GET\"} 2\n"));
	assert_null(strstr(t, "vigil_lvs_check_duration_seconds_count{virtual_server=\"tcp:192.0.2.100:80\",real_server"));
	vgd_expo_free(&w);
}

static void test_labels(void **state)
{
	struct vg_addr a;
	char b[96];

	(void)state;
	assert_int_equal(vg_addr_parse("192.0.2.100", &a), 0);
	assert_string_equal(vgd_metrics_svc_label(VG_AF_INET, 6, &a, 80, 0, b, sizeof(b)), "tcp:192.0.2.100:80");
	assert_string_equal(vgd_metrics_svc_label(VG_AF_INET, 0, &a, 0, 7, b, sizeof(b)), "fwmark:7:ipv4");
	assert_string_equal(vgd_metrics_dest_label(&a, 8080, b, sizeof(b)), "192.0.2.100:8080");
	assert_int_equal(vg_addr_parse("2001:db8::1", &a), 0);
	assert_string_equal(vgd_metrics_svc_label(VG_AF_INET6, 17, &a, 53, 0, b, sizeof(b)), "udp:[2001:db8::1]:53");
	assert_string_equal(vgd_metrics_svc_label(VG_AF_INET6, 0, &a, 0, 9, b, sizeof(b)), "fwmark:9:ipv6");
	assert_string_equal(vgd_metrics_dest_label(&a, 80, b, sizeof(b)), "[2001:db8::1]:80");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
