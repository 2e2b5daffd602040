/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the LVS driver without root or IPVS: the hooks the root wires from
 * the VRRP driver (ha_suspend's address, lvs_sync_daemon's instance) and
 * the state dump's counters. No socket is opened (the driver is never
 * opened here), so a sync daemon change is a no-op and the dump says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "check_driver.h"
#include "conf_loader.h"
#include "lvs/table_from_conf.h"
#include "lvs_driver.h"
#include "lvs_map.h"
#include "lvs_table.h"
#include "vrrp/action.h"

static const char conf_text[] =
	"global_defs {\n"
	"  lvs_sync_daemon eth0 VI_1 id 7\n"
	"}\n"
	"virtual_server 192.0.2.10 80 {\n"
	"  lb_algo rr\n"
	"  lb_kind DR\n"
	"  protocol TCP\n"
	"  ha_suspend\n"
	"  real_server 10.0.0.1 80 {\n"
	"    weight 1\n"
	"    TCP_CHECK {\n"
	"      connect_timeout 3\n"
	"    }\n"
	"  }\n"
	"}\n";

static struct vg_conf *load_text(const char *text)
{
	char path[] = "/tmp/vgd_lvs_driver_test.XXXXXX";
	int fd = mkstemp(path);
	struct vg_conf *c = NULL;
	struct vg_diags dg;
	size_t n = strlen(text);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
	vg_diags_init(&dg);
	vg_conf_load(path, "test", &c, &dg);
	vg_diags_free(&dg);
	unlink(path);
	assert_non_null(c);
	return c;
}

static struct vg_conf *load(void)
{
	return load_text(conf_text);
}

static char *dump(struct vgd_driver *d)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	assert_non_null(f);
	d->ops->dump(d->self, f);
	fclose(f);
	return buf;
}

static void vip_hook_follows_ha_suspend_address(void **state)
{
	struct vg_conf *c = load();
	struct vg_diags dg;
	struct vgd_opts o;
	struct vgd_driver d;
	struct vg_addr vip, other;

	(void)state;
	memset(&o, 0, sizeof(o));
	vg_diags_init(&dg);
	d = vgd_lvs_new(&o, c, &dg);
	assert_non_null(d.self);
	assert_int_equal(vg_addr_parse("192.0.2.10", &vip), 0);
	assert_int_equal(vg_addr_parse("192.0.2.11", &other), 0);
	vgd_lvs_vip(d.self, &other, true); /* not the service's address */
	assert_non_null(strstr(dump(&d), "ha_suspend VIP changes = 0"));
	vgd_lvs_vip(d.self, &vip, true);
	vgd_lvs_vip(d.self, &vip, true); /* no change */
	assert_non_null(strstr(dump(&d), "ha_suspend VIP changes = 1"));
	vgd_lvs_vip(d.self, &vip, false);
	assert_non_null(strstr(dump(&d), "ha_suspend VIP changes = 2"));
	/* no IPVS socket: the sync daemon stays none, nothing is sent */
	vgd_lvs_vrrp_state(d.self, "VI_1", VG_STATE_MASTER);
	assert_non_null(strstr(dump(&d), "Sync daemon = none (changes 0)"));
	assert_non_null(strstr(dump(&d), "IPVS messages = 0"));
	d.ops->free(d.self);
	vg_diags_free(&dg);
	vg_conf_free(c);
}

/* TCP_CHECK is run by the checker driver: no not-run note (the types without a probe get one). */
static void checkers_are_reported_not_run(void **state)
{
	struct vg_conf *c = load();
	struct vg_diags dg;

	(void)state;
	vg_diags_init(&dg);
	vgd_lvs_report_checkers(c, &dg);
	assert_int_equal(dg.count, 0);
	vg_diags_free(&dg);
	vg_conf_free(c);
}

/* Every queued request carries the file:line of its virtual_server / real_server (the sorted index). */
static void requests_name_their_lines(void **state)
{
	struct vg_conf *c = load();
	struct vg_diags dg;
	struct vg_lvs_conf_map map;
	struct vg_lvs_table want, empty;
	struct vg_lvs_op v[8];
	struct vg_lvs_ops ops;
	struct vgl_ipvs_batch *b = vgl_ipvs_batch_new(8);
	const struct vgl_ipvs_failure *f;
	size_t nf;
	char line[512], before[512];

	(void)state;
	vg_diags_init(&dg);
	assert_int_equal(vg_lvs_from_conf(c, &map, &dg), 0);
	assert_int_equal(vg_lvs_table_from_conf(&map, &want, &dg), 0);
	assert_int_equal(vgd_lvs_table_empty(&empty), 0);
	vg_lvs_ops_init(&ops, v, 8);
	assert_int_equal(vg_lvs_table_diff(&empty, &want, NULL, NULL, false, &ops), 2);
	assert_int_equal(vgd_lvs_queue_ops(b, &empty, &want, &ops, &map, &map), 2);
	vgl_ipvs_batch_number(b, 30, 1);
	assert_int_equal(vgl_ipvs_batch_unanswered(b, 0, 2, -17, NULL), 2);
	f = vgl_ipvs_batch_failures(b, &nf);
	assert_int_equal(nf, 2);
	assert_non_null(strstr(vgl_ipvs_batch_format(b, &f[0], line, sizeof(line)), ":4: add"));
	assert_non_null(strstr(vgl_ipvs_batch_format(b, &f[1], line, sizeof(line)), ":9: add real server 10.0.0.1:80"));
	snprintf(before, sizeof(before), "%s", line);
	assert_non_null(strstr(before, c->files.items[0])); /* the file named too */
	vgl_ipvs_batch_free(b);
	/* the same lines once the tree's real_server blocks are gone (the map's copies) */
	assert_int_equal(vg_lvs_conf_map_drop_tree(&map), 0);
	vg_conf_drop_lvs(c);
	assert_null(map.svc[0].rs);
	b = vgl_ipvs_batch_new(8);
	assert_int_equal(vgd_lvs_queue_ops(b, &empty, &want, &ops, &map, &map), 2);
	vgl_ipvs_batch_number(b, 30, 1);
	assert_int_equal(vgl_ipvs_batch_unanswered(b, 0, 2, -17, NULL), 2);
	f = vgl_ipvs_batch_failures(b, &nf);
	assert_int_equal(nf, 2);
	assert_non_null(strstr(vgl_ipvs_batch_format(b, &f[0], line, sizeof(line)), ":4: add"));
	assert_string_equal(vgl_ipvs_batch_format(b, &f[1], line, sizeof(line)), before);
	vgl_ipvs_batch_free(b);
	vg_lvs_table_free(&want);
	vg_lvs_table_free(&empty);
	vg_lvs_conf_map_free(&map);
	vg_diags_free(&dg);
	vg_conf_free(c);
}

static const char vrrp_part[] =
	"vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  priority 100\n"
	"  virtual_ipaddress {\n    192.0.2.10/24\n  }\n  lvs_sync_daemon_interface eth1\n}\n"
	"vrrp_instance VI_2 {\n  interface eth0\n  virtual_router_id 52\n  priority 100\n"
	"  virtual_ipaddress {\n    192.0.2.20/24\n  }\n  lvs_sync_daemon_interface eth2\n}\n";

static char *syncd_dump(const char *global, struct vg_diags *dg)
{
	char text[1024];
	struct vg_conf *c;
	struct vgd_opts o;
	struct vgd_driver d;
	static char out[4096];

	snprintf(text, sizeof(text), "global_defs {\n%s}\n%s", global, vrrp_part);
	c = load_text(text);
	memset(&o, 0, sizeof(o));
	d = vgd_lvs_new(&o, c, dg);
	assert_non_null(d.self);
	snprintf(out, sizeof(out), "%s", dump(&d));
	d.ops->free(d.self);
	vg_conf_free(c);
	return out;
}

/*
 * vrrp_instance lvs_sync_daemon_interface (deprecated): as keepalived 2.2.7
 * (vrrp_parser.c, vrrp.c), the first one names the sync daemon's interface
 * and its instance, id 0; a later one is ignored with a warning; global_defs
 * lvs_sync_daemon wins over both, its id defaulting to the instance's VRID.
 */
static void syncd_from_deprecated_instance_keyword(void **state)
{
	struct vg_diags dg;
	char *s;

	(void)state;
	vg_diags_init(&dg);
	s = syncd_dump("", &dg);
	assert_non_null(strstr(s, "Sync daemon configuration = eth1 VI_1 id 0\n"));
	assert_int_equal(dg.count, 1); /* VI_2's is ignored */
	assert_non_null(strstr(dg.items[0].message, "(VI_2) lvs_sync_daemon_interface"));
	vg_diags_free(&dg);

	vg_diags_init(&dg);
	s = syncd_dump("  lvs_sync_daemon eth3 VI_2\n", &dg);
	assert_non_null(strstr(s, "Sync daemon configuration = eth3 VI_2 id 52\n"));
	assert_int_equal(dg.count, 2); /* both instance keywords ignored */
	vg_diags_free(&dg);

	vg_diags_init(&dg);
	s = syncd_dump("  lvs_sync_daemon eth3 VI_2 id 9\n", &dg);
	assert_non_null(strstr(s, "Sync daemon configuration = eth3 VI_2 id 9\n"));
	vg_diags_free(&dg);
}

/* The references to the LVS driver's map of `conf` (its own, the checker driver's), 0 if it has none. */
static unsigned map_refs(struct vgd_driver *l, const struct vg_conf *conf)
{
	struct vgd_lvs_map *m = vgd_lvs_shared_map(l->self, conf);
	unsigned refs = m ? m->refs - 1 : 0;

	vgd_lvs_map_unref(m);
	return refs;
}

/* An LVS driver and a checker driver on c, the checker driver taking the LVS driver's map (src). */
static void drivers_pair(struct vgd_opts *o, struct vg_conf *c, struct vg_diags *dg, struct vgd_driver *l,
			 struct vgd_driver *k, struct vgd_lvs_map_source *src)
{
	memset(o, 0, sizeof(*o));
	vg_diags_init(dg);
	*l = vgd_lvs_new(o, c, dg);
	assert_non_null(l->self);
	*src = (struct vgd_lvs_map_source){ .get = vgd_lvs_shared_map, .ctx = l->self };
	*k = vgd_check_new(o, c, src, dg);
	assert_non_null(k->self);
}

/*
 * One LVS map per configuration generation (lvs_map.h): the checker driver
 * runs on the LVS driver's; a failed reload (both prepared, then aborted)
 * drops the new one and leaves the running one to both drivers; a committed
 * one moves both drivers to the new map and frees the old.
 */
static void map_shared_across_reloads(void **state)
{
	struct vg_conf *c1 = load(), *c2 = load(), *c3 = load();
	struct vgd_driver l, k;
	struct vgd_lvs_map_source src;
	struct vgd_lvs_map *m;
	struct vg_diags dg;
	struct vgd_opts o;

	(void)state;
	drivers_pair(&o, c1, &dg, &l, &k, &src);
	assert_int_equal(map_refs(&l, c1), 2); /* the LVS driver's generation and the checker driver's */
	assert_null(vgd_lvs_shared_map(l.self, c2)); /* a tree it does not run */
	m = vgd_lvs_shared_map(l.self, c1);
	assert_int_equal(m->map.count, 1);
	assert_int_equal(m->map.svc[0].cfg.rs_count, 1);
	vgd_lvs_map_unref(m);

	/* a reload both drivers prepare, then abort (another driver refused, or an error) */
	assert_int_equal(l.ops->reload_prepare(l.self, c2, &dg), 0);
	assert_int_equal(k.ops->reload_prepare(k.self, c2, &dg), 0);
	assert_int_equal(map_refs(&l, c2), 2);
	assert_int_equal(map_refs(&l, c1), 2);
	l.ops->reload_abort(l.self);
	k.ops->reload_abort(k.self);
	vg_conf_free(c2); /* as reload.c does */
	assert_int_equal(map_refs(&l, c1), 2);
	m = vgd_lvs_shared_map(l.self, c1);
	assert_int_equal(m->map.count, 1); /* the running map is whole */
	assert_int_equal(m->map.svc[0].cfg.rs_count, 1);
	vgd_lvs_map_unref(m);

	/* a committed reload: both on the new map */
	assert_int_equal(l.ops->reload_prepare(l.self, c3, &dg), 0);
	assert_int_equal(k.ops->reload_prepare(k.self, c3, &dg), 0);
	l.ops->reload_commit(l.self, 1);
	k.ops->reload_commit(k.self, 1);
	assert_int_equal(map_refs(&l, c3), 2);
	assert_null(vgd_lvs_shared_map(l.self, c1));
	vg_conf_free(c1);

	k.ops->free(k.self);
	assert_int_equal(map_refs(&l, c3), 1); /* the checker driver's reference went with it */
	l.ops->free(l.self);
	vg_diags_free(&dg);
	vg_conf_free(c3);
}

/*
 * Once both drivers have planned, the tree's real_server blocks go
 * (daemon.c: vgd_lvs_release_tree, vgd_check_release_tree, then
 * vg_conf_drop_lvs); the drivers run on, a failed reload and a committed
 * one still work, and the new tree's insides go in turn.
 */
static void tree_released_after_planning(void **state)
{
	struct vg_conf *c1 = load(), *c2 = load(), *c3 = load();
	struct vgd_driver l, k;
	struct vgd_lvs_map_source src;
	struct vgd_lvs_map *m;
	struct vg_diags dg;
	struct vgd_opts o;

	(void)state;
	drivers_pair(&o, c1, &dg, &l, &k, &src);
	assert_int_equal(vgd_lvs_release_tree(&l), 0);
	assert_int_equal(vgd_check_release_tree(&k), 0); /* the same map: already let go */
	vg_conf_drop_lvs(c1);
	m = vgd_lvs_shared_map(l.self, c1);
	assert_true(m->map.tree_dropped);
	assert_null(m->map.svc[0].checker);
	assert_int_equal(m->map.svc[0].rs_loc[0].line, 9);
	vgd_lvs_map_unref(m);
	assert_non_null(strstr(dump(&l), "ha_suspend VIP changes = 0"));

	/* a failed reload: prepared, aborted; no release while one is prepared */
	assert_int_equal(l.ops->reload_prepare(l.self, c2, &dg), 0);
	assert_int_equal(k.ops->reload_prepare(k.self, c2, &dg), 0);
	assert_int_equal(vgd_lvs_release_tree(&l), -1);
	assert_int_equal(vgd_check_release_tree(&k), -1);
	l.ops->reload_abort(l.self);
	k.ops->reload_abort(k.self);
	vg_conf_free(c2);

	/* a committed reload, then the new tree's insides go too */
	assert_int_equal(l.ops->reload_prepare(l.self, c3, &dg), 0);
	assert_int_equal(k.ops->reload_prepare(k.self, c3, &dg), 0);
	l.ops->reload_commit(l.self, 1);
	k.ops->reload_commit(k.self, 1);
	vg_conf_free(c1);
	assert_int_equal(vgd_lvs_release_tree(&l), 0);
	assert_int_equal(vgd_check_release_tree(&k), 0);
	vg_conf_drop_lvs(c3);
	assert_int_equal(map_refs(&l, c3), 2);
	k.ops->free(k.self);
	l.ops->free(l.self);
	vg_diags_free(&dg);
	vg_conf_free(c3);
}

/*
 * The table a verdict builds (vg_lvs_table_put_service, here for every
 * destination: vgd_lvs_table_all) is the same once the tree's real_server
 * blocks are gone: the virtual server's own settings stay in the tree, the
 * real servers' tunnel options (lvs_method TUN type gue port 6080 csum)
 * and locs are the map's copies.
 */
static void table_same_after_tree_dropped(void **state)
{
	struct vg_conf *c = load_text("virtual_server 192.0.2.10 80 {\n"
				      "  lb_algo sh\n  sh-port\n  lb_kind DR\n  protocol TCP\n"
				      "  persistence_timeout 60\n  persistence_engine sip\n"
				      "  real_server 10.0.0.1 80 {\n    lvs_method TUN type gue port 6080 csum\n  }\n"
				      "  real_server 10.0.0.2 80 {\n    weight 3\n  }\n"
				      "}\n");
	struct vg_lvs_table before, after;
	struct vg_lvs_conf_map map;
	struct vg_diags dg;

	(void)state;
	vg_diags_init(&dg);
	assert_true(vg_lvs_from_conf(c, &map, &dg) >= 0);
	assert_int_equal(vgd_lvs_table_all(&map, &before), 0);
	assert_int_equal(vg_lvs_conf_map_drop_tree(&map), 0);
	vg_conf_drop_lvs(c);
	assert_int_equal(vgd_lvs_table_all(&map, &after), 0);
	assert_int_equal(after.svc_count, before.svc_count);
	assert_int_equal(after.dest_count, 2);
	assert_memory_equal(after.svc, before.svc, sizeof(*after.svc) * after.svc_count);
	assert_memory_equal(after.dest, before.dest, sizeof(*after.dest) * after.dest_count);
	assert_int_equal(after.dest[0].tun_port, 6080);
	assert_int_equal(after.dest[0].tun_flags, VG_IPVS_TUN_F_CSUM);
	assert_string_equal(after.svc[0].pe_name, "sip");
	assert_int_equal(map.svc[0].rs_loc[1].line, 11);
	vg_lvs_table_free(&before);
	vg_lvs_table_free(&after);
	vg_lvs_conf_map_free(&map);
	vg_diags_free(&dg);
	vg_conf_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vip_hook_follows_ha_suspend_address),
		cmocka_unit_test(checkers_are_reported_not_run),
		cmocka_unit_test(requests_name_their_lines),
		cmocka_unit_test(syncd_from_deprecated_instance_keyword),
		cmocka_unit_test(map_shared_across_reloads),
		cmocka_unit_test(tree_released_after_planning),
		cmocka_unit_test(table_same_after_tree_dropped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
