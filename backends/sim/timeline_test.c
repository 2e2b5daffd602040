/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of the timeline picture (timeline.h): lanes, the real servers'
 * lanes from the LVS core's table effects, the SVG it writes.
 */
#define _DEFAULT_SOURCE /* mkstemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf/testutil.h"
#include "lvs/from_conf.h"
#include "sim/timeline.h"
#include "vrrp/instance.h"

static const char conf_text[] =
	"virtual_server 192.0.2.100 80 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n"
	"  real_server 192.0.2.12 18101 {\n    weight 1\n    TCP_CHECK {\n    }\n  }\n"
	"  real_server 192.0.2.13 18102 {\n    weight 1\n    TCP_CHECK {\n    }\n  }\n}\n";

static struct vg_action dest(uint8_t kind, uint16_t rs, int32_t weight)
{
	struct vg_action a;

	memset(&a, 0, sizeof(a));
	a.kind = kind;
	a.service = 0;
	a.u.lvs.rs = rs;
	a.u.lvs.weight = weight;
	return a;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *b = calloc(1, 65536);

	assert_non_null(f);
	assert_non_null(b);
	assert_true(fread(b, 1, 65535, f) > 0);
	fclose(f);
	return b;
}

/* Lanes are found again by name and kind; the real servers' follow ADD / EDIT / DEL. */
static void test_lanes_and_lvs_effects(void **state)
{
	struct parsed p;
	struct vg_lvs_conf_map map;
	struct vg_timeline t;
	struct vg_action a;
	struct vg_diags dg;

	(void)state;
	parse_text(&p, conf_text);
	assert_int_equal(p.rc, 0);
	memset(&map, 0, sizeof(map));
	vg_diags_init(&dg);
	assert_int_equal(vg_lvs_from_conf(p.conf, &map, &dg), 0);
	vg_timeline_init(&t);
	assert_int_equal(vg_timeline_lane(&t, "VI_1", VG_TL_VRRP), 0);
	assert_int_equal(vg_timeline_lane(&t, "VI_2", VG_TL_VRRP), 1);
	assert_int_equal(vg_timeline_lane(&t, "VI_1", VG_TL_VRRP), 0);
	vg_timeline_change(&t, 0, VG_S(1), VG_STATE_MASTER);
	vg_timeline_change(&t, 7, VG_S(1), VG_STATE_MASTER); /* no such lane: ignored */
	assert_int_equal(t.changes, 1);

	a = dest(VG_ACT_LVS_DEST_ADD, 0, 1);
	vg_timeline_lvs(&t, "n1", &map, &a, VG_S(1));
	a = dest(VG_ACT_LVS_DEST_ADD, 1, 1);
	vg_timeline_lvs(&t, "n1", &map, &a, VG_S(1));
	a = dest(VG_ACT_LVS_DEST_DEL, 0, 0);
	vg_timeline_lvs(&t, "n1", &map, &a, VG_S(3));
	a = dest(VG_ACT_LVS_DEST_EDIT, 1, 0);
	vg_timeline_lvs(&t, "n1", &map, &a, VG_S(4));
	a = dest(VG_ACT_LVS_PROBE, 1, 0); /* not a table edit */
	vg_timeline_lvs(&t, "n1", &map, &a, VG_S(4));
	a = dest(VG_ACT_LVS_DEST_ADD, 9, 1); /* no such real server */
	vg_timeline_lvs(&t, "n1", &map, &a, VG_S(4));
	assert_int_equal(t.lanes, 4);
	assert_string_equal(t.lane[2].name, "n1 [192.0.2.100]:tcp:80 -> [192.0.2.12]:tcp:18101");
	assert_string_equal(t.lane[3].name, "n1 [192.0.2.100]:tcp:80 -> [192.0.2.13]:tcp:18102");
	assert_int_equal(t.lane[2].kind, VG_TL_RS);
	assert_int_equal(t.changes, 5);
	assert_int_equal(t.change[1].state, VG_TL_RS_IN);
	assert_int_equal(t.change[3].lane, 2);
	assert_int_equal(t.change[3].state, VG_TL_RS_OUT);
	assert_int_equal(t.change[4].lane, 3);
	assert_int_equal(t.change[4].state, VG_TL_RS_ZERO);
	vg_timeline_free(&t);
	vg_lvs_conf_map_free(&map);
	vg_diags_free(&dg);
	parsed_free(&p);
}

/* The picture: one lane per name (escaped), state colours, markers, the axis, the legends. */
static void test_svg(void **state)
{
	char path[] = "/tmp/vgtl-test-XXXXXX";
	int fd = mkstemp(path);
	struct vg_timeline t;
	uint32_t vi, rs;
	char *svg;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	vg_timeline_init(&t);
	vi = vg_timeline_lane(&t, "VI_1", VG_TL_VRRP);
	rs = vg_timeline_lane(&t, "[192.0.2.100]:tcp:80 -> [192.0.2.12]:tcp:18101", VG_TL_RS);
	vg_timeline_change(&t, vi, VG_S(11), VG_STATE_BACKUP);
	vg_timeline_change(&t, vi, VG_S(14), VG_STATE_MASTER);
	vg_timeline_change(&t, rs, VG_S(11), VG_TL_RS_IN);
	vg_timeline_change(&t, rs, VG_S(15), VG_TL_RS_OUT);
	vg_timeline_mark(&t, VG_S(13));
	assert_int_equal(vg_timeline_svg(&t, path, "a <title> & more", VG_S(10), VG_S(20), 3), 0);
	svg = slurp(path);
	assert_non_null(strstr(svg, ">a &lt;title&gt; &amp; more</text>"));
	assert_non_null(strstr(svg, ">VI_1</text>"));
	assert_non_null(strstr(svg, ">[192.0.2.100]:tcp:80 -&gt; [192.0.2.12]:tcp:18101</text>"));
	assert_non_null(strstr(svg, "fill=\"#3b73c4\"")); /* BACKUP */
	assert_non_null(strstr(svg, "fill=\"#2e9d48\"")); /* MASTER, in */
	assert_non_null(strstr(svg, "fill=\"#c8c8c8\"")); /* INIT, out */
	assert_non_null(strstr(svg, "stroke-dasharray"));
	assert_non_null(strstr(svg, ">10.000 s</text>"));
	assert_non_null(strstr(svg, "real servers:"));
	assert_non_null(strstr(svg, "</svg>"));
	free(svg);
	vg_timeline_free(&t);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lanes_and_lvs_effects),
		cmocka_unit_test(test_svg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
