// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the reload orchestration (reload.c) with stand-in drivers,
 * without root: a good file is prepared by every driver then committed, and
 * the running tree replaced; a driver that refuses, or a file with an
 * error, leaves every driver on the running configuration (the prepared
 * ones abort) and the tree unchanged; a file that cannot be read reaches no
 * driver. With the record of what the running tree's parse read, an
 * unchanged file reaches no driver and keeps the tree; one byte changed, a
 * new file an include pattern matches or ${_RANDOM} in the file give the
 * full reload.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "conf_loader.h"
#include "conf_record.h"
#include "reload.h"

struct fake {
	bool refuse;
	int prepared, committed, aborted;
	const struct vg_conf *seen; /* the tree prepare got */
	vg_time commit_now;
};

static int prepare(void *self, const struct vg_conf *conf, struct vg_diags *dg)
{
	struct fake *f = self;

	(void)dg;
	f->prepared++;
	f->seen = conf;
	return f->refuse ? -1 : 0;
}

static void commit(void *self, vg_time now)
{
	struct fake *f = self;

	f->committed++;
	f->commit_now = now;
}

static void abort_(void *self)
{
	((struct fake *)self)->aborted++;
}

static const struct vgd_driver_ops fake_ops = {
	.name = "fake",
	.reload_prepare = prepare,
	.reload_commit = commit,
	.reload_abort = abort_,
};

static char path[64];

static void write_conf(const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	int fd;

	(void)state;
	strcpy(path, "/tmp/vgd_reload_test_XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static const char GOOD[] = "vrrp_instance VI_1 {\n interface lo\n virtual_router_id 51\n priority 100\n"
			   " virtual_ipaddress {\n  192.0.2.10/24\n }\n}\n";

static struct vg_conf *running(struct vgd_opts *o)
{
	struct vg_diags dg;
	struct vg_conf *c;

	memset(o, 0, sizeof(*o));
	o->conf = path;
	o->config_id = "test";
	write_conf(GOOD);
	vg_diags_init(&dg);
	c = vgd_conf_read(o, &dg);
	vg_diags_free(&dg);
	assert_non_null(c);
	return c;
}

static void test_commit_replaces_tree(void **state)
{
	struct fake a = { 0 }, b = { 0 };
	struct vgd_driver drv[2] = { { &fake_ops, &a }, { &fake_ops, &b } };
	struct vgd_opts o;
	struct vg_conf *conf = running(&o), *old = conf;

	(void)state;
	assert_int_equal(vgd_reload(&o, drv, 2, &conf, NULL, 1234), VGD_RELOAD_DONE);
	assert_int_equal(a.prepared, 1);
	assert_int_equal(b.prepared, 1);
	assert_int_equal(a.committed, 1);
	assert_int_equal(b.committed, 1);
	assert_int_equal(a.aborted + b.aborted, 0);
	assert_int_equal(a.commit_now, 1234);
	assert_ptr_not_equal(conf, old);
	assert_ptr_equal(a.seen, conf);
	assert_ptr_equal(b.seen, conf);
	vg_conf_free(conf);
}

static void test_refusal_aborts_all(void **state)
{
	struct fake a = { 0 }, b = { .refuse = true }, c = { 0 };
	struct vgd_driver drv[3] = { { &fake_ops, &a }, { &fake_ops, &b }, { &fake_ops, &c } };
	struct vgd_opts o;
	struct vg_conf *conf = running(&o), *old = conf;

	(void)state;
	assert_int_equal(vgd_reload(&o, drv, 3, &conf, NULL, 1), VGD_RELOAD_FAILED);
	assert_int_equal(a.prepared, 1);
	assert_int_equal(b.prepared, 1);
	assert_int_equal(c.prepared, 0);  /* not asked after a refusal */
	assert_int_equal(a.aborted, 1);   /* prepared: aborts */
	assert_int_equal(b.aborted, 0);   /* refused: left nothing prepared */
	assert_int_equal(a.committed + b.committed + c.committed, 0);
	assert_ptr_equal(conf, old);
	vg_conf_free(conf);
}

static void test_error_in_file_aborts(void **state)
{
	struct fake a = { 0 };
	struct vgd_driver drv[1] = { { &fake_ops, &a } };
	struct vgd_opts o;
	struct vg_conf *conf = running(&o), *old = conf;

	(void)state;
	write_conf("vrrp_instance VI_1 {\n interface lo\n virtual_router_id 300\n priority 100\n}\n");
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, NULL, 1), VGD_RELOAD_FAILED);
	assert_int_equal(a.prepared, 1);
	assert_int_equal(a.aborted, 1);
	assert_int_equal(a.committed, 0);
	assert_ptr_equal(conf, old);
	vg_conf_free(conf);
}

static void test_unreadable_file_reaches_no_driver(void **state)
{
	struct fake a = { 0 };
	struct vgd_driver drv[1] = { { &fake_ops, &a } };
	struct vgd_opts o;
	struct vg_conf *conf = running(&o), *old = conf;

	(void)state;
	unlink(path);
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, NULL, 1), VGD_RELOAD_FAILED);
	assert_int_equal(a.prepared + a.aborted + a.committed, 0);
	assert_ptr_equal(conf, old);
	vg_conf_free(conf);
}

/* The running tree with its record, as vigild starts. */
static struct vg_conf *running_recorded(struct vgd_opts *o, const char *text, struct vg_conf_record **rec)
{
	struct vg_diags dg;
	struct vg_conf *c;

	memset(o, 0, sizeof(*o));
	o->conf = path;
	o->config_id = "test";
	write_conf(text);
	vg_diags_init(&dg);
	c = vgd_conf_read_recorded(o, &dg, rec);
	vg_diags_free(&dg);
	assert_non_null(c);
	assert_non_null(*rec);
	return c;
}

static void test_unchanged_is_a_noop(void **state)
{
	struct fake a = { 0 };
	struct vgd_driver drv[1] = { { &fake_ops, &a } };
	struct vgd_opts o;
	struct vg_conf_record *rec = NULL, *orec;
	struct vg_conf *conf = running_recorded(&o, GOOD, &rec), *old = conf;

	(void)state;
	orec = rec;
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, &rec, 1), VGD_RELOAD_UNCHANGED);
	assert_int_equal(a.prepared + a.aborted + a.committed, 0);
	assert_ptr_equal(conf, old);
	assert_ptr_equal(rec, orec);
	/* the same bytes written again: still unchanged (contents, not times) */
	write_conf(GOOD);
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, &rec, 1), VGD_RELOAD_UNCHANGED);
	/* another config_id (-i): @name lines may read otherwise */
	o.config_id = "other";
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, &rec, 1), VGD_RELOAD_DONE);
	assert_int_equal(a.committed, 1);
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, &rec, 1), VGD_RELOAD_UNCHANGED);
	vg_conf_free(conf);
	vg_conf_record_free(rec);
}

static void test_one_byte_reloads(void **state)
{
	struct fake a = { 0 };
	struct vgd_driver drv[1] = { { &fake_ops, &a } };
	struct vgd_opts o;
	struct vg_conf_record *rec = NULL;
	struct vg_conf *conf = running_recorded(&o, GOOD, &rec), *old = conf;
	char *b = strdup(GOOD);

	(void)state;
	*strstr(b, "100") = '2'; /* priority 200 */
	write_conf(b);
	free(b);
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, &rec, 7), VGD_RELOAD_DONE);
	assert_int_equal(a.prepared, 1);
	assert_int_equal(a.committed, 1);
	assert_ptr_not_equal(conf, old);
	assert_int_equal(conf->instances.items[0].priority, 200);
	/* the new tree's record: the same file again is unchanged */
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, &rec, 8), VGD_RELOAD_UNCHANGED);
	assert_int_equal(a.prepared, 1);
	vg_conf_free(conf);
	vg_conf_record_free(rec);
}

static void test_failed_reload_keeps_record(void **state)
{
	struct fake a = { 0 };
	struct vgd_driver drv[1] = { { &fake_ops, &a } };
	struct vgd_opts o;
	struct vg_conf_record *rec = NULL;
	struct vg_conf *conf = running_recorded(&o, GOOD, &rec), *old = conf;

	(void)state;
	write_conf("vrrp_instance VI_1 {\n interface lo\n virtual_router_id 300\n priority 100\n}\n");
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, &rec, 1), VGD_RELOAD_FAILED);
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, &rec, 1), VGD_RELOAD_FAILED); /* still the error */
	write_conf(GOOD); /* back to what runs: nothing to do */
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, &rec, 1), VGD_RELOAD_UNCHANGED);
	assert_int_equal(a.committed, 0);
	assert_ptr_equal(conf, old);
	vg_conf_free(conf);
	vg_conf_record_free(rec);
}

static void test_include_glob_and_random(void **state)
{
	struct fake a = { 0 };
	struct vgd_driver drv[1] = { { &fake_ops, &a } };
	struct vgd_opts o;
	struct vg_conf_record *rec = NULL;
	char dir[64], main_text[256], extra[128];
	struct vg_conf *conf;

	(void)state;
	strcpy(dir, "/tmp/vgd_reload_inc_XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(main_text, sizeof(main_text), "%sinclude %s/*.conf\n", GOOD, dir);
	conf = running_recorded(&o, main_text, &rec);
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, &rec, 1), VGD_RELOAD_UNCHANGED);
	snprintf(extra, sizeof(extra), "%s/b.conf", dir);
	{
		FILE *f = fopen(extra, "w");

		assert_non_null(f);
		fputs("! a new file the pattern matches\n", f);
		fclose(f);
	}
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, &rec, 1), VGD_RELOAD_DONE);
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, &rec, 1), VGD_RELOAD_UNCHANGED);
	unlink(extra);
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, &rec, 1), VGD_RELOAD_DONE);
	rmdir(dir);
	vg_conf_free(conf);
	vg_conf_record_free(rec);
	/* ${_RANDOM}: every reload is a full one */
	rec = NULL;
	conf = running_recorded(&o, "$P=${_RANDOM 1 200}\nvrrp_instance VI_1 {\n interface lo\n virtual_router_id 51\n"
				    " priority $P\n virtual_ipaddress {\n  192.0.2.10/24\n }\n}\n", &rec);
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, &rec, 1), VGD_RELOAD_DONE);
	assert_int_equal(vgd_reload(&o, drv, 1, &conf, &rec, 1), VGD_RELOAD_DONE);
	vg_conf_free(conf);
	vg_conf_record_free(rec);
	/* smtp_server given as a host name: DNS is read at each plan, every reload is a full one */
	rec = NULL;
	conf = running_recorded(&o, "global_defs {\n smtp_server mail.example.invalid\n}\n", &rec);
	assert_non_null(vg_conf_record_tainted(rec));
	vg_conf_free(conf);
	vg_conf_record_free(rec);
	rec = NULL;
	conf = running_recorded(&o, "global_defs {\n smtp_server 192.0.2.25\n}\n", &rec);
	assert_null(vg_conf_record_tainted(rec));
	vg_conf_free(conf);
	vg_conf_record_free(rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit_replaces_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusal_aborts_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_in_file_aborts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_file_reaches_no_driver, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unchanged_is_a_noop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_byte_reloads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_reload_keeps_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_include_glob_and_random, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
