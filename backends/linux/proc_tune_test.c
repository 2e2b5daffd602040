/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of what vigild applies from the process-wide global_defs
 * (proc_tune.c), read from the typed fields the parser range-checked: the
 * keepalived default of vrrp_rlimit_rttime (10000 us) when only
 * vrrp_rt_priority is written, the clamp and the "1 is read as 2" the
 * parser applied, and nothing at all for a file that writes none.
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
#include "proc_tune.h"

static struct vg_conf *load(const char *text)
{
	char path[] = "/tmp/vgd_proc_tune_test_XXXXXX";
	struct vg_diags dg;
	struct vg_conf *c = NULL;
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	vg_diags_init(&dg);
	assert_int_equal(vg_conf_load(path, NULL, &c, &dg), 0);
	vg_diags_free(&dg);
	unlink(path);
	assert_non_null(c);
	return c;
}

static const char VI[] = "vrrp_instance VI_1 {\n interface lo\n virtual_router_id 51\n priority 100\n"
			 " virtual_ipaddress {\n  192.0.2.10/24\n }\n}\n";

static void nothing_written_nothing_applied(void **state)
{
	struct vg_conf *c = load(VI);
	struct vgd_sched s;

	(void)state;
	vgd_sched_from_conf(c, false, &s, NULL);
	assert_false(s.no_swap);
	assert_false(s.set_nice);
	assert_false(s.set_rt);
	assert_false(s.set_affinity);
	assert_false(s.set_name);
	assert_false(s.set_umask);
	vg_conf_free(c);
}

static void rt_priority_alone_gets_rlimit_default(void **state)
{
	char text[512];
	struct vg_conf *c;
	struct vgd_sched s;

	(void)state;
	snprintf(text, sizeof(text), "global_defs {\n vrrp_rt_priority 10\n}\n%s", VI);
	c = load(text);
	vgd_sched_from_conf(c, false, &s, NULL);
	assert_true(s.set_rt);
	assert_int_equal(s.rt_priority, 10);
	assert_int_equal(s.rlimit_rttime, 10000); /* keepalived.conf(5) default */
	assert_int_equal(VGD_RLIMIT_RTTIME_DEFAULT, 10000);
	assert_false(s.set_nice);
	vg_conf_free(c);
}

static void every_option_read_from_typed_fields(void **state)
{
	char text[512];
	struct vg_conf *c;
	struct vgd_sched s;

	(void)state;
	snprintf(text, sizeof(text),
		 "global_defs {\n vrrp_priority -5\n vrrp_rt_priority 20\n vrrp_rlimit_rttime 50000\n"
		 " vrrp_no_swap\n}\n%s", VI);
	c = load(text);
	vgd_sched_from_conf(c, false, &s, NULL);
	assert_true(s.no_swap);
	assert_true(s.set_nice);
	assert_int_equal(s.nice, -5);
	assert_true(s.set_rt);
	assert_int_equal(s.rt_priority, 20);
	assert_int_equal(s.rlimit_rttime, 50000);
	vg_conf_free(c);
}

static void rlimit_one_is_two_and_rlimit_alone_applies_nothing(void **state)
{
	char text[512];
	struct vg_conf *c;
	struct vgd_sched s;

	(void)state;
	/* keepalived reads vrrp_rlimit_rttime 1 as 2; without vrrp_rt_priority it is not used */
	snprintf(text, sizeof(text), "global_defs {\n vrrp_rlimit_rttime 1\n}\n%s", VI);
	c = load(text);
	vgd_sched_from_conf(c, false, &s, NULL);
	assert_false(s.set_rt);
	vg_conf_free(c);
	snprintf(text, sizeof(text), "global_defs {\n vrrp_rt_priority 1\n vrrp_rlimit_rttime 1\n}\n%s", VI);
	c = load(text);
	vgd_sched_from_conf(c, false, &s, NULL);
	assert_true(s.set_rt);
	assert_int_equal(s.rt_priority, 1);
	assert_int_equal(s.rlimit_rttime, 2);
	vg_conf_free(c);
}

/*
 * One process: the vrrp_* settings apply, except with -C alone (checker
 * true), where the checker_* ones do, as they do to keepalived's checker
 * process (keepalived.conf(5) global_defs); bfd_* never.
 */
static void checker_side_takes_checker_settings(void **state)
{
	char text[1024];
	struct vg_conf *c;
	struct vgd_sched s;

	(void)state;
	snprintf(text, sizeof(text),
		 "global_defs {\n vrrp_priority -5\n vrrp_cpu_affinity 0\n vrrp_process_name vr\n"
		 " checker_priority 7\n checker_rt_priority 30\n checker_rlimit_rttime 60000\n"
		 " checker_no_swap\n checker_cpu_affinity 1 3\n checker_process_name ck\n"
		 " bfd_priority 9\n bfd_no_swap\n}\n%s", VI);
	c = load(text);
	vgd_sched_from_conf(c, false, &s, NULL);
	assert_string_equal(s.side, "vrrp");
	assert_int_equal(s.nice, -5);
	assert_false(s.set_rt);
	assert_false(s.no_swap);
	assert_true(s.set_affinity);
	assert_int_equal(CPU_COUNT(&s.cpus), 1);
	assert_true(CPU_ISSET(0, &s.cpus));
	assert_string_equal(s.name, "vr");
	vgd_sched_from_conf(c, true, &s, NULL);
	assert_string_equal(s.side, "checker");
	assert_true(s.set_nice);
	assert_int_equal(s.nice, 7);
	assert_true(s.set_rt);
	assert_int_equal(s.rt_priority, 30);
	assert_int_equal(s.rlimit_rttime, 60000);
	assert_true(s.no_swap);
	assert_int_equal(CPU_COUNT(&s.cpus), 2);
	assert_true(CPU_ISSET(1, &s.cpus) && CPU_ISSET(3, &s.cpus));
	assert_int_equal(s.max_cpu, 3);
	assert_string_equal(s.name, "ck");
	vg_conf_free(c);
}

/* keepalived 2.2.7 drops the whole list at the first id that is not a number (or a CPU) */
static void bad_cpu_id_drops_the_list(void **state)
{
	char text[512];
	struct vg_conf *c;
	struct vgd_sched s;
	struct vg_diags dg;

	(void)state;
	snprintf(text, sizeof(text), "global_defs {\n vrrp_cpu_affinity 0 x 1\n}\n%s", VI);
	c = load(text);
	vg_diags_init(&dg);
	vgd_sched_from_conf(c, false, &s, &dg);
	assert_false(s.set_affinity);
	assert_int_equal(CPU_COUNT(&s.cpus), 0);
	assert_non_null(vg_diags_find(&dg, "cpu-affinity", 2));
	vg_diags_free(&dg);
	vg_conf_free(c);
}

/*
 * The process name: vrrp_process_name, else process_name, else with
 * process_names keepalived's default for the side (keepalived 2.2.7
 * global_parser.c: keepalived_vrrp, keepalived_lvs); 15 characters at most
 * (TASK_COMM_LEN), longer truncated with a warning.
 */
static void process_name_choice(void **state)
{
	static const struct {
		const char *global;
		bool checker;
		const char *name; /* NULL: not set */
	} cases[] = {
		{ "", false, NULL },
		{ " process_names\n", false, "keepalived_vrrp" },
		{ " process_names\n", true, "keepalived_lvs" },
		{ " process_name lb\n", false, "lb" },
		{ " process_name lb\n", true, "lb" },
		{ " process_names\n process_name lb\n", false, "lb" },
		{ " process_name lb\n vrrp_process_name lbv\n", false, "lbv" },
		{ " process_name lb\n vrrp_process_name lbv\n", true, "lb" },
		{ " vrrp_process_name a_name_of_twenty_ch\n", false, "a_name_of_twent" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[512];
		struct vg_conf *c;
		struct vgd_sched s;
		struct vg_diags dg;

		snprintf(text, sizeof(text), "global_defs {\n%s}\n%s", cases[i].global, VI);
		c = load(text);
		vg_diags_init(&dg);
		vgd_sched_from_conf(c, cases[i].checker, &s, &dg);
		if (!cases[i].name) {
			assert_false(s.set_name);
		} else {
			assert_true(s.set_name);
			assert_string_equal(s.name, cases[i].name);
		}
		assert_int_equal(dg.count, i == 8 ? 1 : 0);
		vg_diags_free(&dg);
		vg_conf_free(c);
	}
}

/* umask NUMBER|BITS as keepalived 2.2.7's umask handler reads it; a bad one is ignored with a warning */
static void umask_values(void **state)
{
	static const struct {
		const char *arg;
		int want; /* -1: refused */
	} cases[] = {
		{ "022", 022 }, { "0x12", 022 }, { "18", 022 }, { "0777", 0777 },
		{ "IWGRP|IWOTH", 022 }, { "IWGRP | IWOTH", 022 }, { "IRWXU", -1 }, { "01000", -1 },
		{ "IWGRP|", -1 }, { "IWGRPIWOTH", -1 }, { "22x", -1 }, { "022 7", -1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[512];
		struct vg_conf *c;
		struct vgd_sched s;
		struct vg_diags dg;

		snprintf(text, sizeof(text), "global_defs {\n umask %s\n}\n%s", cases[i].arg, VI);
		c = load(text);
		vg_diags_init(&dg);
		vgd_sched_from_conf(c, false, &s, &dg);
		if (cases[i].want < 0) {
			assert_false(s.set_umask);
			assert_non_null(vg_diags_find(&dg, "umask", 2));
		} else {
			assert_true(s.set_umask);
			assert_int_equal(s.umask, cases[i].want);
			assert_int_equal(dg.count, 0);
		}
		vg_diags_free(&dg);
		vg_conf_free(c);
	}
}

/*
 * bfd_*: keepalived tunes its BFD process with them; vigild's one process
 * runs the BFD sessions, so with a bfd_instance it takes the more demanding
 * of vrrp_* and bfd_* (proc_tune.h); without one, bfd_* change nothing.
 */
static const char BFD[] = "bfd_instance b1 {\n neighbor_ip 192.0.2.2\n}\n";

static void bfd_settings_merge_when_bfd_runs(void **state)
{
	char text[1024];
	struct vg_conf *c;
	struct vgd_sched s;

	(void)state;
	snprintf(text, sizeof(text),
		 "global_defs {\n vrrp_priority 5\n bfd_priority -10\n vrrp_rt_priority 10\n bfd_rt_priority 20\n"
		 " bfd_rlimit_rttime 30000\n bfd_no_swap\n vrrp_cpu_affinity 0\n bfd_cpu_affinity 1 2\n}\n%s%s",
		 BFD, VI);
	c = load(text);
	vgd_sched_from_conf(c, false, &s, NULL);
	assert_true(s.set_nice);
	assert_int_equal(s.nice, -10);           /* the lower nice */
	assert_true(s.set_rt);
	assert_int_equal(s.rt_priority, 20);     /* the higher SCHED_RR priority ... */
	assert_int_equal(s.rlimit_rttime, 30000); /* ... with its side's limit */
	assert_true(s.no_swap);
	assert_true(s.set_affinity);
	assert_true(CPU_ISSET(0, &s.cpus) && CPU_ISSET(1, &s.cpus) && CPU_ISSET(2, &s.cpus));
	assert_int_equal(CPU_COUNT(&s.cpus), 3);
	assert_int_equal(s.max_cpu, 2);
	vg_conf_free(c);

	/* the VRRP side's stronger settings stay; bfd_rtime (old name) read as bfd_rlimit_rttime */
	snprintf(text, sizeof(text),
		 "global_defs {\n vrrp_priority -15\n bfd_priority 3\n vrrp_rt_priority 30\n bfd_rt_priority 30\n"
		 " bfd_rlimit_rtime 50000\n}\n%s%s", BFD, VI);
	c = load(text);
	vgd_sched_from_conf(c, false, &s, NULL);
	assert_int_equal(s.nice, -15);
	assert_int_equal(s.rt_priority, 30);
	assert_int_equal(s.rlimit_rttime, 50000); /* a tie: the larger limit */
	assert_false(s.no_swap);
	vg_conf_free(c);

	/* bfd_* alone, with BFD sessions: they apply */
	snprintf(text, sizeof(text), "global_defs {\n bfd_priority 4\n bfd_cpu_affinity 1\n bfd_process_name bfdp\n}\n%s%s",
		 BFD, VI);
	c = load(text);
	vgd_sched_from_conf(c, false, &s, NULL);
	assert_true(s.set_nice);
	assert_int_equal(s.nice, 4);
	assert_true(s.set_affinity);
	assert_int_equal(CPU_COUNT(&s.cpus), 1);
	assert_false(s.set_name); /* no BFD process to name */
	vg_conf_free(c);
}

static void bfd_settings_ignored_without_bfd(void **state)
{
	char text[1024];
	struct vg_conf *c;
	struct vgd_sched s;

	(void)state;
	snprintf(text, sizeof(text),
		 "global_defs {\n bfd_priority -10\n bfd_rt_priority 20\n bfd_no_swap\n bfd_cpu_affinity 1\n}\n%s", VI);
	c = load(text);
	vgd_sched_from_conf(c, false, &s, NULL);
	assert_false(s.set_nice);
	assert_false(s.set_rt);
	assert_false(s.no_swap);
	assert_false(s.set_affinity);
	vg_conf_free(c);
}

/* top-level child_wait_time: how long stop waits for scripts (keepalived.conf(5): default 5 s) */
static void child_wait_time_values(void **state)
{
	char text[512];
	struct vg_conf *c;
	struct vgd_sched s;
	struct vg_diags dg;

	(void)state;
	c = load(VI);
	vgd_sched_from_conf(c, false, &s, NULL);
	assert_int_equal(s.child_wait_s, 5);
	vg_conf_free(c);
	snprintf(text, sizeof(text), "child_wait_time 30\n%s", VI);
	c = load(text);
	vgd_sched_from_conf(c, false, &s, NULL);
	assert_int_equal(s.child_wait_s, 30);
	vg_conf_free(c);
	snprintf(text, sizeof(text), "child_wait_time 0\n%s", VI);
	c = load(text);
	vgd_sched_from_conf(c, false, &s, NULL);
	assert_int_equal(s.child_wait_s, 0);
	vg_conf_free(c);
	/* keepalived: "Invalid child_wait_time"; the default stays, with a warning naming the line */
	snprintf(text, sizeof(text), "child_wait_time 5s\n%s", VI);
	c = load(text);
	vg_diags_init(&dg);
	vgd_sched_from_conf(c, false, &s, &dg);
	assert_int_equal(s.child_wait_s, 5);
	assert_int_equal(dg.count, 1);
	assert_int_equal(dg.items[0].loc.line, 1);
	vg_diags_free(&dg);
	vg_conf_free(c);
}

/* keepalived 2.2.7 reads max_auto_priority alone as the highest SCHED_RR priority (99) */
static void max_auto_priority_alone(void **state)
{
	char text[512];
	struct vg_conf *c;

	(void)state;
	snprintf(text, sizeof(text), "global_defs {\n max_auto_priority\n}\n%s", VI);
	c = load(text);
	assert_true(c->global.max_auto_priority.set);
	assert_int_equal(c->global.max_auto_priority.value, 99);
	vg_conf_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nothing_written_nothing_applied),
		cmocka_unit_test(rt_priority_alone_gets_rlimit_default),
		cmocka_unit_test(every_option_read_from_typed_fields),
		cmocka_unit_test(rlimit_one_is_two_and_rlimit_alone_applies_nothing),
		cmocka_unit_test(checker_side_takes_checker_settings),
		cmocka_unit_test(bad_cpu_id_drops_the_list),
		cmocka_unit_test(process_name_choice),
		cmocka_unit_test(umask_values),
		cmocka_unit_test(bfd_settings_merge_when_bfd_runs),
		cmocka_unit_test(bfd_settings_ignored_without_bfd),
		cmocka_unit_test(child_wait_time_values),
		cmocka_unit_test(max_auto_priority_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
