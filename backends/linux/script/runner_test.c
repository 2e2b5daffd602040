// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the script runner with real processes.
 *
 * Each test writes small shell scripts into a fresh directory under /tmp,
 * parses a keepalived.conf that names them, shortens the vrrp_script
 * intervals to tens of milliseconds, and drives the runner with a tiny
 * event loop (poll on the inotify fd with a short timeout, then
 * child_exited and timer) until what it waits for happens or a generous
 * limit passes. No test asserts how fast anything was.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "conf/testutil.h"
#include "cmd.h"
#include "runner.h"
#include "testutil.h"
#include "vrrp/action.h"
#include "vrrp/track.h"

#define WAIT_MS 8000 /* generous: only a hang reaches it */
#define EVENTS_MAX 64

static char dir[64];

struct event {
	uint8_t kind;
	uint16_t id;
	bool up;
	int32_t value;
	long count; /* for the rise/fall test: runs the script had made by then */
	vg_time now; /* the time the callback was given */
};

struct rec {
	struct event ev[EVENTS_MAX];
	int n;
	char log[16384];
};

static struct rec rec;

static long read_long(const char *path, long dflt)
{
	FILE *f = fopen(path, "r");
	long v = dflt;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = dflt;
		fclose(f);
	}
	return v;
}

static void on_track(void *ctx, uint8_t kind, uint16_t id, bool up, int32_t value, vg_time now)
{
	char path[128];

	(void)ctx;
	snprintf(path, sizeof(path), "%s/count", dir);
	if (rec.n < EVENTS_MAX)
		rec.ev[rec.n++] = (struct event){ kind, id, up, value, read_long(path, -1), now };
}

static void on_log(void *ctx, int prio, const char *msg)
{
	(void)ctx;
	(void)prio;
	strncat(rec.log, msg, sizeof(rec.log) - strlen(rec.log) - 2);
	strcat(rec.log, "\n");
	if (getenv("VGL_TEST_VERBOSE"))
		print_message("# log: %s\n", msg);
}

static const struct vgl_runner_cb CB = { NULL, on_track, on_log };

static vg_time now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (vg_time)ts.tv_sec * VG_S(1) + (vg_time)ts.tv_nsec;
}

static int setup(void **state)
{
	(void)state;
	memset(&rec, 0, sizeof(rec));
	snprintf(dir, sizeof(dir), "/tmp/vgl-runner-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}


/* Write dir/name with `body` (every "@D" replaced by dir) and make it executable. */
static void write_script(const char *name, const char *body)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	for (const char *p = body; *p; p++) {
		if (p[0] == '@' && p[1] == 'D') {
			fputs(dir, f);
			p++;
		} else {
			fputc(*p, f);
		}
	}
	fclose(f);
	assert_int_equal(chmod(path, 0755), 0);
}

static void write_file(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Replace atomically (write a temp file, rename): what configuration tools do. */
static void replace_file(const char *name, const char *text)
{
	char tmp[128], path[128];

	write_file(".tmp", text);
	snprintf(tmp, sizeof(tmp), "%s/.tmp", dir);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(rename(tmp, path), 0);
}

static char *read_text(const char *name)
{
	static char buf[4096];
	char path[128];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Parse `text` with every "@D" replaced by the test directory. */
static void parse_conf(struct parsed *p, const char *text)
{
	static char expanded[8192];
	size_t o = 0;

	for (const char *q = text; *q && o < sizeof(expanded) - 64; q++) {
		if (q[0] == '@' && q[1] == 'D') {
			o += (size_t)snprintf(expanded + o, sizeof(expanded) - o, "%s", dir);
			q++;
		} else {
			expanded[o++] = *q;
		}
	}
	expanded[o] = '\0';
	parse_text(p, expanded);
	assert_non_null(p->conf);
	if (p->diags.errors)
		dump_diags(&p->diags);
	assert_int_equal(p->diags.errors, 0);
}

typedef bool (*done_fn)(struct vgl_runner *r, void *arg);

/* The loop of a daemon, in small: until done() or WAIT_MS. */
static bool run_until(struct vgl_runner *r, done_fn done, void *arg)
{
	vg_time end = now_ns() + VG_MS(WAIT_MS);

	while (!done(r, arg)) {
		vg_time t = now_ns(), d = vgl_runner_next_deadline(r);
		struct pollfd p = { vgl_runner_fd(r), POLLIN, 0 };
		int wait_ms = 5;

		if (t >= end)
			return false;
		if (d <= t)
			wait_ms = 0;
		else if (d - t < VG_MS(5))
			wait_ms = (int)((d - t) / VG_MS(1)) + 1;
		poll(&p, 1, wait_ms);
		t = now_ns();
		if (p.revents & POLLIN)
			vgl_runner_fd_ready(r, t);
		vgl_runner_child_exited(r, t);
		vgl_runner_timer(r, t);
	}
	return true;
}

static bool has_events(struct vgl_runner *r, void *arg)
{
	(void)r;
	return rec.n >= *(int *)arg;
}

static bool file_exists(struct vgl_runner *r, void *arg)
{
	(void)r;
	return read_text(arg) != NULL;
}

struct expect_text {
	const char *name;
	const char *text;
};

static bool file_equals(struct vgl_runner *r, void *arg)
{
	const struct expect_text *e = arg;
	const char *t = read_text(e->name);

	(void)r;
	return t && strcmp(t, e->text) == 0;
}

static bool notifies_done(struct vgl_runner *r, void *arg)
{
	(void)arg;
	return vgl_runner_notifies_running(r) == 0;
}

static void wait_events(struct vgl_runner *r, int n)
{
	if (!run_until(r, has_events, &n))
		fail_msg("waited for %d track events, got %d; log:\n%s", n, rec.n, rec.log);
}

/* Gone: no such process, or a zombie nobody reaped yet. */
static bool pid_gone(pid_t pid)
{
	char path[64], buf[256];
	FILE *f;
	char *paren;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return true;
	buf[0] = '\0';
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' && (paren[2] == 'Z' || paren[2] == 'X');
}

static bool wait_gone(pid_t pid)
{
	const struct timespec tick = { 0, 10000000 };

	for (int i = 0; i < WAIT_MS / 10; i++) {
		if (pid_gone(pid))
			return true;
		nanosleep(&tick, NULL);
	}
	return false;
}

static char *dump(struct vgl_runner *r)
{
	static char buf[8192];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	assert_non_null(f);
	vgl_runner_dump(r, f);
	fclose(f);
	return buf;
}

#define INSTANCE(extra) \
	"vrrp_instance VI_1 {\n interface lo\n virtual_router_id 51\n priority 100\n" \
	" virtual_ipaddress {\n  192.0.2.1/24\n }\n" extra "}\n"

/* fall 2 / rise 3 come from the core machine: down after the 2nd failure, up after the 3rd success. */
static void test_rise_and_fall(void **state)
{
	struct parsed p;
	struct vgl_runner *r;
	struct vg_conf_vrrp_script *s;

	(void)state;
	/* runs 1-3 succeed, 4-6 fail, 7 on succeed; the run count is in @D/count */
	write_script("chk.sh", "#!/bin/sh\nn=$(cat @D/count 2>/dev/null || echo 0)\nn=$((n+1))\n"
			       "echo $n > @D/count\n[ $n -le 3 ] && exit 0\n[ $n -le 6 ] && exit 1\nexit 0\n");
	parse_conf(&p, "vrrp_script chk {\n script @D/chk.sh\n fall 2\n rise 3\n}\n"
		       INSTANCE(" track_script {\n  chk\n }\n"));
	s = &p.conf->scripts.items[0];
	s->interval_ns = VG_MS(30);
	s->timeout_ns = VG_S(5);
	r = vgl_runner_new(p.conf, &CB, now_ns());
	assert_non_null(r);
	assert_false(vgl_runner_script_disabled(r, 1));
	assert_non_null(strstr(dump(r), "exec: direct"));
	wait_events(r, 2);
	assert_int_equal(rec.ev[0].kind, VG_TRACK_SCRIPT);
	assert_int_equal(rec.ev[0].id, 1);
	assert_false(rec.ev[0].up);
	assert_int_equal(rec.ev[0].count, 5); /* failures 4 and 5 */
	assert_true(rec.ev[1].up);
	assert_int_equal(rec.ev[1].count, 9); /* successes 7, 8, 9 */
	assert_non_null(strstr(dump(r), "vrrp_script chk (id 1): UP"));
	vgl_runner_free(r);
	parsed_free(&p);
}

/* A run past its timeout is killed with its process group, and counts as a failure. */
static void test_timeout_kills_group(void **state)
{
	struct parsed p;
	struct vgl_runner *r;
	struct vg_conf_vrrp_script *s;
	long grandchild, self;

	(void)state;
	write_script("hang.sh", "#!/bin/sh\necho $$ > @D/self\nsleep 30 &\necho $! > @D/grandchild\nsleep 30\n");
	parse_conf(&p, "vrrp_script hang {\n script \"@D/hang.sh\"\n}\n"
		       INSTANCE(" track_script {\n  hang\n }\n"));
	s = &p.conf->scripts.items[0];
	s->interval_ns = VG_S(60);
	s->timeout_ns = VG_MS(400);
	r = vgl_runner_new(p.conf, &CB, now_ns());
	assert_non_null(r);
	wait_events(r, 1);
	assert_int_equal(rec.ev[0].kind, VG_TRACK_SCRIPT);
	assert_false(rec.ev[0].up);
	assert_non_null(strstr(rec.log, "timed out"));
	assert_non_null(strstr(dump(r), "timeouts 1"));
	{
		char path[128];

		snprintf(path, sizeof(path), "%s/self", dir);
		self = read_long(path, -1);
		snprintf(path, sizeof(path), "%s/grandchild", dir);
		grandchild = read_long(path, -1);
	}
	assert_true(self > 0);
	assert_true(grandchild > 0);
	assert_true(wait_gone((pid_t)grandchild));
	assert_true(wait_gone((pid_t)self));
	vgl_runner_free(r);
	parsed_free(&p);
}

/* free() kills a run still going (and what it started). */
static void test_free_kills_children(void **state)
{
	struct parsed p;
	struct vgl_runner *r;
	char path[128];
	long grandchild;

	(void)state;
	write_script("slow.sh", "#!/bin/sh\nsleep 30 &\necho $! > @D/gc.tmp\nmv @D/gc.tmp @D/gc\nsleep 30\n");
	parse_conf(&p, "vrrp_script slow {\n script @D/slow.sh\n}\n" INSTANCE(" track_script {\n  slow\n }\n"));
	p.conf->scripts.items[0].timeout_ns = VG_S(60);
	r = vgl_runner_new(p.conf, &CB, now_ns());
	assert_non_null(r);
	assert_true(run_until(r, file_exists, "gc"));
	snprintf(path, sizeof(path), "%s/gc", dir);
	grandchild = read_long(path, -1);
	assert_true(grandchild > 0);
	assert_false(pid_gone((pid_t)grandchild));
	vgl_runner_free(r);
	assert_true(wait_gone((pid_t)grandchild));
	parsed_free(&p);
}

/* A plain line is execve'd with the split argv; one with shell syntax goes through /bin/sh. */
static void test_shell_vs_direct(void **state)
{
	struct parsed p;
	struct vgl_runner *r;
	char *d;

	(void)state;
	write_script("args.sh", "#!/bin/sh\necho \"$#|$1|$2\" > @D/args.tmp\nmv @D/args.tmp @D/args.out\n");
	parse_conf(&p, "vrrp_script direct {\n script \"@D/args.sh a 'b c'\"\n}\n"
		       "vrrp_script piped {\n script \"echo piped | cat > @D/piped.tmp && mv @D/piped.tmp @D/piped.out\"\n}\n"
		       INSTANCE(" track_script {\n  direct\n  piped\n }\n"));
	r = vgl_runner_new(p.conf, &CB, now_ns());
	assert_non_null(r);
	d = dump(r);
	assert_non_null(strstr(d, "exec: direct"));
	assert_non_null(strstr(d, "exec: shell /bin/sh"));
	assert_true(run_until(r, file_exists, "args.out"));
	assert_true(run_until(r, file_exists, "piped.out"));
	assert_string_equal(read_text("args.out"), "2|a|b c\n");
	assert_string_equal(read_text("piped.out"), "piped\n");
	assert_int_equal(rec.n, 0); /* both succeed: no change */
	vgl_runner_free(r);
	parsed_free(&p);
}

/* enable_script_security refuses a world-writable script and one in a non-root-writable directory. */
static void test_security(void **state)
{
	static const char conf[] =
		"global_defs {\n script_user root\n%s}\n"
		"vrrp_script safe {\n script @D/safe.sh\n}\n"
		"vrrp_script world {\n script @D/world.sh\n}\n"
		"vrrp_script opendir {\n script @D/open/s.sh\n}\n"
		INSTANCE(" track_script {\n  safe\n  world\n  opendir\n }\n");
	char text[2048], path[128];
	struct parsed p;
	struct vgl_runner *r;

	(void)state;
	if (geteuid() != 0 || !dirs_safe(dir))
		skip(); /* the rule is about scripts run as root */
	write_script("safe.sh", "#!/bin/sh\nexit 0\n");
	write_script("world.sh", "#!/bin/sh\nexit 0\n");
	snprintf(path, sizeof(path), "%s/world.sh", dir);
	assert_int_equal(chmod(path, 0757), 0);
	snprintf(path, sizeof(path), "%s/open", dir);
	assert_int_equal(mkdir(path, 0777), 0);
	assert_int_equal(chmod(path, 0777), 0);
	write_script("open/s.sh", "#!/bin/sh\nexit 0\n");

	snprintf(text, sizeof(text), conf, " enable_script_security\n");
	parse_conf(&p, text);
	r = vgl_runner_new(p.conf, &CB, now_ns());
	assert_non_null(r);
	assert_false(vgl_runner_script_disabled(r, 1));
	assert_true(vgl_runner_script_disabled(r, 2));
	assert_true(vgl_runner_script_disabled(r, 3));
	assert_non_null(strstr(rec.log, "vrrp_script world: unsafe permissions"));
	assert_non_null(strstr(rec.log, "vrrp_script opendir: unsafe permissions"));
	assert_non_null(strstr(dump(r), "vrrp_script world (id 2): DISABLED"));
	vgl_runner_free(r);
	parsed_free(&p);

	/* without it: a warning, and they run */
	rec.log[0] = '\0';
	snprintf(text, sizeof(text), conf, "");
	parse_conf(&p, text);
	r = vgl_runner_new(p.conf, &CB, now_ns());
	assert_non_null(r);
	assert_false(vgl_runner_script_disabled(r, 2));
	assert_false(vgl_runner_script_disabled(r, 3));
	assert_non_null(strstr(rec.log, "runs anyway"));
	assert_non_null(strstr(dump(r), "UNSAFE"));
	vgl_runner_free(r);
	parsed_free(&p);
}

/* Unknown users, missing files and untracked scripts are disabled, with a log line. */
static void test_disabled(void **state)
{
	struct parsed p;
	struct vgl_runner *r;

	(void)state;
	write_script("ok.sh", "#!/bin/sh\nexit 0\n");
	parse_conf(&p, "vrrp_script nouser {\n script @D/ok.sh\n user no-such-user-vgl\n}\n"
		       "vrrp_script missing {\n script @D/missing.sh\n}\n"
		       "vrrp_script unused {\n script @D/ok.sh\n}\n"
		       INSTANCE(" track_script {\n  nouser\n  missing\n }\n"));
	r = vgl_runner_new(p.conf, &CB, now_ns());
	assert_non_null(r);
	assert_true(vgl_runner_script_disabled(r, 1));
	assert_true(vgl_runner_script_disabled(r, 2));
	assert_true(vgl_runner_script_disabled(r, 3));
	assert_true(vgl_runner_script_disabled(r, 4)); /* no such id */
	assert_non_null(strstr(rec.log, "'no-such-user-vgl' does not exist"));
	assert_non_null(strstr(rec.log, "missing.sh"));
	assert_non_null(strstr(rec.log, "vrrp_script unused is not tracked"));
	assert_int_equal(vgl_runner_next_deadline(r), VG_TIME_NEVER);
	vgl_runner_free(r);
	parsed_free(&p);
}

/* notify gets INSTANCE|GROUP, the name, the state and the priority after its own arguments. */
static void test_notify_args(void **state)
{
	struct parsed p;
	struct vgl_runner *r;
	const char *out;

	(void)state;
	write_script("notify.sh", "#!/bin/sh\necho \"$#:$*\" >> @D/notify.out\n");
	write_script("master.sh", "#!/bin/sh\necho \"master $#\" >> @D/master.out\n");
	parse_conf(&p, INSTANCE(" notify_master @D/master.sh\n notify \"@D/notify.sh extra\"\n")
		       "vrrp_instance VI_2 {\n interface lo\n virtual_router_id 52\n"
		       " virtual_ipaddress {\n  192.0.2.2/24\n }\n"
		       " notify \"true && @D/notify.sh viashell\"\n}\n"
		       "vrrp_sync_group G1 {\n group {\n  VI_1\n  VI_2\n }\n notify @D/notify.sh\n}\n");
	r = vgl_runner_new(p.conf, &CB, now_ns());
	assert_non_null(r);
	vgl_runner_notify_instance(r, &p.conf->instances.items[0], VG_NOTIFY_MASTER, 150);
	assert_true(run_until(r, notifies_done, NULL));
	vgl_runner_notify_group(r, &p.conf->sync_groups.items[0], VG_NOTIFY_BACKUP);
	assert_true(run_until(r, notifies_done, NULL));
	vgl_runner_notify_instance(r, &p.conf->instances.items[1], VG_NOTIFY_FAULT, 1);
	assert_true(run_until(r, notifies_done, NULL));
	vgl_runner_notify_instance(r, &p.conf->instances.items[0], VG_NOTIFY_STOP, 100);
	assert_true(run_until(r, notifies_done, NULL));
	out = read_text("notify.out");
	assert_non_null(out);
	assert_string_equal(out, "5:extra INSTANCE VI_1 MASTER 150\n"
				 "4:GROUP G1 BACKUP 0\n"
				 "5:viashell INSTANCE VI_2 FAULT 1\n"
				 "5:extra INSTANCE VI_1 STOP 100\n");
	assert_string_equal(read_text("master.out"), "master 0\n"); /* notify_master: no arguments added */
	vgl_runner_free(r);
	parsed_free(&p);
}

/*
 * keepalived.conf(5): notify_master_rx_lower_pri runs as written (a Master got a
 * lower-priority advert; "MASTER_RX_LOWER_PRI" on the FIFO, no notify call: it is
 * not a state); notify_deleted sends DELETED to the notifies and runs its own
 * script, and without it a deleted instance notifies FAULT.
 */
static void test_notify_lower_pri_and_deleted(void **state)
{
	struct parsed p;
	struct vgl_runner *r;
	char path[128], buf[512];
	ssize_t n;
	int fd;

	(void)state;
	write_script("notify.sh", "#!/bin/sh\necho \"$*\" >> @D/notify.out\n");
	write_script("lower.sh", "#!/bin/sh\necho \"lower $#\" >> @D/lower.out\n");
	write_script("deleted.sh", "#!/bin/sh\necho \"deleted $#\" >> @D/deleted.out\n");
	write_script("fault.sh", "#!/bin/sh\necho \"fault $#\" >> @D/fault.out\n");
	parse_conf(&p, "global_defs {\n vrrp_notify_fifo @D/fifo\n}\n"
		       INSTANCE(" notify @D/notify.sh\n notify_master_rx_lower_pri @D/lower.sh\n"
				" notify_deleted @D/deleted.sh\n notify_fault @D/fault.sh\n")
		       "vrrp_instance VI_2 {\n interface lo\n virtual_router_id 52\n"
		       " virtual_ipaddress {\n  192.0.2.2/24\n }\n notify @D/notify.sh\n notify_fault @D/fault.sh\n}\n"
		       "vrrp_instance VI_3 {\n interface lo\n virtual_router_id 53\n"
		       " virtual_ipaddress {\n  192.0.2.3/24\n }\n notify @D/notify.sh\n notify_deleted\n}\n");
	r = vgl_runner_new(p.conf, &CB, now_ns());
	assert_non_null(r);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	fd = open(path, O_RDONLY | O_NONBLOCK);
	assert_true(fd >= 0);
	vgl_runner_notify_instance(r, &p.conf->instances.items[0], VG_NOTIFY_MASTER_RX_LOWER_PRI, 150);
	assert_true(run_until(r, notifies_done, NULL));
	vgl_runner_notify_instance(r, &p.conf->instances.items[0], VG_NOTIFY_DELETED, 150);
	assert_true(run_until(r, notifies_done, NULL));
	vgl_runner_notify_instance(r, &p.conf->instances.items[1], VG_NOTIFY_DELETED, 100);
	assert_true(run_until(r, notifies_done, NULL));
	vgl_runner_notify_instance(r, &p.conf->instances.items[2], VG_NOTIFY_DELETED, 100);
	assert_true(run_until(r, notifies_done, NULL));
	assert_string_equal(read_text("lower.out"), "lower 0\n");
	assert_string_equal(read_text("deleted.out"), "deleted 0\n");
	assert_string_equal(read_text("fault.out"), "fault 0\n"); /* VI_2 only: VI_1 has notify_deleted */
	assert_string_equal(read_text("notify.out"), "INSTANCE VI_1 DELETED 150\n"
						     "INSTANCE VI_2 FAULT 100\n"
						     "INSTANCE VI_3 DELETED 100\n");
	n = read(fd, buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "INSTANCE \"VI_1\" MASTER_RX_LOWER_PRI 150\nINSTANCE \"VI_1\" DELETED 150\n"
				 "INSTANCE \"VI_2\" FAULT 100\nINSTANCE \"VI_3\" DELETED 100\n");
	close(fd);
	vgl_runner_free(r);
	parsed_free(&p);
}

/*
 * keepalived.conf(5) notify_priority_changes / vrrp_notify_priority_changes:
 * MASTER_PRIORITY and BACKUP_PRIORITY go to the notify FIFOs only (no script),
 * for instances with it on, or unset under the global default on; an
 * instance's "off" overrides the global.
 */
static void test_notify_priority_changes(void **state)
{
	struct parsed p;
	struct vgl_runner *r;
	char path[128], buf[512];
	ssize_t n;
	int fd;

	(void)state;
	write_script("notify.sh", "#!/bin/sh\necho \"$*\" >> @D/notify.out\n");
	parse_conf(&p, "global_defs {\n vrrp_notify_fifo @D/fifo\n vrrp_notify_priority_changes\n}\n"
		       INSTANCE(" notify @D/notify.sh\n")
		       "vrrp_instance VI_2 {\n interface lo\n virtual_router_id 52\n"
		       " virtual_ipaddress {\n  192.0.2.2/24\n }\n notify_priority_changes off\n}\n");
	r = vgl_runner_new(p.conf, &CB, now_ns());
	assert_non_null(r);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	fd = open(path, O_RDONLY | O_NONBLOCK);
	assert_true(fd >= 0);
	vgl_runner_notify_instance(r, &p.conf->instances.items[0], VG_NOTIFY_MASTER_PRIORITY, 130);
	vgl_runner_notify_instance(r, &p.conf->instances.items[1], VG_NOTIFY_MASTER_PRIORITY, 90);
	vgl_runner_notify_instance(r, &p.conf->instances.items[0], VG_NOTIFY_BACKUP_PRIORITY, 110);
	assert_true(run_until(r, notifies_done, NULL));
	n = read(fd, buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "INSTANCE \"VI_1\" MASTER_PRIORITY 130\nINSTANCE \"VI_1\" BACKUP_PRIORITY 110\n");
	assert_null(read_text("notify.out")); /* no script for a priority change */
	close(fd);
	vgl_runner_free(r);
	parsed_free(&p);
}

/* A reload retires the old runner: its notify scripts finish, nothing else of it runs. */
static void test_retire_keeps_notifies(void **state)
{
	struct parsed p;
	struct vgl_runner *r;

	(void)state;
	write_script("slow.sh", "#!/bin/sh\nsleep 0.3\necho done >> @D/slow.out\n");
	parse_conf(&p, INSTANCE(" notify_stop @D/slow.sh\n"));
	r = vgl_runner_new(p.conf, &CB, now_ns());
	assert_non_null(r);
	vgl_runner_notify_instance(r, &p.conf->instances.items[0], VG_NOTIFY_STOP, 100);
	vgl_runner_retire(r);
	assert_int_equal(vgl_runner_notifies_running(r), 1);
	assert_true(run_until(r, notifies_done, NULL));
	assert_string_equal(read_text("slow.out"), "done\n");
	vgl_runner_free(r);
	parsed_free(&p);
}

/* vrrp_notify_fifo: the runner makes the FIFO and writes keepalived's lines. */
static void test_fifo_lines(void **state)
{
	struct parsed p;
	struct vgl_runner *r;
	char path[128], buf[256];
	struct stat st;
	ssize_t n;
	int fd;

	(void)state;
	parse_conf(&p, "global_defs {\n vrrp_notify_fifo @D/fifo\n}\n" INSTANCE("")
		       "vrrp_sync_group G1 {\n group {\n  VI_1\n }\n}\n");
	r = vgl_runner_new(p.conf, &CB, now_ns());
	assert_non_null(r);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	fd = open(path, O_RDONLY | O_NONBLOCK);
	assert_true(fd >= 0);
	vgl_runner_notify_instance(r, &p.conf->instances.items[0], VG_NOTIFY_MASTER, 100);
	vgl_runner_notify_group(r, &p.conf->sync_groups.items[0], VG_NOTIFY_FAULT);
	n = read(fd, buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "INSTANCE \"VI_1\" MASTER 100\nGROUP \"G1\" FAULT 0\n");
	close(fd);
	assert_non_null(strstr(dump(r), "lines 2, dropped 0"));
	vgl_runner_free(r);
	assert_int_equal(stat(path, &st), -1); /* we made it, we removed it */
	parsed_free(&p);
}

/* vrrp_notify_fifo_script gets the FIFO name as its last parameter and reads the lines. */
static void test_fifo_script(void **state)
{
	struct parsed p;
	struct vgl_runner *r;

	(void)state;
	write_script("reader.sh", "#!/bin/sh\necho \"$1\" > @D/reader.arg\n"
				  "while read -r line; do echo \"$line\" >> @D/reader.out; done < \"$1\"\n");
	parse_conf(&p, "global_defs {\n vrrp_notify_fifo @D/fifo\n vrrp_notify_fifo_script @D/reader.sh\n}\n"
		       INSTANCE(""));
	r = vgl_runner_new(p.conf, &CB, now_ns());
	assert_non_null(r);
	{
		char arg[128];
		struct expect_text want_arg = { "reader.arg", arg };
		struct expect_text want_line = { "reader.out", "INSTANCE \"VI_1\" BACKUP 90\n" };

		snprintf(arg, sizeof(arg), "%s/fifo\n", dir);
		assert_true(run_until(r, file_equals, &want_arg));
		vgl_runner_notify_instance(r, &p.conf->instances.items[0], VG_NOTIFY_BACKUP, 90);
		assert_true(run_until(r, file_equals, &want_line));
	}
	assert_int_equal(vgl_runner_notifies_running(r), 0); /* the FIFO script is not a notify */
	vgl_runner_free(r);
	parsed_free(&p);
}

/* The child: own session, stdin on /dev/null, no inherited fd, empty mask, default handlers. */
static void test_child_setup(void **state)
{
	struct parsed p;
	struct vgl_runner *r;
	sigset_t block, old;
	const char *out;
	char *line;
	int fd;
	long pid = 0, sid = -1;
	unsigned long long ign = 0;

	(void)state;
	/* builtins only before the first fork: dash masks signals around its own forks */
	write_script("env.sh", "#!/bin/sh\nwhile read -r k v; do case $k in SigBlk:|SigIgn:) echo \"$k $v\";; esac; "
			       "done < /proc/$$/status > @D/env.tmp\n"
			       "{ [ -e /proc/$$/fd/42 ] && echo fd42-open || echo fd42-closed\n"
			       "readlink /proc/$$/fd/0\n"
			       "echo \"pid=$$ sid=$(cut -d' ' -f6 /proc/$$/stat)\"\n} >> @D/env.tmp\n"
			       "mv @D/env.tmp @D/env.out\n");
	parse_conf(&p, "vrrp_script env {\n script @D/env.sh\n}\n" INSTANCE(" track_script {\n  env\n }\n"));
	fd = open("/dev/null", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(dup2(fd, 42), 42); /* no FD_CLOEXEC */
	close(fd);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	signal(SIGUSR2, SIG_IGN);
	r = vgl_runner_new(p.conf, &CB, now_ns());
	assert_non_null(r);
	assert_true(run_until(r, file_exists, "env.out"));
	vgl_runner_free(r);
	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGUSR2, SIG_DFL);
	close(42);
	out = read_text("env.out");
	assert_non_null(strstr(out, "fd42-closed\n"));
	assert_non_null(strstr(out, "/dev/null\n"));
	assert_non_null(strstr(out, "SigBlk: 0000000000000000\n"));
	line = strstr(out, "SigIgn: ");
	assert_non_null(line);
	ign = strtoull(line + 8, NULL, 16);
	assert_false(ign & (1ull << (SIGUSR2 - 1)));
	line = strstr(out, "pid=");
	assert_non_null(line);
	assert_int_equal(sscanf(line, "pid=%ld sid=%ld", &pid, &sid), 2);
	assert_int_equal(pid, sid); /* setsid(): a session and process group of its own */
	parsed_free(&p);
}

/* As root, `user nobody` runs the check as nobody (setgroups, setgid, setuid). */
static void test_runs_as_user(void **state)
{
	struct parsed p;
	struct vgl_runner *r;
	char path[128], expect[64];

	(void)state;
	if (geteuid() != 0 || !getpwnam("nobody"))
		skip();
	assert_int_equal(chmod(dir, 0711), 0); /* nobody may reach the script */
	snprintf(path, sizeof(path), "%s/pub", dir);
	assert_int_equal(mkdir(path, 0777), 0);
	assert_int_equal(chmod(path, 0777), 0);
	write_script("who.sh", "#!/bin/sh\nid -u > @D/pub/who.tmp\nid -g >> @D/pub/who.tmp\nmv @D/pub/who.tmp @D/pub/who\n");
	parse_conf(&p, "vrrp_script who {\n script @D/who.sh\n user nobody\n}\n" INSTANCE(" track_script {\n  who\n }\n"));
	r = vgl_runner_new(p.conf, &CB, now_ns());
	assert_non_null(r);
	assert_true(run_until(r, file_exists, "pub/who"));
	snprintf(expect, sizeof(expect), "%u\n%u\n", (unsigned)getpwnam("nobody")->pw_uid,
		 (unsigned)getpwnam("nobody")->pw_gid);
	assert_string_equal(read_text("pub/who"), expect);
	vgl_runner_free(r);
	parsed_free(&p);
}

static bool last_value_is(struct vgl_runner *r, void *arg)
{
	(void)r;
	return rec.n > 0 && rec.ev[rec.n - 1].value == *(int32_t *)arg;
}

static void expect_track(struct vgl_runner *r, uint16_t id, int32_t value, bool up)
{
	if (!run_until(r, last_value_is, &value))
		fail_msg("track_file never reported %d; log:\n%s", value, rec.log);
	assert_int_equal(rec.ev[rec.n - 1].kind, VG_TRACK_FILE);
	assert_int_equal(rec.ev[rec.n - 1].id, id);
	assert_int_equal(rec.ev[rec.n - 1].up, up);
}

/* track_file: init_file, then values seen through inotify (write, rename, delete). */
static void test_track_file(void **state)
{
	struct parsed p;
	struct vgl_runner *r;
	char path[128];
	vg_time t0;

	(void)state;
	write_file("keep", "9\n");
	parse_conf(&p, "track_file tf {\n file @D/tf\n weight 1\n init_file 5\n}\n"
		       "track_file zero {\n file @D/zero\n weight 0\n}\n"
		       "track_file keep {\n file @D/keep\n init_file 1\n}\n"
		       "track_file over {\n file @D/keep2\n init_file 2 overwrite\n}\n"
		       INSTANCE(" track_file {\n  tf\n  zero\n  keep\n  over\n }\n"));
	write_file("keep2", "8\n");
	t0 = now_ns();
	r = vgl_runner_new(p.conf, &CB, t0);
	assert_non_null(r);
	assert_true(vgl_runner_fd(r) >= 0);
	/* initial values, reported from new() with new()'s time */
	assert_int_equal(rec.n, 4);
	for (int i = 0; i < 4; i++)
		assert_true(rec.ev[i].now == t0);
	assert_int_equal(rec.ev[0].value, 5);   /* init_file wrote it */
	assert_true(rec.ev[0].up);
	assert_int_equal(rec.ev[1].value, 0);   /* missing: 0 */
	assert_true(rec.ev[1].up);
	assert_int_equal(rec.ev[2].value, 9);   /* existing file kept */
	assert_int_equal(rec.ev[3].value, 2);   /* overwrite */
	assert_string_equal(read_text("tf"), "5\n");

	write_file("tf", "7\n");
	expect_track(r, 1, 7, true);
	/* a change seen by fd_ready() carries that call's time (the loop's wake-up) */
	assert_true(rec.ev[rec.n - 1].now > t0 && rec.ev[rec.n - 1].now <= now_ns());
	replace_file("tf", "-300\n");
	expect_track(r, 1, -300, false);        /* -300 * 1 <= -254: fault */
	snprintf(path, sizeof(path), "%s/tf", dir);
	assert_int_equal(unlink(path), 0);
	expect_track(r, 1, 0, true);
	write_file("zero", "3\n");
	expect_track(r, 2, 3, false);           /* weight 0: non-zero means fault */
	write_file("zero", "0\n");
	expect_track(r, 2, 0, true);
	write_file("unrelated", "1\n");         /* other files in the directory change nothing */
	assert_non_null(strstr(dump(r), "track_file tf (id 1)"));
	vgl_runner_free(r);
	parsed_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rise_and_fall, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_kills_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_kills_children, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shell_vs_direct, setup, teardown),
		cmocka_unit_test_setup_teardown(test_security, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disabled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notify_args, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notify_lower_pri_and_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notify_priority_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retire_keeps_notifies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_script, setup, teardown),
		cmocka_unit_test_setup_teardown(test_track_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_setup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_runs_as_user, setup, teardown),
	};

	/* the runner is told about SIGCHLD by the loop; keep the default action */
	signal(SIGCHLD, SIG_DFL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
