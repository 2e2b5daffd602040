/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: vigild's flight recorder (see recorder.h): the ring, the kept
 * configurations, the async-signal-safe write-out and the fatal-signal
 * handler.
 *
 * The ring holds encoded records back to back, wrapping at its end; a
 * record is dropped whole from the head to make room at the tail. The
 * write-out may interrupt an append (a fatal signal in the same thread):
 * an append first drops what it must (head and size move), then copies
 * the new record into space outside [head, head + used), and only then
 * grows `used`; so the write-out always sees whole records.
 *
 * Probe results of one wake-up (the same time and generation, one after
 * another) go in one PROBE record (format 6): the last record, while it is
 * the ring's last, is extended in place: the result's bytes are copied past
 * `used`, then the record's body_len is set, then `used` grows. A write-out
 * between those two steps would see a record longer than the ring holds:
 * it writes the whole records only (ring_walk).
 */
#include "recorder.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "rec/record.h"

struct kept_conf {
	uint32_t gen;
	uint8_t *rec; /* the encoded CONF record */
	size_t len;
};

struct vgd_recorder {
	uint8_t *ring;
	size_t cap, head, used;
	uint64_t events, lost;
	uint32_t gen;      /* the generation events are recorded under */
	uint32_t next_gen; /* the number the next configuration gets */
	uint32_t lvs_gen;  /* the checker driver's generation (its last record): kept while it runs */
	bool pend;         /* the ring's last record is a PROBE that more results may join: */
	size_t pend_at;    /* its offset in the ring */
	uint32_t pend_body, pend_gen; /* its body_len, its generation */
	vg_time pend_now;  /* its time */
	struct kept_conf conf[VGD_REC_GENS_MAX];
	uint32_t conf_count;
	const struct vg_conf *last_conf; /* the tree recorded last (vgd_recorder_conf_once) */
	char config_id[256];
};

static void barrier(void)
{
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

struct vgd_recorder *vgd_recorder_new(size_t ring_bytes, const char *config_id)
{
	struct vgd_recorder *r;

	if (ring_bytes < VG_REC_EVENT_MAX)
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->ring = malloc(ring_bytes);
	if (!r->ring) {
		free(r);
		return NULL;
	}
	r->cap = ring_bytes;
	r->next_gen = 1;
	if (config_id)
		memcpy(r->config_id, config_id, strnlen(config_id, sizeof(r->config_id) - 1));
	return r;
}

void vgd_recorder_free(struct vgd_recorder *r)
{
	uint32_t i;

	if (!r)
		return;
	for (i = 0; i < r->conf_count; i++)
		free(r->conf[i].rec);
	free(r->ring);
	free(r);
}

/* Copy n bytes out of the ring from offset `at` (wrapping). */
static void ring_peek(const struct vgd_recorder *r, size_t at, uint8_t *out, size_t n)
{
	size_t first = r->cap - at < n ? r->cap - at : n;

	memcpy(out, r->ring + at, first);
	memcpy(out + first, r->ring, n - first);
}

/*
 * Walk the whole records in the `used` bytes from `head`: their length (a
 * record extend() is growing may reach past `used`: it ends the walk), and
 * in *low the lowest generation one names (the checker driver's records
 * name its own generation, which may be older than the VRRP driver's later
 * records: every record is looked at, at each new configuration and each
 * write-out only).
 */
static size_t ring_walk(const struct vgd_recorder *r, size_t head, size_t used, uint32_t *low)
{
	uint8_t h[VG_REC_HDR_LEN + 4]; /* every record has a generation after its header */
	size_t at = head, left = used;

	*low = r->lvs_gen && r->lvs_gen < r->gen ? r->lvs_gen : r->gen;
	while (left >= sizeof(h)) {
		uint32_t g, n;

		ring_peek(r, at, h, sizeof(h));
		g = (uint32_t)h[16] | (uint32_t)h[17] << 8 | (uint32_t)h[18] << 16 | (uint32_t)h[19] << 24;
		n = VG_REC_HDR_LEN + vg_rec_body_len(h);
		if (n > left)
			break;
		if (g < *low)
			*low = g;
		at = (at + n) % r->cap;
		left -= n;
	}
	return used - left;
}

/* The lowest generation a record in the ring names: the first configuration a replay needs. */
static uint32_t oldest_gen(const struct vgd_recorder *r)
{
	uint32_t low;

	(void)ring_walk(r, r->head, r->used, &low);
	return low;
}

static void drop_oldest(struct vgd_recorder *r)
{
	uint8_t h[VG_REC_HDR_LEN];
	size_t n;

	if (r->pend && r->head == r->pend_at)
		r->pend = false; /* the record results join goes: the next one starts its own */
	ring_peek(r, r->head, h, sizeof(h));
	n = VG_REC_HDR_LEN + vg_rec_body_len(h);
	r->head = (r->head + n) % r->cap;
	r->used -= n;
	r->events--;
	r->lost++;
}

/* Copy n bytes into the ring at offset `at` (wrapping). */
static void ring_poke(struct vgd_recorder *r, size_t at, const uint8_t *in, size_t n)
{
	size_t first = r->cap - at < n ? r->cap - at : n;

	memcpy(r->ring + at, in, first);
	memcpy(r->ring, in + first, n - first);
}

/* Add a record at the tail; its offset, or SIZE_MAX (larger than the ring). */
static size_t append(struct vgd_recorder *r, const uint8_t *rec, size_t n)
{
	size_t tail;

	r->pend = false;
	if (n > r->cap)
		return SIZE_MAX;
	while (r->cap - r->used < n)
		drop_oldest(r);
	barrier();
	tail = (r->head + r->used) % r->cap;
	ring_poke(r, tail, rec, n);
	barrier();
	r->used += n;
	r->events++;
	return tail;
}

/* Join n bytes of results to the pending PROBE record; false: it cannot (start a record). */
static bool extend(struct vgd_recorder *r, const uint8_t *more, size_t n)
{
	uint8_t h[VG_REC_HDR_LEN];

	if (r->pend_body + n > VG_REC_BODY_MAX)
		return false;
	while (r->pend && r->cap - r->used < n)
		drop_oldest(r);
	if (!r->pend)
		return false;
	barrier();
	ring_poke(r, (r->head + r->used) % r->cap, more, n);
	barrier();
	r->pend_body += (uint32_t)n;
	vg_rec_set_body_len(h, r->pend_body);
	ring_poke(r, (r->pend_at + 4) % r->cap, h + 4, 4); /* body_len: bytes 4-7 of the header */
	barrier();
	r->used += n;
	return true;
}

void vgd_recorder_event(struct vgd_recorder *r, vg_time now, uint16_t target, const struct vg_vrrp_event *ev)
{
	uint8_t b[VG_REC_EVENT_MAX];
	long n;

	if (!r)
		return;
	n = vg_rec_encode_event(b, sizeof(b), now, r->gen, target, ev);
	if (n > 0)
		append(r, b, (size_t)n);
}

void vgd_recorder_lvs(struct vgd_recorder *r, uint32_t gen, vg_time now, const struct vg_lvs_event *ev,
		      bool regex_matched, const uint8_t *md5)
{
	uint8_t b[VG_REC_LVS_MAX];
	long n;

	if (!r)
		return;
	r->lvs_gen = gen ? gen : r->gen;
	if (ev->kind == VG_LVS_EV_PROBE && r->pend && r->pend_now == now && r->pend_gen == r->lvs_gen) {
		n = vg_rec_encode_probe_more(b, sizeof(b), ev, regex_matched, md5);
		if (n > 0 && extend(r, b, (size_t)n))
			return;
	}
	n = vg_rec_encode_lvs(b, sizeof(b), now, r->lvs_gen, ev, regex_matched, md5);
	if (n > 0) {
		size_t at = append(r, b, (size_t)n);

		if (at != SIZE_MAX && ev->kind == VG_LVS_EV_PROBE) {
			r->pend = true;
			r->pend_at = at;
			r->pend_body = (uint32_t)((size_t)n - VG_REC_HDR_LEN);
			r->pend_gen = r->lvs_gen;
			r->pend_now = now;
		}
	}
}

void vgd_recorder_carry(struct vgd_recorder *r, uint32_t gen, vg_time now, uint64_t seed, uint32_t old_gen,
			uint32_t services, const uint32_t *svc_from, const uint16_t *checkers,
			const uint16_t *const *ck_from)
{
	size_t total = 0, len;
	uint8_t *b;
	long n;

	if (!r)
		return;
	for (uint32_t i = 0; i < services; i++)
		total += checkers[i];
	len = VG_REC_CARRY_SIZE(services, total);
	b = malloc(len);
	if (!b)
		return; /* out of memory: the replay starts this generation afresh */
	r->lvs_gen = gen ? gen : r->gen;
	n = vg_rec_encode_carry(b, len, now, r->lvs_gen, seed, old_gen, services, svc_from, checkers, ck_from);
	if (n > 0)
		append(r, b, (size_t)n);
	free(b);
}

uint32_t vgd_recorder_conf_once(struct vgd_recorder *r, const struct vg_conf *conf, vg_time now)
{
	if (!r)
		return 0;
	if (r->gen && conf == r->last_conf)
		return r->gen;
	return vgd_recorder_conf(r, conf, now);
}

void vgd_recorder_reload(struct vgd_recorder *r, vg_time now, uint32_t gen)
{
	uint8_t b[VG_REC_HDR_LEN + 4];
	long n;

	if (!r)
		return;
	r->gen = gen;
	n = vg_rec_encode_reload(b, sizeof(b), now, gen);
	if (n > 0)
		append(r, b, (size_t)n);
}

/* Read a whole file into a malloc'd buffer; an unreadable one is recorded empty. */
static uint8_t *slurp(const char *path, uint32_t *len)
{
	size_t cap = 4096, n = 0;
	uint8_t *b = malloc(cap);
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*len = 0;
	if (!b || fd < 0) {
		if (fd >= 0)
			close(fd);
		return b;
	}
	for (;;) {
		ssize_t got;

		if (n == cap) {
			uint8_t *m = cap < VG_REC_BODY_MAX ? realloc(b, cap * 2) : NULL;

			if (!m)
				break;
			b = m;
			cap *= 2;
		}
		got = read(fd, b + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	*len = (uint32_t)n;
	return b;
}

/*
 * The CONF record of files f[0..n-1] into a malloc'd *out: DEFLATED (its
 * files zlib-compressed, format 4), or plain when compressing does not
 * make it smaller or fails. The record's length, or -1.
 */
static long conf_record(uint8_t **out, vg_time now, uint32_t gen, const char *id, const struct vg_rec_file *f,
			uint16_t n)
{
	size_t id_len = strlen(id), raw_cap = vg_rec_conf_files_size(f, n), len;
	uLongf z_len = compressBound((uLong)raw_cap);
	uint8_t *raw = malloc(raw_cap ? raw_cap : 1), *z = malloc(z_len), *rec = NULL;
	long raw_len = raw ? vg_rec_encode_conf_files(raw, raw_cap, f, n) : -1, got = -1;

	if (raw_len > 0 && z && compress2(z, &z_len, raw, (uLong)raw_len, Z_DEFAULT_COMPRESSION) == Z_OK &&
	    z_len < (uLongf)raw_len) {
		len = VG_REC_HDR_LEN + 4 + 2 + id_len + 2 + 4 + z_len;
		rec = malloc(len);
		got = rec ? vg_rec_encode_conf_deflated(rec, len, now, gen, id, id_len, n, (uint32_t)raw_len, z,
							z_len) : -1;
	}
	free(raw);
	free(z);
	if (got <= 0) { /* plain */
		free(rec);
		len = vg_rec_conf_size(id_len, f, n);
		rec = malloc(len);
		got = rec ? vg_rec_encode_conf(rec, len, now, gen, id, id_len, f, n) : -1;
	}
	if (got <= 0) {
		free(rec);
		return -1;
	}
	*out = rec;
	return got;
}

/* Forget configurations no event in the ring runs under. */
static void prune(struct vgd_recorder *r)
{
	uint32_t need = oldest_gen(r), i, k = 0;

	for (i = 0; i < r->conf_count; i++) {
		if (r->conf[i].gen >= need) {
			r->conf[k++] = r->conf[i];
		} else {
			uint8_t *gone = r->conf[i].rec;

			r->conf[i].rec = NULL;
			barrier();
			free(gone);
		}
	}
	r->conf_count = k;
}

uint32_t vgd_recorder_conf(struct vgd_recorder *r, const struct vg_conf *conf, vg_time now)
{
	struct vg_rec_file f[256];
	uint8_t *data[256];
	uint16_t n = 0, i;
	uint32_t gen;
	uint8_t *rec;
	long got;

	if (!r)
		return 0;
	gen = r->next_gen++;
	r->gen = gen;
	r->last_conf = conf;
	for (i = 0; i < conf->files.count && n < 256; i++) {
		const char *p = conf->files.items[i];
		size_t pl = strlen(p);

		if (pl > UINT16_MAX || !pl)
			continue;
		data[n] = slurp(p, &f[n].len);
		f[n] = (struct vg_rec_file){ p, (uint16_t)pl, data[n], f[n].len };
		n++;
	}
	if (!n) { /* a tree without its file list: the main path, read again */
		data[0] = slurp(conf->path, &f[0].len);
		f[0] = (struct vg_rec_file){ conf->path, (uint16_t)strlen(conf->path), data[0], f[0].len };
		n = 1;
	}
	got = conf_record(&rec, now, gen, r->config_id, f, n);
	for (i = 0; i < n; i++)
		free(data[i]);
	if (got <= 0)
		return 0;
	prune(r);
	if (r->conf_count == VGD_REC_GENS_MAX) { /* every kept one is still needed: the oldest goes */
		uint8_t *gone = r->conf[0].rec;

		memmove(&r->conf[0], &r->conf[1], sizeof(r->conf[0]) * (VGD_REC_GENS_MAX - 1));
		r->conf_count--;
		barrier();
		free(gone);
	}
	r->conf[r->conf_count] = (struct kept_conf){ gen, rec, (size_t)got };
	barrier();
	r->conf_count++;
	return gen;
}

/* ---- writing out: write(2) only ---- */

static int write_all(void *ctx, const void *bytes, size_t n)
{
	const uint8_t *p = bytes;
	int fd = *(const int *)ctx;

	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int vgd_recorder_emit(const struct vgd_recorder *r, const char *reason,
		      int (*sink)(void *ctx, const void *bytes, size_t n), void *ctx)
{
	uint8_t b[VG_REC_HDR_LEN + 8 + 2 + 256];
	size_t head, used, first;
	struct timespec ts;
	uint32_t need, i;
	long n;
	int rc;

	if (!r)
		return -EINVAL;
	head = r->head;
	used = r->used;
	barrier();
	used = ring_walk(r, head, used, &need);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	n = vg_rec_header_encode(b, sizeof(b));
	rc = sink(ctx, b, (size_t)n);
	n = vg_rec_encode_info(b, sizeof(b), (vg_time)ts.tv_sec * VG_S(1) + (vg_time)ts.tv_nsec, r->lost, reason,
			       reason ? strnlen(reason, 256) : 0);
	if (!rc)
		rc = sink(ctx, b, (size_t)n);
	for (i = 0; !rc && i < r->conf_count; i++)
		if (r->conf[i].rec && r->conf[i].gen >= need)
			rc = sink(ctx, r->conf[i].rec, r->conf[i].len);
	first = r->cap - head < used ? r->cap - head : used;
	if (!rc && first)
		rc = sink(ctx, r->ring + head, first);
	if (!rc && used > first)
		rc = sink(ctx, r->ring, used - first);
	return rc;
}

int vgd_recorder_write(const struct vgd_recorder *r, int fd, const char *reason)
{
	return vgd_recorder_emit(r, reason, write_all, &fd);
}

int vgd_recorder_save(const struct vgd_recorder *r, const char *path, const char *reason)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	int rc;

	if (fd < 0)
		return -errno;
	rc = vgd_recorder_write(r, fd, reason);
	if (close(fd) && !rc)
		rc = -errno;
	return rc;
}

void vgd_recorder_stats(const struct vgd_recorder *r, struct vgd_recorder_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (!r)
		return;
	st->ring_bytes = r->cap;
	st->used_bytes = r->used;
	st->events = r->events;
	st->lost = r->lost;
	st->gens_kept = r->conf_count;
	st->gen = r->gen;
}

/* ---- fatal signals ---- */

static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };

/* The process has one recorder on its way down; this is the backend, not core/. */
static struct {
	const struct vgd_recorder *r;
	char path[4096];
	char reason[64];
} g_fatal;

static void on_fatal(int sig)
{
	static const char digits[] = "0123456789";
	size_t k = strlen("fatal signal ");

	memcpy(g_fatal.reason, "fatal signal ", k);
	if (sig >= 10)
		g_fatal.reason[k++] = digits[(sig / 10) % 10];
	g_fatal.reason[k++] = digits[sig % 10];
	g_fatal.reason[k] = '\0';
	if (g_fatal.r)
		vgd_recorder_save(g_fatal.r, g_fatal.path, g_fatal.reason);
	raise(sig); /* SA_RESETHAND: the default action now, as without us */
}

void vgd_recorder_on_fatal(const struct vgd_recorder *r, const char *path)
{
	struct sigaction sa;
	size_t i, n = path ? strlen(path) : 0;

	memset(&sa, 0, sizeof(sa));
	if (!r || !n || n >= sizeof(g_fatal.path)) {
		g_fatal.r = NULL;
		sa.sa_handler = SIG_DFL;
	} else {
		memcpy(g_fatal.path, path, n + 1);
		g_fatal.r = r;
		sa.sa_handler = on_fatal;
		sa.sa_flags = (int)(SA_RESETHAND | SA_NODEFER);
	}
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		sigaction(fatal_signals[i], &sa, NULL);
}
