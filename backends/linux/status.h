/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the status snapshot behind `vigil status`: a plain model, two renderings.
 *
 * The control socket's `status` command (status_cmd.c) builds one
 * snapshot per request: it sets the clock readings, then every driver's
 * `status` op (driver.h) appends its rows: the VRRP driver its instances
 * and sync groups, the LVS driver its virtual and real servers with the
 * kernel's IPVS counters, a checker driver (when there is one) fills the
 * check fields of the real servers the LVS driver added
 * (vgd_status_rs_find()). The snapshot owns copies of everything (names,
 * addresses as text), so it can be rendered after the drivers moved on.
 *
 * Two renderings, both pure functions of the snapshot (unit-tested in
 * status_test.c): the JSON document that scripts read (`vigil status
 * --json`, schema in docs/operations.md, versioned by
 * VGD_STATUS_SCHEMA) and the human table. Times are wall-clock (Unix
 * nanoseconds, rendered as seconds with a fraction in JSON and as an age
 * in the table), converted from the monotonic times the drivers keep with
 * the two clock readings of the request's wake-up.
 */
#ifndef VGD_STATUS_H
#define VGD_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "base/time.h"
#include "vrrp/drop.h"

#define VGD_STATUS_SCHEMA 1
#define VGD_STATUS_NAME_MAX 64
#define VGD_STATUS_ENDPOINT_MAX 80 /* "[2001:db8::1]:65535", "fwmark 4294967295/IPv6" */
#define VGD_STATUS_ROWS_MAX 65536u /* per kind; what does not fit is counted in `truncated` */

/* A growable output buffer (bounded by max). */
struct vgd_buf {
	char *p;
	size_t len, cap, max;
	bool overflow; /* something did not fit under max, or malloc failed */
};

void vgd_buf_init(struct vgd_buf *b, size_t max);
void vgd_buf_free(struct vgd_buf *b);
void vgd_buf_append(struct vgd_buf *b, const void *data, size_t n);
void vgd_buf_printf(struct vgd_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct vgd_status_instance {
	char name[VGD_STATUS_NAME_MAX];
	char iface[VGD_STATUS_NAME_MAX];
	char group[VGD_STATUS_NAME_MAX];    /* its sync group, "" none */
	uint8_t vrid, version, family;      /* family: 4 or 6 */
	uint8_t state;                      /* enum vg_vrrp_state */
	uint8_t base_priority, effective_priority;
	char master[VG_ADDR_STRLEN];        /* the Master's address: ours when Master, "" unknown */
	uint8_t master_priority;            /* the Master's advertised priority (Backup), ours (Master) */
	bool vips_installed;
	uint32_t vip_count;
	/* the last transition: from, to, why (enum vg_vrrp_why); at = 0: none since start */
	uint8_t last_from, last_to, last_why;
	uint64_t last_at_unix_ns;
	uint64_t adverts_rx, adverts_tx, prio0_rx, prio0_tx, became_master, released_master;
	uint64_t drops[VG_DROP__COUNT];
};

struct vgd_status_group {
	char name[VGD_STATUS_NAME_MAX];
	uint8_t state; /* enum vg_vrrp_state */
	uint32_t members;
	uint8_t last_from, last_to;
	uint64_t last_at_unix_ns; /* 0: no transition since start (or the last reload) */
};

struct vgd_status_vs {
	char name[VGD_STATUS_ENDPOINT_MAX]; /* "192.0.2.100:80/tcp", "fwmark 7/ipv4" */
	char sched[16];
	bool in_kernel;                     /* the kernel's IPVS table has it */
	uint64_t conns, inpkts, outpkts, inbytes, outbytes; /* the kernel's counters */
	uint32_t rs_first, rs_count;        /* its real servers in rs[] */
};

enum vgd_check_result {
	VGD_CHECK_NONE = 0, /* no checker result (none configured, not run yet, or no checker driver) */
	VGD_CHECK_UP,
	VGD_CHECK_DOWN,
};

struct vgd_status_rs {
	char name[VGD_STATUS_ENDPOINT_MAX]; /* "192.0.2.11:80" */
	bool in;                            /* in the kernel's table with a weight > 0 (takes new connections) */
	bool in_kernel;
	int32_t weight;                     /* the kernel's when in its table, else the configured one */
	uint32_t active_conns, inact_conns;
	uint64_t conns, inbytes, outbytes;
	/* filled by a checker driver (vgd_status_rs_find): the last result and its latency */
	uint8_t check;                      /* enum vgd_check_result */
	char check_kind[16];                /* "HTTP_GET", "TCP_CHECK", ... "" none */
	uint64_t check_latency_us;
	uint64_t check_at_unix_ns;          /* 0: never */
	uint64_t down_since_unix_ns;        /* 0: not down */
};

struct vgd_status {
	/* set by the caller before the drivers' ops */
	vg_time now;          /* the loop's monotonic clock at the request */
	uint64_t real_ns;     /* CLOCK_REALTIME of the same wake-up */
	long pid;
	const char *version;
	const char *conf;
	/* the LVS driver */
	bool lvs_configured;  /* the configuration has virtual servers */
	bool ipvs_available;
	char ipvs_note[128];  /* why counters are missing ("this kernel has no IPVS"), "" none */
	struct vgd_status_instance *inst;
	struct vgd_status_group *group;
	struct vgd_status_vs *vs;
	struct vgd_status_rs *rs;
	uint32_t ninst, ngroup, nvs, nrs;
	uint32_t cinst, cgroup, cvs, crs;
	uint32_t truncated;   /* rows that did not fit (memory or VGD_STATUS_ROWS_MAX) */
};

void vgd_status_init(struct vgd_status *st, vg_time now, uint64_t real_ns);
void vgd_status_free(struct vgd_status *st);

/* A zeroed new row, or NULL (counted in truncated). A real server belongs to the last vs added. */
struct vgd_status_instance *vgd_status_add_instance(struct vgd_status *st);
struct vgd_status_group *vgd_status_add_group(struct vgd_status *st);
struct vgd_status_vs *vgd_status_add_vs(struct vgd_status *st);
struct vgd_status_rs *vgd_status_add_rs(struct vgd_status *st);

/* The checker driver's way in: the row of real server `rs` of virtual server `vs` (names as above), or NULL. */
struct vgd_status_rs *vgd_status_rs_find(struct vgd_status *st, const char *vs, const char *rs);

/* A monotonic time (VG_TIME_NEVER / 0: none) as Unix ns with the snapshot's two readings; 0: none. */
uint64_t vgd_status_unix(const struct vgd_status *st, vg_time t);

/* Endpoint names: "192.0.2.1:80", "[2001:db8::1]:80"; a service adds "/tcp" ("fwmark N/ipv4"). */
void vgd_status_endpoint(const struct vg_addr *a, uint16_t port, char *out, size_t n);
void vgd_status_service(const struct vg_addr *a, uint16_t port, uint8_t protocol, uint32_t fwmark, char *out,
			size_t n);

/* The JSON document (docs/operations.md "JSON schema"); 0, or -1 (out of memory, over the buffer's max). */
int vgd_status_json(const struct vgd_status *st, struct vgd_buf *out);
/* The human table `vigil status` prints. */
int vgd_status_table(const struct vgd_status *st, struct vgd_buf *out);

#endif
