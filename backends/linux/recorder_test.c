// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the flight recorder's ring: it wraps, stays within its
 * size, drops the oldest events whole (counted), keeps the configurations
 * its events need, and writes a file the codec reads back record by record.
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
#include <zlib.h>

#include "conf_loader.h"
#include "rec/record.h"
#include "recorder.h"

/* The recording written to a temporary file and read back. */
static uint8_t *write_out(struct vgd_recorder *r, size_t *len)
{
	FILE *f = tmpfile();
	uint8_t *b;
	long n;

	assert_non_null(f);
	assert_int_equal(vgd_recorder_write(r, fileno(f), "test"), 0);
	n = ftell(f) >= 0 ? (long)lseek(fileno(f), 0, SEEK_END) : -1;
	assert_true(n > 0);
	b = malloc((size_t)n);
	assert_non_null(b);
	assert_int_equal(pread(fileno(f), b, (size_t)n, 0), n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

struct seen {
	uint32_t info, conf, events, reloads;
	uint64_t lost;
	vg_time first_now, last_now;
	uint32_t first_gen;
};

static void read_back(const uint8_t *b, size_t len, struct seen *s)
{
	const char *bad;
	long off = vg_rec_header_decode(b, len, &bad);

	memset(s, 0, sizeof(*s));
	assert_int_equal(off, VG_REC_HEADER_LEN);
	while ((size_t)off < len) {
		struct vg_rec r;
		long n = vg_rec_decode(b + off, len - (size_t)off, &r);

		assert_true(n > 0);
		switch (r.type) {
		case VG_REC_INFO:
			s->info++;
			s->lost = r.u.info.lost;
			break;
		case VG_REC_CONF:
			s->conf++;
			break;
		case VG_REC_EVENT:
			if (!s->events++) {
				s->first_now = r.now;
				s->first_gen = r.u.event.gen;
			}
			s->last_now = r.now;
			break;
		case VG_REC_RELOAD:
			s->reloads++;
			break;
		}
		off += n;
	}
	assert_int_equal(off, (long)len);
}

/* An empty configuration loaded from a new temporary file; path: a mkstemp template, then the file's name. */
static struct vg_conf *empty_conf_load(char *path, struct vg_diags *dg)
{
	int fd = mkstemp(path);
	struct vg_conf *conf = NULL;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "global_defs {\n}\n", 16), 16);
	close(fd);
	vg_diags_init(dg);
	assert_int_equal(vg_conf_load(path, NULL, &conf, dg), 0);
	return conf;
}

static void empty_conf_free(struct vg_conf *conf, struct vg_diags *dg, const char *path)
{
	vg_conf_free(conf);
	vg_diags_free(dg);
	unlink(path);
}

static void timer_at(struct vgd_recorder *r, vg_time t)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_TIMER };

	vgd_recorder_event(r, t, VG_REC_ROUTER, &ev);
}

/* a ring of 4 KiB takes 10,000 events: it wraps, stays at 4 KiB, keeps the newest whole */
static void test_wrap_bounded(void **state)
{
	struct vgd_recorder *r = vgd_recorder_new(4096, "n1");
	struct vgd_recorder_stats st;
	struct seen s;
	uint8_t *b;
	size_t len;
	vg_time t;

	(void)state;
	assert_non_null(r);
	for (t = 1; t <= 10000; t++)
		timer_at(r, t);
	vgd_recorder_stats(r, &st);
	assert_int_equal(st.ring_bytes, 4096);
	assert_true(st.used_bytes <= 4096);
	assert_true(st.used_bytes > 4096 - (VG_REC_HDR_LEN + 6));
	assert_int_equal(st.events + st.lost, 10000);
	assert_int_equal(st.events, 4096 / (VG_REC_HDR_LEN + 6)); /* 22-byte records */
	b = write_out(r, &len);
	read_back(b, len, &s);
	assert_int_equal(s.info, 1);
	assert_int_equal(s.events, st.events);
	assert_int_equal(s.lost, st.lost);
	assert_int_equal(s.last_now, 10000);
	assert_int_equal(s.first_now, 10000 - st.events + 1); /* no gap: the oldest went first */
	free(b);
	vgd_recorder_free(r);
}

/* records of different sizes wrap at every offset: each written record decodes */
static void test_wrap_mixed_sizes(void **state)
{
	static const uint8_t pkt[40] = { 0x31, 1, 100, 1 };
	struct vgd_recorder *r = vgd_recorder_new(1000, "n1");
	struct vg_vrrp_event ev = { .kind = VG_EV_PACKET };
	struct vgd_recorder_stats st;
	struct seen s;
	uint8_t *b;
	size_t len;
	int i;

	(void)state;
	ev.u.packet.buf = pkt;
	for (i = 0; i < 997; i++) {
		ev.u.packet.len = (size_t)(i % 40);
		if (i % 3)
			vgd_recorder_event(r, (vg_time)i, VG_REC_ROUTER, &ev);
		else
			timer_at(r, (vg_time)i);
		vgd_recorder_stats(r, &st);
		assert_true(st.used_bytes <= 1000);
		b = write_out(r, &len);
		read_back(b, len, &s);
		assert_int_equal(s.events, st.events);
		assert_int_equal(s.last_now, (vg_time)i);
		free(b);
	}
	vgd_recorder_free(r);
}

/* a configuration is written while an event of its generation is in the ring, then forgotten */
static void test_configurations_follow_the_ring(void **state)
{
	char path[] = "/tmp/vgrec-test-XXXXXX";
	struct vgd_recorder *r = vgd_recorder_new(512, "n1");
	struct vg_conf *conf;
	struct vgd_recorder_stats st;
	struct vg_diags dg;
	struct seen s;
	uint8_t *b;
	size_t len;
	vg_time t;

	(void)state;
	conf = empty_conf_load(path, &dg);
	assert_int_equal(vgd_recorder_conf(r, conf, 0), 1);
	timer_at(r, 1);
	assert_int_equal(vgd_recorder_conf(r, conf, 2), 2);
	vgd_recorder_reload(r, 2, 2);
	timer_at(r, 3);
	b = write_out(r, &len);
	read_back(b, len, &s);
	assert_int_equal(s.conf, 2);
	assert_int_equal(s.first_gen, 1);
	assert_int_equal(s.reloads, 1);
	free(b);
	/* generation 1's events leave the ring: its configuration is not written, then not kept */
	for (t = 4; t < 100; t++)
		timer_at(r, t);
	b = write_out(r, &len);
	read_back(b, len, &s);
	assert_int_equal(s.conf, 1);
	assert_int_equal(s.first_gen, 2);
	free(b);
	assert_int_equal(vgd_recorder_conf(r, conf, 100), 3);
	vgd_recorder_stats(r, &st);
	assert_int_equal(st.gens_kept, 2); /* 2 (events in the ring) and 3; 1 is gone */
	empty_conf_free(conf, &dg, path);
	vgd_recorder_free(r);
}

/*
 * The checker driver's records name its own generation, older than the VRRP
 * driver's latest: its configuration stays while one of them is in the ring,
 * even when the oldest record is of a later generation. A CARRY record reads back.
 */
static void test_checker_generation_kept(void **state)
{
	char path[] = "/tmp/vgrec-test-XXXXXX";
	struct vgd_recorder *r = vgd_recorder_new(512, "n1");
	struct vg_lvs_event tick = { .kind = VG_LVS_EV_TIMER };
	uint32_t svc_from[2] = { 0, UINT32_MAX };
	uint16_t checkers[2] = { 2, 0 }, ck0[2] = { 1, UINT16_MAX };
	const uint16_t *ck_from[2] = { ck0, NULL };
	struct vg_conf *conf;
	struct vgd_recorder_stats st;
	struct vg_diags dg;
	bool carry_seen = false;
	const char *bad;
	uint8_t *b;
	size_t len;
	long off;

	(void)state;
	conf = empty_conf_load(path, &dg);
	assert_int_equal(vgd_recorder_conf(r, conf, 0), 1);
	vgd_recorder_lvs(r, 1, 1, &tick, false, NULL);
	assert_int_equal(vgd_recorder_conf(r, conf, 2), 2);
	vgd_recorder_reload(r, 2, 2);
	for (vg_time t = 3; t < 60; t++)
		timer_at(r, t); /* generation 1's first record leaves the ring */
	vgd_recorder_lvs(r, 1, 60, &tick, false, NULL); /* the checker still runs generation 1 */
	assert_int_equal(vgd_recorder_conf(r, conf, 61), 3);
	vgd_recorder_stats(r, &st);
	assert_int_equal(st.gens_kept, 3); /* 1 (the checker's record), 2 and 3 */
	vgd_recorder_carry(r, 3, 62, 42, 1, 2, svc_from, checkers, ck_from);
	b = write_out(r, &len);
	off = vg_rec_header_decode(b, len, &bad);
	while (off > 0 && (size_t)off < len) {
		struct vg_rec rec;
		long n = vg_rec_decode(b + off, len - (size_t)off, &rec);

		assert_true(n > 0);
		if (rec.type == VG_REC_LVS && rec.u.lvs.carry) {
			carry_seen = true;
			assert_int_equal(rec.u.lvs.gen, 3);
			assert_int_equal(rec.u.lvs.old_gen, 1);
			assert_int_equal(rec.u.lvs.services, 2);
			assert_int_equal(rec.u.lvs.ev.u.start.seed, 42);
		}
		off += n;
	}
	assert_true(carry_seen);
	free(b);
	empty_conf_free(conf, &dg, path);
	vgd_recorder_free(r);
}

static void test_too_small(void **state)
{
	(void)state;
	assert_null(vgd_recorder_new(0, "n1"));
	assert_null(vgd_recorder_new(16, "n1"));
	vgd_recorder_event(NULL, 1, VG_REC_ROUTER, &(struct vg_vrrp_event){ .kind = VG_EV_TIMER });
}

/* The CONF record of the recording in b (the first one), decoded; its files inflated into *raw if DEFLATED. */
static void first_conf(const uint8_t *b, size_t len, struct vg_rec *conf, uint8_t **raw)
{
	const char *bad;
	long off = vg_rec_header_decode(b, len, &bad);

	*raw = NULL;
	assert_int_equal(off, VG_REC_HEADER_LEN);
	assert_int_equal(b[8], VG_REC_VERSION);
	while ((size_t)off < len) {
		long n = vg_rec_decode(b + off, len - (size_t)off, conf);

		assert_true(n > 0);
		if (conf->type == VG_REC_CONF) {
			uLongf rl = conf->u.conf.raw_len;

			if (!conf->u.conf.deflated)
				return;
			*raw = malloc(rl);
			assert_non_null(*raw);
			assert_int_equal(uncompress(*raw, &rl, conf->u.conf.files, conf->u.conf.files_len), Z_OK);
			assert_int_equal(vg_rec_conf_inflated(conf, *raw, rl), 0);
			return;
		}
		off += n;
	}
	fail_msg("no CONF record");
}

/* The recorded copy of the file of text, read back as its file. */
static void conf_copy(const char *text, bool deflated)
{
	char path[] = "/tmp/vgrec-test-XXXXXX";
	int fd = mkstemp(path);
	struct vgd_recorder *r = vgd_recorder_new(4096, "n1");
	size_t len, tl = strlen(text), pos = 0;
	struct vg_conf *conf = NULL;
	struct vg_rec_file f;
	struct vg_diags dg;
	struct vg_rec rec;
	uint8_t *b, *raw;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, tl), (ssize_t)tl);
	close(fd);
	vg_diags_init(&dg);
	assert_int_equal(vg_conf_load(path, NULL, &conf, &dg), 0);
	assert_int_equal(vgd_recorder_conf(r, conf, 0), 1);
	timer_at(r, 1);
	b = write_out(r, &len);
	first_conf(b, len, &rec, &raw);
	assert_int_equal(raw != NULL, deflated);
	if (deflated) /* the text is repetitive: the copy is a small part of it */
		assert_true(len < tl / 10);
	assert_int_equal(vg_rec_conf_file(&rec, &pos, &f), 1);
	assert_int_equal(f.path_len, strlen(path));
	assert_memory_equal(f.path, path, f.path_len);
	assert_int_equal(f.len, tl);
	assert_memory_equal(f.data, text, tl);
	assert_int_equal(vg_rec_conf_file(&rec, &pos, &f), 0);
	free(raw);
	free(b);
	vg_conf_free(conf);
	vg_diags_free(&dg);
	unlink(path);
	vgd_recorder_free(r);
}

/*
 * The configuration's copy is kept zlib-compressed (a DEFLATED CONF, format
 * 4) and inflates to the file's bytes; a file compressing does not shrink is
 * kept plain (sub 0, as format 3 wrote it).
 */
/*
 * One wake-up's probe results (the same time and generation, one after
 * another) join one PROBE record in the ring (format 6), also when it
 * wraps; another record, or another time, starts a new one; a record the
 * ring drops takes its results whole. The write-out reads back as every
 * result from the oldest kept to the last, in order, at its own time.
 */
static void test_probe_results_joined(void **state)
{
	struct vgd_recorder *r = vgd_recorder_new(1000, "n1");
	struct vg_lvs_probe_result pr = { .outcome = 1 };
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_PROBE, .u.probe = { .service = 0, .result = &pr } };
	uint32_t seq = 0, records = 0, results = 0, last_seq = 0;
	const char *bad;
	uint8_t *b;
	size_t len;
	long off;

	(void)state;
	assert_non_null(r);
	for (vg_time t = 1; t <= 200; t++) {
		for (int k = 0; k < 3; k++) {
			pr.checker = (uint16_t)k;
			pr.seq = ++seq;
			vgd_recorder_lvs(r, 1, VG_S(t), &ev, false, NULL);
		}
		if (t % 10 == 0)
			timer_at(r, VG_S(t));
	}
	b = write_out(r, &len);
	off = vg_rec_header_decode(b, len, &bad);
	while ((size_t)off < len) {
		struct vg_rec rec;
		long n = vg_rec_decode(b + off, len - (size_t)off, &rec);
		size_t pos = 0;
		int more = 1;

		assert_true(n > 0);
		if (rec.type == VG_REC_LVS && rec.u.lvs.ev.kind == VG_LVS_EV_PROBE) {
			records++;
			for (uint32_t i = 0; more == 1; i++, more = vg_rec_probe_next(&rec, &pos)) {
				assert_int_equal(rec.u.lvs.result.seq, last_seq ? last_seq + 1 : rec.u.lvs.result.seq);
				last_seq = rec.u.lvs.result.seq;
				/* three results at each second, checker 0 first */
				assert_int_equal(rec.now, VG_S((last_seq + 2) / 3));
				assert_int_equal(rec.u.lvs.result.checker, (last_seq - 1) % 3);
				assert_true(i < 3);
				results++;
			}
			assert_int_equal(more, 0);
		}
		off += n;
	}
	assert_int_equal(off, (long)len);
	assert_int_equal(last_seq, seq); /* the newest kept */
	assert_true(results > 30);    /* 1000 bytes: 16 + 4 + 30 a second, the timers' 20 */
	assert_true(records * 2 < results);
	free(b);
	vgd_recorder_free(r);
}

static void test_conf_copy_deflated(void **state)
{
	char *text = malloc(64 * 1024);
	size_t n = 0;

	(void)state;
	assert_non_null(text);
	n += (size_t)sprintf(text + n, "virtual_server 192.0.2.10 80 {\n  delay_loop 30\n  lb_algo rr\n");
	for (int p = 0; p < 300; p++)
		n += (size_t)sprintf(text + n, "  real_server 198.51.100.1 %d {\n    weight 1\n    TCP_CHECK {\n"
				     "      connect_timeout 5\n    }\n  }\n", 10000 + p);
	sprintf(text + n, "}\n");
	conf_copy(text, true);
	free(text);
	conf_copy("# x\n", false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conf_copy_deflated),
		cmocka_unit_test(test_wrap_bounded),
		cmocka_unit_test(test_wrap_mixed_sizes),
		cmocka_unit_test(test_configurations_follow_the_ring),
		cmocka_unit_test(test_checker_generation_kept),
		cmocka_unit_test(test_too_small),
		cmocka_unit_test(test_probe_results_joined),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
