/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of the VRRP driver's effect executor (vgd_vrrp_exec), without
 * root or sockets: the effects a VRRP run produces are all handled (the
 * fx_unhandled counter stays 0), and one of a kind the driver does not
 * carry out (an LVS effect) is counted, and shown in the SIGUSR1 dump,
 * instead of vanishing.
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

#include "conf_loader.h"
#include "vrrp_driver.h"

static const char CONF[] = "vrrp_instance VI_1 {\n interface lo\n virtual_router_id 51\n priority 100\n"
			   " virtual_ipaddress {\n  192.0.2.10/24\n }\n}\n";

struct fx {
	struct vg_conf *conf;
	struct vgd_opts o;
	struct vgd_driver drv;
	char path[64];
};

static int setup(void **state)
{
	struct fx *t = calloc(1, sizeof(*t));
	struct vg_diags dg;
	FILE *f;
	int fd;

	assert_non_null(t);
	strcpy(t->path, "/tmp/vgd_vrrp_exec_test_XXXXXX");
	fd = mkstemp(t->path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(CONF, f);
	fclose(f);
	vg_diags_init(&dg);
	assert_int_equal(vg_conf_load(t->path, "test", &t->conf, &dg), 0);
	t->o.conf = t->path;
	t->drv = vgd_vrrp_new(&t->o, NULL, t->conf, &dg);
	vg_diags_free(&dg);
	assert_non_null(t->drv.self);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct fx *t = *state;

	t->drv.ops->free(t->drv.self);
	vg_conf_free(t->conf);
	unlink(t->path);
	free(t);
	return 0;
}

/* the effects of a normal run that need no host (state log, notify without a runner): none unhandled */
static void vrrp_effects_all_handled(void **state)
{
	struct fx *t = *state;
	struct vgd_vrrp *vr = t->drv.self;
	struct vg_action store[4];
	struct vg_actions a;
	struct vg_action *x;

	vg_actions_init(&a, store, 4);
	x = vg_actions_push(&a, VG_ACT_STATE, 0);
	assert_non_null(x);
	x->u.state.to = VG_STATE_BACKUP;
	x = vg_actions_push(&a, VG_ACT_NOTIFY, 0);
	assert_non_null(x);
	vgd_vrrp_exec(vr, vr->gen, &a, 1000);
	assert_int_equal(vr->n.fx_unhandled, 0);
}

/* an effect of another domain is counted, once per record, and the dump shows the count */
static void foreign_effect_counted_and_dumped(void **state)
{
	struct fx *t = *state;
	struct vgd_vrrp *vr = t->drv.self;
	struct vg_action store[4];
	struct vg_actions a;
	char buf[8192];
	size_t n;
	FILE *f;

	vg_actions_init(&a, store, 4);
	assert_non_null(vg_actions_push(&a, VG_ACT_LVS_DEST_ADD, 0));
	assert_non_null(vg_actions_push(&a, VG_ACT_SCRIPT_RUN, 0));
	vgd_vrrp_exec(vr, vr->gen, &a, 1000);
	assert_int_equal(vr->n.fx_unhandled, 2);
	f = tmpfile();
	assert_non_null(f);
	t->drv.ops->dump(vr, f);
	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	assert_non_null(strstr(buf, " Effects not handled = 2\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(vrrp_effects_all_handled, setup, teardown),
		cmocka_unit_test_setup_teardown(foreign_effect_counted_and_dumped, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
