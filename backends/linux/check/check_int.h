/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the checker driver's private structures (check_driver.c, check_ops.c).
 */
#ifndef VGC_CHECK_INT_H
#define VGC_CHECK_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

#include "check_driver.h"
#include "check_lat.h"
#include "check_tls.h"
#include "metrics/expo.h"
#include "metrics/metrics.h"
#include "lvs/from_conf.h"
#include "lvs/node.h"
#include "probe.h"
#include "script/cmd.h"
#include "share.h"
#include "syn.h"

#define CHK_NONE UINT32_MAX
#define CHK_CHILDREN_MAX 256

/* One distinct probe (shared by every checker whose key is equal). */
struct chk_target {                   /* 56 bytes, one per distinct probe (its ops: vgc_probe_ops_for(opts.type)) */
	struct chk_probe *inflight;
	struct vgc_probe_opts opts;
	uint16_t service, checker;    /* the first checker using it */
	uint32_t params;              /* its parameters and the type's key bytes: the generation's
					 params[params - 1]; 0: none (TCP_CHECK: the key is the common
					 options alone, made again when compared: check_carry.c) */
};

/*
 * What a type's prepare made of a target: its parameters and the bytes it
 * appended to the sharing key (after the common options, which are made
 * again from the target's opts when a reload compares keys). A type whose
 * parameters hold nothing of the destination (ops.params_shared: HTTP_GET,
 * SSL_GET) has equal ones kept once, for every real server.
 */
struct chk_params {
	void *p;                      /* NULL: the type built none */
	uint32_t key_off;             /* the generation's bytes + key_off */
	uint16_t key_len;             /* CHK_KEY_NONE: the key overflowed: its target equals no other */
	uint8_t type;                 /* enum vg_lvs_check_type (params_free) */
};
#define CHK_KEY_NONE UINT16_MAX
_Static_assert(VGC_KEY_MAX < CHK_KEY_NONE, "a key's length fits chk_params.key_len");

/* The parameters target t's probes run with (NULL: none). */
#define chk_target_params(g, t) ((t)->params ? (g)->params[(t)->params - 1].p : NULL)

/*
 * Per real server: what `vigil status` and the dump show of its checks
 * (vgd_check_rs_status() adds the names and the table's view).
 */
struct chk_rs {                       /* 24 bytes; its service and place: chk_rs_where(); the last
					 failure's reason: chk_rs_why_of() */
	vg_time last_result_ns;       /* when (loop clock, monotonic) */
	vg_time since_ns;             /* alive / dead since (start, or the last change) */
	uint32_t last_latency_us;     /* of the last probe, start to result (at most connect_timeout; saturated) */
	uint8_t last_type;            /* enum vg_lvs_check_type of its last result */
	uint8_t last_outcome;         /* enum vg_lvs_probe_outcome of its last result */
	uint8_t checkers;             /* checkers of this server (run by vigild or not; 255: 255 or more) */
	bool last_ok : 1;             /* the last result counted as a success */
	bool has_result : 1;          /* a probe has finished */
	unsigned smtp_alert : 2;      /* its real_server's smtp_alert (enum vg_conf_tri): the tree's goes */
};

/* Per checker (20 bytes): its request, and its results by outcome (metrics). Its probe in flight is
   its target's (check_driver.c waited_probe). */
struct chk_ck {
	bool pending;                 /* a request waits in the queue: the core checker's seq names it */
	uint8_t log_all_failures;     /* the checker's (enum vg_conf_tri): the tree's goes (vg_conf_drop_lvs) */
	uint8_t dur;                  /* its virtual server's latency histogram for its type: g->dur[service][dur] */
	/* results per outcome (enum vgd_check_outcome). 32 bits: 13 years to wrap at ten results a
	   second, and Prometheus reads a counter that wraps as a reset */
	uint32_t results[VGD_CHECK__OUTCOMES];
};

/*
 * Per virtual server and checker type: the latency histogram of its checks
 * (vgd_check_latency_bounds, seconds; the last count is past the bounds).
 * One per (virtual server, type), not per checker: 13 buckets for each of
 * 10,000 checkers were 52 bytes a server and 130,000 series to scrape.
 */
struct chk_dur {
	uint64_t sum_ns;
	uint32_t count[VGD_CHECK_LATENCY_BUCKETS + 1];
	uint8_t type;                 /* enum vg_lvs_check_type */
};

struct chk_req {
	uint16_t service, checker;
	uint32_t seq;
	uint8_t url;
	vg_time asked_ns;
	vg_time deadline_ns;
};

struct chk_waiter {
	uint16_t service, checker;
	uint32_t seq;
};

struct chk_probe;
struct chk_slot {                     /* epoll data of one descriptor */
	struct chk_probe *p;          /* NULL: the tracked files' descriptor */
	int i;
};

struct chk_gen;

struct chk_why {                      /* a failing server's reason (why NULL: the slot is free) */
	uint32_t rs;                  /* its status record */
	char *why;
};

struct chk_probe {
	struct vgc_probe p;           /* first: the types see this */
	struct chk_gen *gen;
	uint32_t target;
	struct chk_waiter *w;         /* &w1, or an allocation once a second checker joins (chk_waiters_free) */
	uint32_t nw, capw;
	struct chk_waiter w1;         /* the first waiter: most probes have one, and no allocation then */
	size_t heap_idx;
	vg_time done_ns;
	struct vgc_probe_outcome out;
	struct chk_slot slot[VGC_PROBE_FDS_MAX];
	bool start_failed;            /* its start failed: the outcome is an error (metrics) */
	uint32_t forks;               /* chk_fork_count() when it started (engine.c: closing unregisters) */
	struct chk_probe *next_done;  /* finished, waiting for delivery */
	struct chk_probe *next;       /* graveyard */
};

/* One configuration's checkers. */
struct chk_gen {
	const struct vg_conf *conf;
	struct vgd_lvs_map *shared;        /* one reference; the LVS driver's map of conf (lvs_map.h) */
	const struct vg_lvs_conf_map *map; /* &shared->map */
	struct vg_lvs_service *svc;
	struct vg_lvs_node node;
	struct vg_action *acts_v;     /* mmap'd (chk_acts_release) */
	size_t acts_cap, acts_bytes;
	struct vg_actions acts;
	struct chk_target *targets;
	uint32_t ntargets, cap_targets;
	struct chk_params *params;    /* the targets' parameters (chk_target.params) */
	uint32_t nparams, cap_params;
	uint8_t *bytes;               /* byte pool: the type's part of the targets' sharing keys, the url paths */
	size_t bytes_len, bytes_cap;
	uint32_t shared_targets;      /* (checker, url)s that reuse another's target */
	struct vgc_probe_bind **binds; /* the targets' bind records (opts.bind), each its own allocation */
	uint32_t nbinds, cap_binds;
	uint32_t **tgt;               /* per service: checker_count + url_count target indexes */
	struct chk_ck **ck;           /* per service: per checker */
	struct chk_dur **dur;         /* per service: one per checker type it has (chk_ck.dur) */
	uint8_t *ndur;                /* per service: how many */
	struct chk_rs *stat;          /* per real server */
	struct chk_why *why;          /* the reasons of the failing ones (gen.c chk_rs_why) */
	uint32_t why_cap, why_n;
	uint32_t *stat_first;
	uint32_t nrs;
	char (*vsname)[80];
	struct vgl_cmd_env env;
	struct vgl_cmd **scripts;     /* every prepared script, to free */
	uint32_t nscripts, cap_scripts;
	struct vgl_cmd ***rs_up, ***rs_down; /* per service (NULL: none of its servers has one), per real server */
	/* each url's path (url_off[svc] + the checker's url_first + u), copied: the tree's real_server
	   blocks go once the drivers have planned (vg_conf_drop_lvs); NULL entries: "/" */
	uint32_t *url_off;
	uint32_t *url_path;           /* offset + 1 in bytes (each distinct path once), 0: none ("/") */
	uint32_t nurl;
	struct vgl_cmd **q_up, **q_down;
	int fifo[2];                  /* lvs_notify_fifo, notify_fifo */
	uint64_t fifo_dropped;
	bool *dirty;
	uint32_t *dirty_list;
	uint32_t ndirty;
	bool starting;                /* handling START: no per-server log lines */
	struct vgc_tls *tls;
	bool tls_tried;
	struct vgc_files *files;      /* FILE_CHECK's tracked files (check_files.c), NULL: none */
	struct vgc_check *owner;      /* the driver (set when its files are opened) */
	bool prestarted;              /* a reload started it on the old one's state (check_carry.c) */
	uint32_t carried;             /* checkers carried over by that reload */
	uint32_t rec_gen;             /* the flight recorder's number for it (0: none yet) */
	/* that reload's carry, for the flight recorder at commit (check_carry.c): */
	uint32_t *carry_svc_from;     /* per new service: the old one, or VG_LVS_CARRY_NO_SVC */
	uint16_t **carry_ck_from;     /* per new service: its checkers' pairing (NULL: none) */
	uint16_t *carry_checkers;     /* per new service: its checker count */
	uint64_t carry_seed;
	vg_time carry_now;
};

struct vgc_check {
	const struct vgd_opts *o;
	struct chk_gen *gen, *next;
	struct vgl_loop *loop;
	int epfd;
	bool started, stopping, not_applied_logged;
	struct vgd_recorder *rec;  /* the flight recorder (recorder.h), NULL: off */
	vg_time last_now;
	struct vgd_lvs_hooks lvs;
	struct vgd_lvs_map_source map_src; /* the LVS driver's maps (get NULL: build our own) */
	struct vgd_check_mail_hook mail; /* checker e-mail alerts (check_mail.c), checker NULL: none */
	/* probes */
	struct chk_probe **heap;
	size_t nheap, cap_heap;
	struct chk_req *req;          /* ring of requests waiting to start */
	size_t req_head, nreq, cap_req;
	struct chk_probe *done_head, *done_tail;
	struct chk_probe *graveyard;
	struct chk_probe *spare;      /* freed probes kept for reuse (engine.c: chk_probe_new) */
	uint32_t nspare;
	uint32_t probe_ids;
	/* notify scripts */
	pid_t children[CHK_CHILDREN_MAX];
	uint32_t nchildren;
	uint64_t children_lost;
	uint64_t effects_unhandled;
	struct vgd_check_counters n;
	struct chk_slot files_slot;   /* epoll data of the tracked files' descriptor (p NULL) */
	struct vgc_syn *syn;          /* --check-tcp=syn: the shared raw sockets (syn.h), NULL: none (yet) */
	bool syn_tried;               /* created once, or failed once */
	struct chk_lat edit_lat;      /* failing verdict (the core's) -> its table edit returned */
	struct chk_lat wake_lat;      /* the wake-up that saw the failure -> its table edit returned */
	struct chk_lat svc_lat;       /* one service's edit: rebuild, diff, send, the kernel's answer */
	uint64_t dest_acts;           /* DEST_ADD/EDIT/DEL effects carried out */
	uint32_t lat_pending;         /* failing verdicts of this drain that changed the table */
	vg_time lat_t[64];            /* their verdict times (the rest: the last slot's) */
	bool hold_flush;              /* delivering a batch: one table edit per service at its end */
};

/* check_report.c: the driver's dump op (SIGUSR1) */
void chk_dump(void *self, FILE *f);

/* gen.c */
struct chk_gen *chk_gen_new(const struct vg_conf *conf, const struct vgd_lvs_map_source *src, struct vg_diags *dg);
void chk_gen_free(struct chk_gen *g);
uint32_t chk_tgt_slot(const struct vg_lvs_service_config *cfg, uint16_t ck, uint8_t url);
struct chk_rs *chk_rs_stat(struct chk_gen *g, uint32_t svc, uint16_t rs);
/* The service and real server of status record i (< g->nrs). */
void chk_rs_where(const struct chk_gen *g, uint32_t i, uint32_t *svc, uint16_t *rs);
/* Real server rs of service svc as keepalived names it ("[192.0.2.10]:tcp:80"), in buf. */
const char *chk_rs_name(const struct chk_gen *g, uint32_t svc, uint16_t rs, char *buf, size_t n);
#define CHK_RS_NAME_MAX 64
/* Set / clear the last failure's reason. */
void chk_rs_why(struct chk_gen *g, uint32_t i, const char *why);
/* Status record i's last failure's reason, NULL: none. */
const char *chk_rs_why_of(const struct chk_gen *g, uint32_t i);
void chk_fmt_trio(char *buf, size_t n, const struct vg_addr *a, uint8_t proto, uint16_t port);
void chk_acts_release(struct chk_gen *g, size_t used);
void chk_script_run(struct vgc_check *c, struct vgl_cmd *cmd);
void chk_fifo_line(struct chk_gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* check_driver.c */
/*
 * Is the queued request (svc, ck, seq) still to be started: its checker's
 * request is pending and the core's checker still waits for that seq (not
 * aborted, not superseded by a newer probe)?
 */
bool chk_req_wanted(const struct chk_gen *g, uint16_t svc, uint16_t ck, uint32_t seq);
void chk_node_input(struct vgc_check *c, struct chk_gen *g, vg_time now, const struct vg_lvs_event *ev);
/* The half-open TCP_CHECK's sockets in the event loop (syn.h's watch / unwatch). */
int chk_syn_watch(void *ctx, int fd, bool v6);
void chk_syn_unwatch(void *ctx, int fd);

/* check_files.c: FILE_CHECK */
struct vgc_files;
bool chk_type_run(uint8_t type);  /* a type vigild runs (a probe, or FILE_CHECK) */
void chk_files_open(struct vgc_check *c, struct chk_gen *g, vg_time now);
void chk_files_ready(struct vgc_check *c, vg_time now);

/* check_mail.c: checker e-mail alerts (a verdict reported UP or DOWN, a quorum change) */
void chk_mail_verdict(struct vgc_check *c, struct chk_gen *g, uint16_t s, uint16_t ck, bool up, bool was_up,
		      bool rs_was_alive, uint8_t outcome, const char *why, vg_time now);
void chk_mail_quorum(struct vgc_check *c, struct chk_gen *g, uint16_t s, bool up, vg_time now);

/* check_fifo_script.c: lvs_notify_fifo_script, started for lvs_notify_fifo `fd` at `path` */
void chk_fifo_script_start(struct chk_gen *g, int fd, const char *path);
void chk_reap_extra(vg_time now); /* on SIGCHLD: MISC stragglers and FIFO readers */

/* check_log.c: keepalived's log lines; chk_log_result returns 1 / -1 when it reports UP / DOWN, else 0 */
int chk_log_result(struct chk_gen *g, uint16_t s, uint16_t ck, const struct vg_lvs_checker *before_c,
		   bool was_up, bool had_run, bool ok, uint8_t outcome, const char *why);
void chk_log_url_pass(struct chk_gen *g, uint16_t s, uint16_t ck, uint8_t u);

/* check_carry.c: a reload carries unchanged checkers over */
void chk_carry_record(struct vgc_check *c, struct chk_gen *old, struct chk_gen *g);
void chk_carry_free(struct chk_gen *g);
void chk_carry_prestart(struct vgc_check *c, struct chk_gen *old, struct chk_gen *next);

/* check_report.c: status and metrics ops */
struct vgd_status;
struct vgd_expo;
void chk_count_result(struct chk_ck *k, struct chk_dur *l, bool ok, uint8_t outcome, bool error, vg_time latency);
void chk_status(void *self, struct vgd_status *st);
void chk_metrics(void *self, struct vgd_expo *w);

/* engine.c */
int chk_heap_push(struct vgc_check *c, struct chk_probe *p);
void chk_heap_remove(struct vgc_check *c, struct chk_probe *p);
void chk_probe_close(struct vgc_check *c, struct chk_probe *p);
void chk_graveyard_free(struct vgc_check *c);
/* Free a probe's waiter list if it was allocated (more than one waiter). */
static inline void chk_waiters_free(struct chk_probe *p)
{
	if (p->w != &p->w1)
		free(p->w);
	p->w = NULL;
	p->nw = p->capw = 0;
}
/* A zeroed probe with state_size bytes of state after it (a spare one when it fits). NULL: no memory. */
struct chk_probe *chk_probe_new(struct vgc_check *c, size_t state_size);
void chk_spares_free(struct vgc_check *c);
void chk_fork_watch(void);         /* count fork()s from now on (once per process) */
uint32_t chk_fork_count(void);
void chk_engine_reset(struct vgc_check *c);

#endif
