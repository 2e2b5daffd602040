/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of the exposition writer against the text format 0.0.4
 * (Prometheus docs, "Exposition formats": escaping, HELP/TYPE, histograms).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "expo.h"

static const char *text(struct vgd_expo *w)
{
	size_t n;

	return vgd_expo_text(w, &n);
}

static void test_counter_and_gauge(void **state)
{
	struct vgd_expo w;
	const struct vgd_label l[] = { { "instance", "VI_1" }, { "vrid", "51" } };

	(void)state;
	vgd_expo_init(&w, 1 << 16);
	vgd_expo_family(&w, "vigil_vrrp_adverts_sent_total", VGD_EXPO_COUNTER, "Adverts sent.");
	vgd_expo_u64(&w, l, 2, 18446744073709551615ull);
	vgd_expo_family(&w, "vigil_up", VGD_EXPO_GAUGE, "Up.");
	vgd_expo_f64(&w, NULL, 0, 1.5);
	assert_false(vgd_expo_failed(&w));
	assert_string_equal(text(&w),
			    "# HELP vigil_vrrp_adverts_sent_total Adverts sent.\n"
			    "# TYPE vigil_vrrp_adverts_sent_total counter\n"
			    "vigil_vrrp_adverts_sent_total{instance=\"VI_1\",vrid=\"51\"} 18446744073709551615\n"
			    "# HELP vigil_up Up.\n"
			    "# TYPE vigil_up gauge\n"
			    "vigil_up 1.5\n");
	vgd_expo_free(&w);
}

/* the format: label values escape \ " and line feed; HELP escapes \ and line feed only */
static void test_escaping(void **state)
{
	struct vgd_expo w;
	const struct vgd_label l[] = { { "name", "a\\b\"c\nd" } };
	char out[64];

	(void)state;
	vgd_expo_init(&w, 1 << 16);
	vgd_expo_family(&w, "m", VGD_EXPO_GAUGE, "say \"hi\"\\ now\nnext");
	vgd_expo_u64(&w, l, 1, 0);
	assert_false(vgd_expo_failed(&w));
	assert_string_equal(text(&w), "# HELP m say \"hi\"\\\\ now\\nnext\n"
				      "# TYPE m gauge\n"
				      "m{name=\"a\\\\b\\\"c\\nd\"} 0\n");
	assert_int_equal(vgd_expo_escape_label("x\"y", out, sizeof(out)), 4);
	assert_string_equal(out, "x\\\"y");
	vgd_expo_free(&w);
}

static void test_floats(void **state)
{
	struct vgd_expo w;

	(void)state;
	vgd_expo_init(&w, 1 << 16);
	vgd_expo_family(&w, "f", VGD_EXPO_GAUGE, "F.");
	vgd_expo_f64(&w, NULL, 0, 0.1);
	vgd_expo_f64(&w, NULL, 0, 1.0 / 0.0);
	vgd_expo_f64(&w, NULL, 0, -1.0 / 0.0);
	vgd_expo_f64(&w, NULL, 0, 0.0 / 0.0);
	vgd_expo_f64(&w, NULL, 0, 1712345678.123456789);
	assert_string_equal(text(&w), "# HELP f F.\n# TYPE f gauge\nf 0.1\nf +Inf\nf -Inf\nf NaN\n"
				      "f 1712345678.1234567\n");
	vgd_expo_free(&w);
}

/* histogram buckets are cumulative, end with le="+Inf", then _sum and _count */
static void test_histogram(void **state)
{
	static const double b[] = { 0.001, 0.01, 0.1 };
	struct vgd_expo w;
	struct vgd_hist h;
	const struct vgd_label l[] = { { "rs", "198.51.100.1:80" } };

	(void)state;
	vgd_hist_init(&h, b, 3);
	vgd_hist_observe(&h, 0.0005);
	vgd_hist_observe(&h, 0.001); /* on the bound: in that bucket (le = less or equal) */
	vgd_hist_observe(&h, 0.05);
	vgd_hist_observe(&h, 2.0);
	assert_int_equal(vgd_hist_count(&h), 4);
	vgd_expo_init(&w, 1 << 16);
	vgd_expo_family(&w, "lat_seconds", VGD_EXPO_HISTOGRAM, "Latency.");
	vgd_expo_hist(&w, l, 1, &h);
	assert_false(vgd_expo_failed(&w));
	assert_string_equal(text(&w), "# HELP lat_seconds Latency.\n"
				      "# TYPE lat_seconds histogram\n"
				      "lat_seconds_bucket{rs=\"198.51.100.1:80\",le=\"0.001\"} 2\n"
				      "lat_seconds_bucket{rs=\"198.51.100.1:80\",le=\"0.01\"} 2\n"
				      "lat_seconds_bucket{rs=\"198.51.100.1:80\",le=\"0.1\"} 3\n"
				      "lat_seconds_bucket{rs=\"198.51.100.1:80\",le=\"+Inf\"} 4\n"
				      "lat_seconds_sum{rs=\"198.51.100.1:80\"} 2.0515\n"
				      "lat_seconds_count{rs=\"198.51.100.1:80\"} 4\n");
	vgd_expo_free(&w);
}

static void test_histogram_no_labels(void **state)
{
	static const double b[] = { 1 };
	struct vgd_expo w;
	struct vgd_hist h;

	(void)state;
	vgd_hist_init(&h, b, 1);
	vgd_expo_init(&w, 1 << 16);
	vgd_expo_family(&w, "h", VGD_EXPO_HISTOGRAM, "H.");
	vgd_expo_hist(&w, NULL, 0, &h);
	assert_string_equal(text(&w), "# HELP h H.\n# TYPE h histogram\n"
				      "h_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 0\nh_sum 0\nh_count 0\n");
	vgd_expo_free(&w);
}

/* every line of a family in one group: a family written twice is the caller's bug */
static void test_mistakes_fail(void **state)
{
	struct vgd_expo w;
	const struct vgd_label bad[] = { { "__x", "1" } };

	(void)state;
	vgd_expo_init(&w, 1 << 16);
	vgd_expo_family(&w, "a", VGD_EXPO_GAUGE, "A.");
	vgd_expo_family(&w, "a", VGD_EXPO_GAUGE, "A.");
	assert_true(vgd_expo_failed(&w));
	vgd_expo_free(&w);

	vgd_expo_init(&w, 1 << 16);
	vgd_expo_u64(&w, NULL, 0, 1);
	assert_true(vgd_expo_failed(&w));
	vgd_expo_free(&w);

	vgd_expo_init(&w, 1 << 16);
	vgd_expo_family(&w, "9bad", VGD_EXPO_GAUGE, "A.");
	assert_true(vgd_expo_failed(&w));
	vgd_expo_free(&w);

	vgd_expo_init(&w, 1 << 16);
	vgd_expo_family(&w, "g", VGD_EXPO_GAUGE, "A.");
	vgd_expo_u64(&w, bad, 1, 1);
	assert_true(vgd_expo_failed(&w));
	vgd_expo_free(&w);

	vgd_expo_init(&w, 1 << 16);
	vgd_expo_family(&w, "c", VGD_EXPO_COUNTER, "A.");
	vgd_expo_hist(&w, NULL, 0, &(struct vgd_hist){ 0 });
	assert_true(vgd_expo_failed(&w));
	vgd_expo_free(&w);
}

/* the buffer is bounded: past the limit the writer fails rather than truncating silently */
static void test_limit(void **state)
{
	struct vgd_expo w;
	int i;

	(void)state;
	vgd_expo_init(&w, 200);
	vgd_expo_family(&w, "g", VGD_EXPO_GAUGE, "G.");
	for (i = 0; i < 100; i++)
		vgd_expo_u64(&w, NULL, 0, 12345);
	assert_true(vgd_expo_failed(&w));
	assert_true(w.len < 200);
	vgd_expo_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counter_and_gauge), cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_floats),            cmocka_unit_test(test_histogram),
		cmocka_unit_test(test_histogram_no_labels), cmocka_unit_test(test_mistakes_fail),
		cmocka_unit_test(test_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
