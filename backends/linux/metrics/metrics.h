/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: vigild's metrics endpoint (--metrics=ADDR:PORT): the page and its server.
 *
 * The composition root (daemon.c) creates it when the option is given,
 * starts it on the loop with the drivers, and tells it of every reload. A
 * GET /metrics writes the process facts (build, start time, CPU, memory,
 * descriptors, configuration generation and reloads, the event loop's lag
 * and wake-ups, this server's answers), then each driver's families
 * (driver.h `metrics` op). Names and the families of each driver are listed
 * in docs/operations.md, "Metrics".
 */
#ifndef VGD_METRICS_H
#define VGD_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "driver.h"
#include "expo.h"
#include "http.h"
#include "loop.h"

struct vgd_metrics {
	struct vgd_http http;
	struct vgl_loop *loop;
	const struct vgd_driver *drv; /* the root's table, n entries */
	const size_t *ndrv;
	uint64_t start_real_ns;       /* CLOCK_REALTIME at start (the loop's reading) */
	uint64_t generation;          /* 1 at start, +1 per committed reload */
	uint64_t reloads_ok, reloads_failed;
	bool last_ok;
	uint64_t last_ok_real_ns;
};

/* Bind addr (ADDR:PORT or [IPV6]:PORT). NULL with a message in err. */
struct vgd_metrics *vgd_metrics_new(const char *addr, char *err, size_t n);
/* Serve on loop; drv[0..*ndrv-1] are asked for their families at each scrape. 0 or -1. */
int vgd_metrics_start(struct vgd_metrics *m, struct vgl_loop *loop, const struct vgd_driver *drv,
		      const size_t *ndrv);
/* A reload was committed (ok) or refused, at real time real_ns. */
void vgd_metrics_reloaded(struct vgd_metrics *m, bool ok, uint64_t real_ns);
void vgd_metrics_free(struct vgd_metrics *m);

/* The page (the HTTP server's render function; exported for the tests). */
void vgd_metrics_render(void *ctx, struct vgd_expo *w);

/* Label value of an IPVS service ("tcp:192.0.2.10:80", "udp:[2001:db8::1]:53", "fwmark:7:ipv4") and of a
   destination ("198.51.100.1:80", "[2001:db8::2]:80"). */
const char *vgd_metrics_svc_label(uint8_t family, uint16_t protocol, const struct vg_addr *addr, uint16_t port,
				  uint32_t fwmark, char *buf, size_t n);
const char *vgd_metrics_dest_label(const struct vg_addr *addr, uint16_t port, char *buf, size_t n);

/*
 * Health checks (the checker driver fills one per checked real server and
 * calls vgd_metrics_checks() from its `metrics` op): results by outcome and
 * a latency histogram with VGD_CHECK_LATENCY_BOUNDS.
 */
enum vgd_check_outcome {
	VGD_CHECK_SUCCESS,  /* the check passed */
	VGD_CHECK_FAILURE,  /* the server answered wrong (status, digest, refused connection) */
	VGD_CHECK_TIMEOUT,  /* no answer within connect_timeout */
	VGD_CHECK_ERROR,    /* the check could not run (socket, script exec) */
	VGD_CHECK__OUTCOMES
};

extern const double vgd_check_latency_bounds[];
#define VGD_CHECK_LATENCY_BUCKETS 12

struct vgd_check_facts {
	const char *virtual_server; /* vgd_metrics_svc_label() */
	const char *real_server;    /* vgd_metrics_dest_label() */
	const char *checker;        /* "HTTP_GET", "TCP_CHECK", "MISC_CHECK", ... */
	bool up;                    /* the checker's verdict (after retry / rise / fall) */
	uint64_t results[VGD_CHECK__OUTCOMES];
};

/* The check durations of one virtual server's checkers of one type (all its real servers). */
struct vgd_check_lat_facts {
	const char *virtual_server;
	const char *checker;
	struct vgd_hist latency;    /* vgd_hist_init(&h, vgd_check_latency_bounds, VGD_CHECK_LATENCY_BUCKETS) */
};

/* vigil_lvs_check_up, vigil_lvs_check_results_total{outcome} (per checker),
   vigil_lvs_check_duration_seconds (per virtual server and checker type). */
void vgd_metrics_checks(struct vgd_expo *w, const struct vgd_check_facts *c, size_t n,
			const struct vgd_check_lat_facts *lat, size_t nl);

#endif
