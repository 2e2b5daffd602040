/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the probe interface of the checker driver: one table of functions per checker type.
 *
 * core/lvs/checker.c decides *when* a real server is probed and what a
 * result means (retry, delay_before_retry, delay_loop, warmup, alpha are
 * timing and live there); a probe here does the I/O of one attempt: open
 * its own non-blocking socket(s), talk to the server, and report one
 * outcome. The checker driver (check_driver.h) owns every probe in flight,
 * the epoll set their descriptors are registered in (one descriptor in the
 * event loop for all of them) and their deadlines.
 *
 * A type provides `struct vgc_probe_ops` and is listed in registry.c:
 *
 *   prepare  once per configuration generation and probe target (checker,
 *            and url for HTTP_GET / SSL_GET): read the type's keywords from
 *            the configuration tree, check them, build the parameters the
 *            probe runs with (`*params`, freed by params_free) and append to
 *            `key` every byte that makes two probes different (what is sent,
 *            what is accepted). Two checkers whose common options (struct
 *            vgc_probe_opts) and key bytes are equal share one probe in
 *            flight (check_share.h). An error names the line (c->ck->loc);
 *            the checker is then left out of the run (logged).
 *   start    the probe begins at `now`: open sockets with vgc_probe_socket()
 *            (or register any other descriptor, a pidfd, with
 *            vgc_probe_add_fd()), start connecting with vgc_probe_connect().
 *            Return 0, or call vgc_probe_done() (a synchronous failure).
 *   ready    a registered descriptor is ready: `events` are epoll's
 *            (EPOLLIN / EPOLLOUT / EPOLLERR / EPOLLHUP); level-triggered, so
 *            read what is there or change the interest (vgc_probe_watch).
 *            Do a bounded amount of work per call (read at most one buffer);
 *            the driver calls again on the next readiness.
 *   timeout  the probe's deadline (the checker's connect_timeout from when
 *            the core asked) passed without vgc_probe_done(): report now.
 *            NULL means VG_LVS_PROBE_TIMEOUT with "timeout". UDP_CHECK
 *            without require_reply reports success here. A probe that set
 *            an earlier deadline (vgc_probe_set_deadline: the half-open
 *            TCP_CHECK's retransmissions) may set the next one here and
 *            go on.
 *   cleanup  release p->state's own allocations (SSL objects, buffers). The
 *            driver closes every registered descriptor itself, after it.
 *
 * A probe ends exactly once, with vgc_probe_done() (from start, ready or
 * timeout); after that none of its functions is called again and the
 * driver frees it after the current call returns. The measured latency is
 * the driver's: from start to done, on the loop's clock.
 *
 * What a probe must not do: block (no blocking connect/read/write/DNS/
 * waitpid), read the clock (use `now`), keep a pointer to another probe, or
 * log a verdict (the driver writes keepalived's lines from the outcome;
 * `why` says what went wrong, e.g. "connection refused", "Bad greeting
 * banner from server").
 */
#ifndef VGC_PROBE_H
#define VGC_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "base/time.h"
#include "conf/conf.h"
#include "lvs/checker.h"

#define VGC_PROBE_FDS_MAX 2      /* descriptors one probe may register */
#define VGC_PROBE_WHY_MAX 96     /* bytes of vgc_probe_outcome.why */
#define VGC_KEY_MAX 512          /* bytes of a sharing key */
#define VGC_IFNAME_MAX 16        /* IFNAMSIZ */

/*
 * The common options of a checker, resolved once per generation: the
 * destination and source of its probes. Identical opts + identical key
 * bytes = one shared probe. (keepalived.conf(5) checker options.)
 */
/* An IPv4 or IPv6 socket address: 28 bytes where a sockaddr_storage is 128 (one per probe target). */
union vgc_sa {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};

/* What a probe's socket is bound to: rare, so held apart (one per distinct set, chk_gen). */
struct vgc_probe_bind {
	union vgc_sa src;             /* bindto, bind_port (bind_port alone: the wildcard address) */
	uint8_t src_len;              /* bytes of src, 0: no bind */
	uint32_t fwmark;              /* SO_MARK, 0 none */
	char bind_if[VGC_IFNAME_MAX]; /* "" none: SO_BINDTODEVICE */
};

struct vgc_probe_opts {               /* 32 bytes, one per probe target */
	const struct vgc_probe_bind *bind; /* bindto, bind_port, bind_if, fwmark; NULL: none of them */
	uint8_t type;                 /* enum vg_lvs_check_type */
	uint8_t proto;                /* IPPROTO_TCP / IPPROTO_UDP / IPPROTO_SCTP of the virtual server (log lines) */
	struct vg_addr dst;           /* connect_ip, else the real server's (its socket address: vgc_probe_dst) */
	uint16_t port;                /* connect_port, else the real server's (host order) */
	/* (connect_timeout, the probe's whole budget, is the checker's: the driver sets the deadline) */
};

/* The destination's address family: AF_INET or AF_INET6. */
static inline int vgc_probe_af(const struct vgc_probe_opts *o)
{
	return o->dst.family == VG_AF_INET6 ? AF_INET6 : AF_INET;
}

/* The destination as a socket address in sa (port 0 if !with_port); returns its length. */
socklen_t vgc_probe_dst(const struct vgc_probe_opts *o, union vgc_sa *sa, bool with_port);

/* Whether b sets anything (a zeroed record binds nothing). */
static inline bool vgc_probe_bind_any(const struct vgc_probe_bind *b)
{
	return b->src_len || b->fwmark || b->bind_if[0];
}

/* The sharing key: common opts (filled by the driver) then the type's bytes (prepare). */
struct vgc_key {
	size_t len;
	uint8_t b[VGC_KEY_MAX];
	bool overflow;                /* did not fit: the probe is never shared */
};

/* Append bytes / a NUL-terminated string (NULL writes a distinct "absent" marker). */
void vgc_key_put(struct vgc_key *k, const void *p, size_t n);
void vgc_key_str(struct vgc_key *k, const char *s);
void vgc_key_u32(struct vgc_key *k, uint32_t v);

struct vgl_cmd_env;
struct vgc_tls; /* the global SSL { } block's context (check_tls.h), shared by SSL_GET probes */

/* What prepare() sees. */
struct vgc_probe_conf {
	const struct vg_conf *conf;
	const struct vg_conf_virtual_server *vs;
	const struct vg_conf_real_server *rs;
	const struct vg_conf_checker *ck;
	const struct vgc_probe_opts *opts;
	/* HTTP_GET / SSL_GET: the url this probe fetches (index url_index of the checker's), else NULL */
	const struct vg_conf_url *url;
	const struct vg_lvs_url *url_model; /* status set, digest, has_regex, regex_no_match */
	const char *url_regex;               /* its pattern, NULL none */
	uint8_t url_index;
	struct vgc_tls *tls;                 /* SSL_GET: the global context, NULL if it could not be built */
	struct vgl_cmd_env *cmd_env;         /* MISC_CHECK: scripts prepared with vgl_cmd_prepare (script/cmd.h) */
};

/* One attempt's outcome (vgc_probe_done). */
struct vgc_probe_outcome {
	uint8_t outcome;              /* enum vg_lvs_probe_outcome: OK, FAILED, TIMEOUT, HTTP */
	/* HTTP_GET / SSL_GET (outcome HTTP) */
	uint16_t http_status;
	bool no_data;                 /* no complete header block */
	bool has_md5;                 /* md5 of the body computed (the url has a digest) */
	uint8_t md5[16];
	bool regex_matched;           /* the body matched the url's regex */
	/* MISC_CHECK (outcome VG_LVS_PROBE_EXIT): the script's exit status; the core turns it
	   into the verdict and, with misc_dynamic, the weight (lvs/checker.h) */
	uint8_t exit_status;
	/* MISC_CHECK misc_dynamic, FILE_CHECK: a new weight for the real server (after the outcome) */
	bool has_weight;
	int32_t weight;
	char why[VGC_PROBE_WHY_MAX];  /* failure reason for the log, "" on success */
};

struct vgc_probe;

struct vgc_probe_ops {
	uint8_t type;                 /* enum vg_lvs_check_type */
	const char *name;             /* "TCP_CHECK", "HTTP_GET", ... */
	size_t state_size;            /* bytes of p->state, zeroed before start */
	int (*prepare)(const struct vgc_probe_conf *c, void **params, struct vgc_key *key, char *err, size_t errlen);
	/* the params depend on nothing but the key bytes prepare appended (not on the destination):
	   the driver keeps equal ones once, shared by every target whose type's bytes are equal */
	bool params_shared;
	void (*params_free)(void *params);
	int (*start)(struct vgc_probe *p, vg_time now);
	void (*ready)(struct vgc_probe *p, int fd, uint32_t events, vg_time now);
	void (*timeout)(struct vgc_probe *p, vg_time now);
	void (*cleanup)(struct vgc_probe *p);
};

/* One probe in flight. The driver owns it; a type touches only the fields marked so. */
struct vgc_probe {
	const struct vgc_probe_ops *ops;
	const struct vgc_probe_opts *opts; /* read-only */
	const void *params;                /* read-only: what prepare built */
	void *state;                       /* the type's: state_size bytes, zeroed */
	struct vgc_check *drv;             /* the driver (opaque) */
	vg_time started_ns;
	vg_time deadline_ns;
	int fd[VGC_PROBE_FDS_MAX];         /* registered descriptors, -1 free */
	bool done;
	uint32_t id;                       /* the driver's */
};

/*
 * Open a non-blocking, close-on-exec socket with the probe's options
 * applied (SO_MARK fwmark, SO_BINDTODEVICE bind_if, bind to src) and
 * register it for `events` (EPOLLOUT to learn when a connect finishes).
 * Returns the descriptor, or -1 with errno (nothing registered).
 * family: AF_UNSPEC means the destination's.
 */
int vgc_probe_socket(struct vgc_probe *p, int family, int type, int protocol, uint32_t events);
/* Register a descriptor the caller opened (a pidfd, a pipe); the driver closes it at the end. 0 / -1. */
int vgc_probe_add_fd(struct vgc_probe *p, int fd, uint32_t events);
/* Change what a registered descriptor waits for. 0 / -1. */
int vgc_probe_watch(struct vgc_probe *p, int fd, uint32_t events);
/* Close and unregister one descriptor before the end (e.g. a retry on a new socket). */
void vgc_probe_close_fd(struct vgc_probe *p, int fd);
/* connect() to opts->dst: 0 (connected or in progress: wait for EPOLLOUT), or -1 with errno. */
int vgc_probe_connect(struct vgc_probe *p, int fd);
/*
 * After the first event on a connecting socket (its epoll events): 0 connected, else the errno of
 * the failure (SO_ERROR). Without EPOLLERR or EPOLLHUP the connection is up: no system call then.
 */
int vgc_probe_connect_result(int fd, uint32_t events);
/*
 * Move the probe's deadline to t (from start, or from timeout to be called
 * again at t instead of ending with "timeout"; t no later than the
 * deadline the driver gave).
 */
void vgc_probe_set_deadline(struct vgc_probe *p, vg_time t);
struct vgc_syn;
/* The half-open TCP_CHECK's shared sockets (syn.h) when vigild runs with --check-tcp=syn, else NULL. */
struct vgc_syn *vgc_probe_syn(struct vgc_probe *p);
/* End the probe (exactly once). */
void vgc_probe_done(struct vgc_probe *p, const struct vgc_probe_outcome *o, vg_time now);
/* Shorthands: OK, or FAILED / TIMEOUT with a reason (printf). */
void vgc_probe_ok(struct vgc_probe *p, vg_time now);
void vgc_probe_fail(struct vgc_probe *p, vg_time now, uint8_t outcome, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The probe's destination as "[192.0.2.10]:80" for reasons and logs. */
const char *vgc_probe_dst_str(const struct vgc_probe_opts *o, char *buf, size_t n);

/* The type's table: NULL when vigild does not run this type (it is reported as not run). */
const struct vgc_probe_ops *vgc_probe_ops_for(uint8_t type);

/* The types (registry.c lists them). */
extern const struct vgc_probe_ops vgc_probe_tcp;
extern const struct vgc_probe_ops vgc_probe_http;
extern const struct vgc_probe_ops vgc_probe_ssl;
extern const struct vgc_probe_ops vgc_probe_smtp;  /* probe_smtp.c */
extern const struct vgc_probe_ops vgc_probe_dns;   /* probe_dns.c */
extern const struct vgc_probe_ops vgc_probe_udp;   /* probe_udp.c */
extern const struct vgc_probe_ops vgc_probe_ping;  /* probe_ping.c */
extern const struct vgc_probe_ops vgc_probe_misc;  /* probe_misc.c */

#endif
