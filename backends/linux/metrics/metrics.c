/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: vigild's metrics page (see metrics.h): process facts, then each driver's families.
 *
 * The process families follow the Prometheus client libraries' "process"
 * collector (process_start_time_seconds, process_cpu_seconds_total,
 * process_resident_memory_bytes, process_open_fds, read from /proc/self at
 * the scrape), so existing dashboards work; vigild's own are vigild_*.
 */
#include "metrics.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/addr.h"

const double vgd_check_latency_bounds[VGD_CHECK_LATENCY_BUCKETS] = {
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
};

static const char *const outcome_names[VGD_CHECK__OUTCOMES] = { "success", "failure", "timeout", "error" };

struct vgd_metrics *vgd_metrics_new(const char *addr, char *err, size_t n)
{
	struct vgd_metrics *m = calloc(1, sizeof(*m));

	if (!m) {
		snprintf(err, n, "out of memory");
		return NULL;
	}
	vgd_http_init(&m->http, -1, vgd_metrics_render, m);
	if (vgd_http_listen(&m->http, addr, err, n)) {
		free(m);
		return NULL;
	}
	m->generation = 1;
	m->last_ok = true;
	return m;
}

int vgd_metrics_start(struct vgd_metrics *m, struct vgl_loop *loop, const struct vgd_driver *drv,
		      const size_t *ndrv)
{
	m->loop = loop;
	m->drv = drv;
	m->ndrv = ndrv;
	m->start_real_ns = m->last_ok_real_ns = vgl_loop_real(loop);
	return vgd_http_start(&m->http, loop);
}

void vgd_metrics_reloaded(struct vgd_metrics *m, bool ok, uint64_t real_ns)
{
	m->last_ok = ok;
	if (ok) {
		m->generation++;
		m->reloads_ok++;
		m->last_ok_real_ns = real_ns;
	} else {
		m->reloads_failed++;
	}
}

void vgd_metrics_free(struct vgd_metrics *m)
{
	if (!m)
		return;
	vgd_http_close(&m->http);
	free(m);
}

const char *vgd_metrics_svc_label(uint8_t family, uint16_t protocol, const struct vg_addr *addr, uint16_t port,
				  uint32_t fwmark, char *buf, size_t n)
{
	char a[VG_ADDR_STRLEN];
	const char *p = protocol == 6 ? "tcp" : protocol == 17 ? "udp" : protocol == 132 ? "sctp" : "ip";

	if (fwmark)
		snprintf(buf, n, "fwmark:%u:%s", fwmark, family == VG_AF_INET6 ? "ipv6" : "ipv4");
	else if (addr->family == VG_AF_INET6)
		snprintf(buf, n, "%s:[%s]:%u", p, vg_addr_format(addr, a, sizeof(a)), port);
	else
		snprintf(buf, n, "%s:%s:%u", p, vg_addr_format(addr, a, sizeof(a)), port);
	return buf;
}

const char *vgd_metrics_dest_label(const struct vg_addr *addr, uint16_t port, char *buf, size_t n)
{
	char a[VG_ADDR_STRLEN];

	if (addr->family == VG_AF_INET6)
		snprintf(buf, n, "[%s]:%u", vg_addr_format(addr, a, sizeof(a)), port);
	else
		snprintf(buf, n, "%s:%u", vg_addr_format(addr, a, sizeof(a)), port);
	return buf;
}

void vgd_metrics_checks(struct vgd_expo *w, const struct vgd_check_facts *c, size_t n,
			const struct vgd_check_lat_facts *lat, size_t nl)
{
	size_t i;
	int k;

	vgd_expo_family(w, "vigil_lvs_check_up", VGD_EXPO_GAUGE,
			"The health checker's verdict on a real server: 1 up, 0 down.");
	for (i = 0; i < n; i++) {
		const struct vgd_label l[] = { { "virtual_server", c[i].virtual_server },
					       { "real_server", c[i].real_server },
					       { "checker", c[i].checker } };

		vgd_expo_u64(w, l, 3, c[i].up);
	}
	vgd_expo_family(w, "vigil_lvs_check_results_total", VGD_EXPO_COUNTER,
			"Health checks of a real server by outcome (success, failure, timeout, error).");
	for (i = 0; i < n; i++)
		for (k = 0; k < VGD_CHECK__OUTCOMES; k++) {
			const struct vgd_label l[] = { { "virtual_server", c[i].virtual_server },
						       { "real_server", c[i].real_server },
						       { "checker", c[i].checker },
						       { "outcome", outcome_names[k] } };

			vgd_expo_u64(w, l, 4, c[i].results[k]);
		}
	vgd_expo_family(w, "vigil_lvs_check_duration_seconds", VGD_EXPO_HISTOGRAM,
			"How long the health checks of a virtual server's real servers took, start to verdict, "
			"per checker type.");
	for (i = 0; i < nl; i++) {
		const struct vgd_label l[] = { { "virtual_server", lat[i].virtual_server },
					       { "checker", lat[i].checker } };

		vgd_expo_hist(w, l, 2, &lat[i].latency);
	}
}

/* ---- process facts ------------------------------------------------------------- */

static void proc_self(struct vgd_expo *w)
{
	char buf[1024], *p;
	unsigned long long utime = 0, stime = 0;
	long rss = 0, tck = sysconf(_SC_CLK_TCK), page = sysconf(_SC_PAGESIZE);
	FILE *f = fopen("/proc/self/stat", "re");
	size_t nfd = 0;
	DIR *d;

	if (f) {
		/* fields after the command's closing parenthesis: state (3) ... utime (14), stime (15), rss (24) */
		if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
			if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d %*d %*d %*d %*d "
					  "%*u %*u %ld", &utime, &stime, &rss) != 3)
				utime = stime = 0, rss = 0;
		fclose(f);
	}
	d = opendir("/proc/self/fd");
	if (d) {
		struct dirent *e;

		while ((e = readdir(d)))
			if (e->d_name[0] != '.')
				nfd++;
		closedir(d);
		nfd--; /* the directory's own descriptor */
	}
	vgd_expo_family(w, "process_cpu_seconds_total", VGD_EXPO_COUNTER, "User and system CPU time spent in seconds.");
	vgd_expo_f64(w, NULL, 0, tck > 0 ? (double)(utime + stime) / (double)tck : 0);
	vgd_expo_family(w, "process_resident_memory_bytes", VGD_EXPO_GAUGE, "Resident memory size in bytes.");
	vgd_expo_u64(w, NULL, 0, (uint64_t)(rss > 0 ? rss : 0) * (uint64_t)(page > 0 ? page : 4096));
	vgd_expo_family(w, "process_open_fds", VGD_EXPO_GAUGE, "Number of open file descriptors.");
	vgd_expo_u64(w, NULL, 0, nfd);
}

static double seconds(uint64_t ns)
{
	return (double)ns / 1e9;
}

static void loop_facts(struct vgd_expo *w, const struct vgl_loop *loop)
{
	static const vg_time bounds_ns[VGL_LOOP_LAG_BUCKETS] = VGL_LOOP_LAG_BOUNDS_NS;
	static double bounds[VGL_LOOP_LAG_BUCKETS];
	struct vgl_loop_stats s = vgl_loop_stats(loop);
	struct vgd_hist h;
	uint32_t i;

	for (i = 0; i < VGL_LOOP_LAG_BUCKETS; i++)
		bounds[i] = seconds(bounds_ns[i]);
	vgd_hist_init(&h, bounds, VGL_LOOP_LAG_BUCKETS);
	for (i = 0; i <= VGL_LOOP_LAG_BUCKETS; i++)
		h.counts[i] = s.lag[i];
	h.sum = seconds(s.lag_sum_ns);
	vgd_expo_family(w, "vigild_loop_lag_seconds", VGD_EXPO_HISTOGRAM,
			"How late the event loop fired its deadlines (protocol timers, checks), per firing.");
	vgd_expo_hist(w, NULL, 0, &h);
	vgd_expo_family(w, "vigild_loop_lag_max_seconds", VGD_EXPO_GAUGE,
			"The latest the event loop fired a deadline since start.");
	vgd_expo_f64(w, NULL, 0, seconds(s.lag_max_ns));
	vgd_expo_family(w, "vigild_loop_wakeups_total", VGD_EXPO_COUNTER, "Event loop wake-ups.");
	vgd_expo_u64(w, NULL, 0, s.wakeups);
}

static void http_facts(struct vgd_expo *w, const struct vgd_http *h)
{
	int c;

	vgd_expo_family(w, "vigild_metrics_http_responses_total", VGD_EXPO_COUNTER,
			"Answers of the metrics endpoint by HTTP status code.");
	for (c = 0; c < VGD_HTTP__CODES; c++) {
		char code[8];
		const struct vgd_label l[] = { { "code", code } };

		snprintf(code, sizeof(code), "%u", vgd_http_status((enum vgd_http_code)c));
		vgd_expo_u64(w, l, 1, h->n.responses[c]);
	}
	vgd_expo_family(w, "vigild_metrics_http_timeouts_total", VGD_EXPO_COUNTER,
			"Metrics connections closed at their deadline (slow or silent clients).");
	vgd_expo_u64(w, NULL, 0, h->n.timeouts);
}

void vgd_metrics_render(void *ctx, struct vgd_expo *w)
{
	struct vgd_metrics *m = ctx;
	const struct vgd_label ver[] = { { "version", VIGIL_VERSION } };
	const struct vgd_label ok[] = { { "result", "success" } }, bad[] = { { "result", "failure" } };
	size_t i;

	vgd_expo_family(w, "vigild_build_info", VGD_EXPO_GAUGE, "vigild's version (the value is 1).");
	vgd_expo_u64(w, ver, 1, 1);
	vgd_expo_family(w, "process_start_time_seconds", VGD_EXPO_GAUGE,
			"Start time of the process since unix epoch in seconds.");
	vgd_expo_f64(w, NULL, 0, seconds(m->start_real_ns));
	proc_self(w);
	vgd_expo_family(w, "vigild_config_generation", VGD_EXPO_GAUGE,
			"The running configuration's generation: 1 at start, one more per reload committed.");
	vgd_expo_u64(w, NULL, 0, m->generation);
	vgd_expo_family(w, "vigild_config_last_reload_successful", VGD_EXPO_GAUGE,
			"Whether the last reload (SIGHUP) was committed (1) or refused (0); 1 before any.");
	vgd_expo_u64(w, NULL, 0, m->last_ok);
	vgd_expo_family(w, "vigild_config_last_reload_success_timestamp_seconds", VGD_EXPO_GAUGE,
			"When the running configuration was loaded (start or the last reload committed).");
	vgd_expo_f64(w, NULL, 0, seconds(m->last_ok_real_ns));
	vgd_expo_family(w, "vigild_config_reloads_total", VGD_EXPO_COUNTER, "Reloads (SIGHUP) by result.");
	vgd_expo_u64(w, ok, 1, m->reloads_ok);
	vgd_expo_u64(w, bad, 1, m->reloads_failed);
	loop_facts(w, m->loop);
	http_facts(w, &m->http);
	for (i = 0; i < *m->ndrv; i++)
		if (m->drv[i].ops->metrics)
			m->drv[i].ops->metrics(m->drv[i].self, w);
}
