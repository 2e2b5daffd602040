/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: health-checker state machines (keepalived semantics).
 *
 * One `struct vg_lvs_checker` per configured checker of a real server.
 * The checker never does I/O: when its timer is due it emits a PROBE
 * effect ("TCP connect to RS 3 within 5 s", "HTTP GET url 1 of checker 7"),
 * the backend performs it and hands the outcome back as a
 * `vg_lvs_probe_result`; if no result arrives within connect_timeout the
 * checker gives up itself (PROBE_ABORT) and counts a failure.
 *
 * Timing, from keepalived.conf(5) "Virtual server(s)" and keepalived's
 * check_api.c / check_tcp.c / check_http.c:
 *   - first probe at start + 1 s (BOOTSTRAP_DELAY) + warmup * r, r in [0, 1)
 *     supplied by the caller; warmup defaults to delay_loop, 0 disables it;
 *   - a success, or a failure once `retry` retries are used up, schedules
 *     the next probe delay_loop later (default 60 s); a failure with
 *     retries left schedules it delay_before_retry later (default 1 s,
 *     3 s for HTTP_GET / SSL_GET, delay_loop for DNS_CHECK);
 *   - so an up server is marked down by the (retry + 1)-th consecutive
 *     failure (retry default 1: 3 for DNS_CHECK, 0 for MISC_CHECK), and a
 *     down server is marked up by one success;
 *   - alpha: the checker starts down (the server is not in the pool until a
 *     success); without alpha it starts up and the first failure after
 *     retries takes it down.
 * HTTP_GET / SSL_GET check each url in turn, one probe per delay_loop (no
 * delay with fast_recovery while down); a url passes when the response has
 * data, its status is in status_code (default 200-299) and, if `digest` is
 * set, the MD5 of the body matches. MD5 is not in core: the caller passes
 * a `vg_lvs_md5` the backend fills (OpenSSL in production, a fake in
 * tests). A url with `regex` also needs the body to match (or, with
 * regex_no_match, not to match); the match comes from a `vg_lvs_regex`
 * the backend puts in the probe result, like the MD5.
 * TCP_CHECK, SMTP_CHECK, DNS_CHECK, UDP_CHECK and PING_CHECK use TCP_CHECK's
 * retry logic (tcp_epilog); the protocol work is the backend's.
 *
 * MISC_CHECK (keepalived.conf(5) "MISC healthchecker", keepalived 2.2.7
 * check_misc.c): the backend runs misc_path and reports how it ended
 * (VG_LVS_PROBE_EXIT with the exit status; killed: FAILED; killed after
 * misc_timeout, default the virtual server's delay_loop: TIMEOUT). Exit 0
 * passes; with misc_dynamic an exit status 2..255 also passes and sets
 * the checker's weight contribution to (status - 2 - the real server's
 * configured weight), so one dynamic checker alone makes the server's
 * weight status - 2; exit 0 takes the contribution back to 0. Anything
 * else fails (retry default 0). The contribution changes only when the
 * status differs from the last one; a failure that takes the server down
 * drops it. Failures while down do not count retries, and the next run is
 * timed from when the script started (delay_loop, or delay_before_retry
 * while retrying), as keepalived does.
 *
 * FILE_CHECK (keepalived.conf(5) "Track files" and "File checker",
 * track_file.c): no probe and no timer; the backend reads the tracked file
 * and hands its value in (vg_lvs_checker_handle_file). The status is
 * value * weight (times -1 with `reverse`), saturated to 32 bits; with
 * weight 0 a non-zero value (a zero one with reverse) is a fault. A status
 * of -2147483648 (or less, saturated) is a fault: the checker is down.
 * Otherwise it is the checker's contribution to the server's weight.
 * The value read before START sets the initial state without effects
 * (keepalived's set_track_file_checkers_down / set_track_file_weights);
 * alpha does not apply.
 *
 * BFD_CHECK (keepalived.conf(5) "BFD instance name to check", keepalived
 * 2.2.7 check_bfd.c bfd_check_handle_event): no probe and no timer; the
 * backend hands in every Up / Down of the named bfd_instance's session
 * (vg_lvs_checker_handle_bfd). The checker starts up (down with alpha) and
 * has not run; a state equal to the checker's once it has run is ignored,
 * anything else reports it (the first report confirms or changes the
 * initial state, as a first probe result does).
 */
#ifndef VG_LVS_CHECKER_H
#define VG_LVS_CHECKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/action.h"
#include "base/time.h"
#include "lvs/sched.h" /* VG_LVS_EINVAL */

#define VG_LVS_HTTP_STATUS_MIN 100
#define VG_LVS_HTTP_STATUS_MAX 599
#define VG_LVS_STATUS_WORDS 8          /* 64-bit words for codes 100..599 */
#define VG_LVS_URLS_PER_CHECKER_MAX 32
#define VG_LVS_BOOTSTRAP_DELAY_NS VG_S(1)

enum vg_lvs_check_type {
	VG_LVS_CHECK_TCP = 0,
	VG_LVS_CHECK_HTTP,   /* HTTP_GET */
	VG_LVS_CHECK_SSL,    /* SSL_GET */
	VG_LVS_CHECK_SMTP,
	VG_LVS_CHECK_DNS,
	VG_LVS_CHECK_UDP,
	VG_LVS_CHECK_PING,
	VG_LVS_CHECK_MISC,
	VG_LVS_CHECK_FILE,   /* FILE_CHECK: no probe, a tracked file's value */
	VG_LVS_CHECK_BFD,    /* BFD_CHECK: no probe, a bfd_instance session's state */
	VG_LVS_CHECK__COUNT
};

const char *vg_lvs_check_type_name(enum vg_lvs_check_type t); /* "TCP_CHECK", "HTTP_GET", ... */

/* One url of an HTTP_GET / SSL_GET checker (path and virtualhost stay in the config tree). */
struct vg_lvs_url {
	uint64_t status[VG_LVS_STATUS_WORDS]; /* bit (code - 100): accepted status codes */
	bool has_digest;
	uint8_t digest[16];                   /* expected MD5 of the body */
	bool has_regex;                       /* `regex` given: the body must match it (pattern in the tree) */
	bool regex_no_match;                  /* `regex_no_match`: the url passes when the body does NOT match */
};

/* Accept 200-299 (keepalived's default when status_code is absent). */
void vg_lvs_status_default(uint64_t status[VG_LVS_STATUS_WORDS]);
/*
 * Parse "200-299,401" or "200-299 401 503" (commas or blanks) into a code set.
 * Returns 0, or VG_LVS_EINVAL for a code outside 100..599, min > max, or junk.
 */
int vg_lvs_status_parse(const char *text, uint64_t status[VG_LVS_STATUS_WORDS]);
bool vg_lvs_status_has(const uint64_t status[VG_LVS_STATUS_WORDS], unsigned code);
/* Parse 32 hex digits into 16 bytes; 0 or VG_LVS_EINVAL. */
int vg_lvs_digest_parse(const char *hex, uint8_t out[16]);

/*
 * A checker's times. A configuration's checkers of one type with the same
 * times point at one copy (core/lvs/from_conf.c): 32 bytes a checker were
 * most of its configuration, and nearly every checker of a virtual server
 * has its delay_loop, connect_timeout, delay_before_retry and warmup.
 */
struct vg_lvs_timing {
	vg_time delay_loop_ns;
	vg_time connect_timeout_ns;
	vg_time delay_before_retry_ns;
	vg_time warmup_ns;
};

static inline bool vg_lvs_timing_eq(const struct vg_lvs_timing *a, const struct vg_lvs_timing *b)
{
	return a->delay_loop_ns == b->delay_loop_ns && a->connect_timeout_ns == b->connect_timeout_ns &&
	       a->delay_before_retry_ns == b->delay_before_retry_ns && a->warmup_ns == b->warmup_ns;
}

struct vg_lvs_checker_config {   /* (fields by size: 24 bytes, one per checker) */
	struct vg_lvs_timing *tm;       /* its times, maybe shared (the map's): never NULL */
	uint16_t retry;                 /* at most VG_LVS_RETRY_MAX */
	uint16_t rs;                    /* real server index in the service */
	uint8_t type;                   /* enum vg_lvs_check_type */
	bool alpha : 1;
	bool fast_recovery : 1;         /* HTTP_GET / SSL_GET */
	bool misc_dynamic : 1;          /* MISC_CHECK: exit 2..255 passes and sets the weight */
	bool file_reverse : 1;          /* FILE_CHECK: weight ... reverse */
	uint8_t url_count;              /* HTTP_GET / SSL_GET; 0 for the other types */
	union {                         /* an index, by type (read it only for its type): */
		uint16_t url_first;     /* HTTP_GET / SSL_GET: in vg_lvs_service_config.url */
		uint16_t track_file;    /* FILE_CHECK: of the track_file in the configuration */
		uint16_t bfd;           /* BFD_CHECK: of the bfd_instance in the configuration */
	};
	int32_t file_weight;            /* FILE_CHECK: multiplier (0: a non-zero value is a fault) */
};

#define VG_LVS_FILE_FAULT INT32_MIN    /* a FILE_CHECK status that takes the server down */
#define VG_LVS_MISC_EXIT_NONE 256u     /* last exit status before any, or a signal */

/* A FILE_CHECK's status for a value read from its file (see the DOC above). */
int32_t vg_lvs_file_status(const struct vg_lvs_checker_config *cfg, int64_t value);

/* keepalived's defaults for a checker type (delay_loop 60 s unless given): in cfg, its times in tm (cfg->tm = tm). */
void vg_lvs_checker_config_defaults(struct vg_lvs_checker_config *cfg, struct vg_lvs_timing *tm,
				    enum vg_lvs_check_type type, vg_time delay_loop_ns);

/* The MD5 the backend provides (core has no crypto). */
struct vg_lvs_md5 {
	void *ctx;
	void (*digest)(void *ctx, const uint8_t *data, size_t len, uint8_t out[16]);
};

/*
 * The url `regex` matcher the backend provides (core has no regex engine):
 * does the body match the pattern of url `url` of checker `checker` of
 * service `service`? The backend compiles the patterns it finds in the
 * configuration tree (keepalived uses PCRE2; the simulator POSIX EREs).
 */
struct vg_lvs_regex {
	void *ctx;
	bool (*match)(void *ctx, uint16_t service, uint16_t checker, uint8_t url, const uint8_t *body,
		      size_t len);
};

enum vg_lvs_probe_outcome {
	VG_LVS_PROBE_OK,        /* connected / answered (non-HTTP) */
	VG_LVS_PROBE_FAILED,    /* refused, reset, unreachable, bad answer */
	VG_LVS_PROBE_TIMEOUT,   /* the backend timed out first (same as failed) */
	VG_LVS_PROBE_HTTP,      /* HTTP response: .http_status and .body */
	VG_LVS_PROBE_EXIT,      /* MISC_CHECK: the script exited with .exit_status */
};

struct vg_lvs_probe_result {
	uint16_t checker;
	uint32_t seq;           /* from the PROBE effect */
	uint8_t outcome;        /* enum vg_lvs_probe_outcome */
	uint16_t http_status;
	uint8_t exit_status;    /* VG_LVS_PROBE_EXIT: 0..255 */
	bool no_data;           /* the connection closed before any header */
	const uint8_t *body;    /* the body (bounded by Content-Length), for the digest */
	size_t body_len;
	const struct vg_lvs_regex *regex; /* for urls with a regex; NULL: such a url fails */
};

/* What a checker event means for its real server (the parent applies it). */
enum vg_lvs_report {
	VG_LVS_REPORT_NONE = 0,
	VG_LVS_REPORT_UP,       /* update_svr_checker_state(UP) */
	VG_LVS_REPORT_DOWN,     /* update_svr_checker_state(DOWN) */
};

struct vg_lvs_verdict {
	uint8_t report;         /* enum vg_lvs_report */
	bool first;             /* the checker had not run before this report */
	int64_t weight_delta;   /* change of the checker's weight contribution (misc_dynamic,
				   FILE_CHECK): applied before an UP report, after a DOWN one */
};

#define VG_LVS_RETRY_MAX 65534u /* a checker's retry: its count fits 16 bits (from_conf.c warns above it) */

/*
 * One checker's state (40 bytes, one per checker). Its configuration is not
 * kept here: the caller passes it (its service's cfg->checker[id]) to every
 * call. The results are counted by the backend (check/check_report.c, the
 * simulator's servers).
 */
struct vg_lvs_checker {
	vg_time next_ns;        /* next probe, or the in-flight probe's deadline */
	union {                 /* (the time is checked to go forward by the service: service.c) */
		vg_time probe_start_ns; /* a probing type: when the probe in flight started (MISC_CHECK times from it) */
		int64_t file_value;     /* FILE_CHECK (never probes): last value read */
	};
	uint32_t seq;           /* of the probe in flight / last sent */
	int32_t rs_weight;      /* the real server's configured weight (set by the parent) */
	int32_t cur_weight;     /* this checker's part of the server's effective weight */
	uint16_t retry_it;      /* up to retry + 1: retry is at most VG_LVS_RETRY_MAX */
	uint16_t id;
	uint16_t service;
	union {                 /* by type: */
		struct {        /* HTTP_GET / SSL_GET */
			int16_t failed_url; /* url that took the server down, -1 = none */
			uint8_t url_it;     /* url being checked */
		};
		uint16_t last_exit; /* MISC_CHECK: last exit status, VG_LVS_MISC_EXIT_NONE if none */
	};
	bool enabled : 1;       /* false while ha_suspend holds it */
	bool is_up : 1;
	bool has_run : 1;
	bool in_flight : 1;
};

/* cfg: the checker's configuration, the same at every call below (it is not stored). */
void vg_lvs_checker_init(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg, uint16_t id,
			 uint16_t service);
/* Arm the first probe: now + 1 s + warmup * rand / 2^32. */
void vg_lvs_checker_start(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg, vg_time now,
			  uint32_t rand);
vg_time vg_lvs_checker_next_deadline(const struct vg_lvs_checker *c);

/* Start a due probe, or give up on one past its deadline (a failure). */
struct vg_lvs_verdict vg_lvs_checker_handle_expiry(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg,
						   vg_time now, struct vg_actions *out);
/*
 * FILE_CHECK: the tracked file holds `value`. Before the checker starts
 * (vg_lvs_checker_start) it only sets the initial state and weight; the
 * caller accounts for them. Other checker types: no effect.
 */
struct vg_lvs_verdict vg_lvs_checker_handle_file(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg,
						 vg_time now, int64_t value);
/* BFD_CHECK: its session is Up (up) or not, at `now`. Other checker types: no effect. */
struct vg_lvs_verdict vg_lvs_checker_handle_bfd(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg,
						vg_time now, bool up);
/* Would that state be reported (keepalived logs "BFD check of [...] RS(...) is UP/DOWN" for it)? */
bool vg_lvs_checker_bfd_reports(const struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg, bool up);
/*
 * A probe's outcome. Stale results (of a probe no longer in flight) are ignored. urls: the
 * checker's cfg->url_count urls (its service's url + cfg->url_first; HTTP_GET / SSL_GET), held
 * by the service config rather than by each checker.
 */
struct vg_lvs_verdict vg_lvs_checker_handle_result(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg,
						   vg_time now, const struct vg_lvs_probe_result *r,
						   const struct vg_lvs_url *urls, const struct vg_lvs_md5 *md5);

#endif
