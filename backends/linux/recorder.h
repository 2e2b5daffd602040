/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: vigild's flight recorder: a bounded ring of every input the VRRP
 * driver gives the core, and the configurations they ran under.
 *
 * The VRRP driver hands each event to the recorder exactly as it hands it
 * to the core (the same `now`, the same plan interface ids), and each new
 * configuration generation (its files read again from disk right after
 * the parse, with the config id). Events are encoded (core/rec/record.h)
 * into a byte ring of a fixed size set by --record-size; when it is full
 * the oldest events go and are counted. Configurations are kept beside
 * the ring while an event of theirs is in it (at most VGD_REC_GENS_MAX).
 *
 * vgd_recorder_write() writes the whole recording (header, an INFO
 * record, the configurations, the events oldest first) with write(2)
 * only: it allocates nothing and takes no lock, so the fatal-signal
 * handler (vgd_recorder_on_fatal) can call it. `vigil replay FILE` reads
 * it (docs/recorder.md).
 */
#ifndef VGD_RECORDER_H
#define VGD_RECORDER_H

#include <stddef.h>
#include <stdint.h>

#include "base/time.h"
#include "conf/conf.h"
#include "lvs/node.h"
#include "vrrp/instance.h"

#define VGD_REC_DEFAULT_KIB 4096          /* --record-size default */
#define VGD_REC_DEFAULT_FILE "/tmp/vigild.rec"
#define VGD_REC_GENS_MAX 16               /* configurations kept beside the ring */
#define VGD_REC_SIGNAL_OFFSET 4           /* the write-out signal is SIGRTMIN + 4 */

struct vgd_recorder;

/*
 * A recorder with a ring of `ring_bytes` (at least one largest event);
 * config_id (-i, else the host name: @ID lines) is recorded with each
 * configuration. NULL: out of memory, or too small (0: recording off).
 */
struct vgd_recorder *vgd_recorder_new(size_t ring_bytes, const char *config_id);
void vgd_recorder_free(struct vgd_recorder *r);

/*
 * A new configuration generation starts being recorded: conf's files
 * (conf->files, main first) read again now. Returns its number (1, 2, ...)
 * or 0 when it could not be kept (out of memory: events go on being
 * recorded under the number the next generation would have had).
 */
uint32_t vgd_recorder_conf(struct vgd_recorder *r, const struct vg_conf *conf, vg_time now);

/* One input given to the core: target VG_REC_ROUTER (vg_router_input) or an instance index. */
void vgd_recorder_event(struct vgd_recorder *r, vg_time now, uint16_t target, const struct vg_vrrp_event *ev);

/*
 * One vg_lvs_node input the checker driver gives the core, under the
 * checker driver's generation `gen` (0: the current one); a PROBE's body
 * facts are the ones the driver computed (its regex verdict, its digest).
 */
void vgd_recorder_lvs(struct vgd_recorder *r, uint32_t gen, vg_time now, const struct vg_lvs_event *ev,
		      bool regex_matched, const uint8_t *md5);

/*
 * A reload's START of the checker driver's generation `gen`, carried over
 * from generation old_gen at `now` (vg_lvs_node_start_carry's seed and
 * pairing, core/lvs/carry.h); allocates (a reload, not a signal handler).
 */
void vgd_recorder_carry(struct vgd_recorder *r, uint32_t gen, vg_time now, uint64_t seed, uint32_t old_gen,
			uint32_t services, const uint32_t *svc_from, const uint16_t *checkers,
			const uint16_t *const *ck_from);

/*
 * vgd_recorder_conf unless `conf` is the tree recorded last (the VRRP and
 * the checker driver run the same one): its generation.
 */
uint32_t vgd_recorder_conf_once(struct vgd_recorder *r, const struct vg_conf *conf, vg_time now);

/* The driver switched to generation `gen` (after vgd_recorder_conf) at `now`. */
void vgd_recorder_reload(struct vgd_recorder *r, vg_time now, uint32_t gen);

/*
 * Write the recording to fd (a file, a pipe or a socket): write(2) only,
 * async-signal-safe. `reason` goes in its INFO record. 0 or -errno.
 */
int vgd_recorder_write(const struct vgd_recorder *r, int fd, const char *reason);

/*
 * The same bytes handed to sink(ctx, bytes, n) piece by piece (a control
 * socket's reply buffer: `vigil status --record FILE`); a non-zero return
 * of sink stops and is returned. Allocates nothing itself.
 */
int vgd_recorder_emit(const struct vgd_recorder *r, const char *reason,
		      int (*sink)(void *ctx, const void *bytes, size_t n), void *ctx);

/* The same into `path` (created 0600, replaced): open/write/close, async-signal-safe. 0 or -errno. */
int vgd_recorder_save(const struct vgd_recorder *r, const char *path, const char *reason);

/*
 * On SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGABRT (a failed assertion),
 * write the recording to `path`, then die of the signal as before. The
 * path is copied. One recorder per process; NULL uninstalls.
 */
void vgd_recorder_on_fatal(const struct vgd_recorder *r, const char *path);

/* What the ring holds and dropped (vigil status, tests). */
struct vgd_recorder_stats {
	size_t ring_bytes, used_bytes;
	uint64_t events, lost;     /* events in the ring; events dropped to make room */
	uint32_t gens_kept, gen;   /* configurations kept; the current generation */
};
void vgd_recorder_stats(const struct vgd_recorder *r, struct vgd_recorder_stats *st);

#endif
