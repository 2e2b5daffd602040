/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a flight recording (vigild --record-size, core/rec/record.h) run
 * through the simulator: `vigil replay`.
 *
 * The recording holds every input vigild gave its core and the files of
 * each configuration generation. The replay parses those files (through
 * a loader that serves them from the recording, so nothing on this host
 * is read), builds the node the same way (the core's node builder, in the
 * harness), and hands it each recorded input at its recorded time
 * (vg_sim_feed): packets with their metadata, timer expiries, links,
 * addresses, tracked objects, Startup, Shutdown; a recorded reload swaps
 * the generation through the core's diff (vg_sim_swap). Because the core
 * is a function of its inputs, the node makes the same transitions at the
 * same times; the harness's observers (a timeline, a pcap) see them.
 * The checker driver's inputs (LVS records) go to a vg_lvs_node built from
 * the same configuration by the same mapping (lvs/from_conf.h); its
 * real-server table edits come out through rp->lvs_line as the lines
 * vigild logs.
 *
 *   vg_replay_load(&rp, buf, len, &diags, err, n);   // decode and check every record, parse the configurations
 *   vg_replay_start(&rp, h, err, n);                  // node 0 of harness h runs the first event's generation
 *   vg_replay_run(&rp, h, err, n);                    // every event, in order
 *   vg_replay_free(&rp);
 */
#ifndef VG_SIM_REPLAY_H
#define VG_SIM_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"
#include "rec/record.h"
#include "sim/harness.h"

#define VG_REPLAY_GENS_MAX 64

struct vg_replay_gen {
	uint32_t gen;
	struct vg_rec rec;     /* its CONF record (points into the recording, or into raw) */
	uint8_t *raw;          /* a DEFLATED CONF's files, inflated (allocated), else NULL */
	struct vg_conf *conf;  /* parsed from the recorded files */
	struct vg_conf_loader loader;
	char config_id[256];
};

struct vg_replay {
	const uint8_t *buf;
	size_t len;
	size_t events_at;           /* offset of the first record after the header */
	uint64_t lost;              /* events the ring dropped before the first one kept */
	char reason[64];            /* why it was written (INFO) */
	vg_time written_at;
	struct vg_replay_gen gen[VG_REPLAY_GENS_MAX];
	uint32_t gen_count;
	uint64_t events;            /* EVENT records */
	uint64_t reloads;           /* RELOAD records */
	vg_time first, last;        /* times of the first and last event */
	uint32_t current;           /* index in gen[] of the generation running */
	bool started;               /* a Startup was fed in this generation (the reload diff asks) */
	uint64_t fed, dropped;      /* events fed; packets the core dropped */
	uint64_t lvs_records;       /* LVS records (the checker driver's vg_lvs_node inputs) */
	uint64_t lvs_fed;
	struct vg_replay_lvs *lvs;  /* the LVS node running, built at the first LVS record */
	struct vg_replay_lvs *lvs_next; /* a new generation's, before its START or CARRY */
	/* each real-server table edit, the line vigild logs (common/lvs_log.h), at the core's time */
	void (*lvs_line)(void *ctx, vg_time now, const char *line);
	/* every effect of the LVS node (START's and a carry's too), with its map (NULL: not asked) */
	void (*lvs_effect)(void *ctx, vg_time now, const struct vg_lvs_conf_map *map, const struct vg_action *a);
	void *lvs_ctx;
};

/*
 * Decode and check every record of the recording in buf (kept by the
 * caller), parse each configuration. -1 with a message in err ("offset
 * N: ..." naming the record's field, or a generation an event names that
 * the recording does not hold); parse diagnostics go to diags.
 */
int vg_replay_load(struct vg_replay *rp, const uint8_t *buf, size_t len, struct vg_diags *diags, char *err,
		   size_t errlen);

/* Add node 0 to h running the first event's generation, and start h. -1 with err. */
int vg_replay_start(struct vg_replay *rp, struct vg_harness *h, char *err, size_t errlen);

/* Feed every event in order. -1 with err when the recording contradicts itself (time backwards). */
int vg_replay_run(struct vg_replay *rp, struct vg_harness *h, char *err, size_t errlen);

void vg_replay_free(struct vg_replay *rp);

#endif
