/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the probe engine: descriptors in the driver's epoll set, deadlines in a heap, the probe.h helpers.
 *
 * Every probe in flight sits in a binary heap by deadline (the driver's one
 * deadline source asks for its top); its descriptors are registered in the
 * driver's epoll set with a pointer to a per-descriptor slot. A probe that
 * ends is closed at once and freed after the current batch of events
 * (the graveyard), since an event later in the batch may still name it.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_int.h"
#include "log.h"

/* ---- the probe engine -------------------------------------------------------------- */

static void heap_swap(struct vgc_check *c, size_t i, size_t j)
{
	struct chk_probe *t = c->heap[i];

	c->heap[i] = c->heap[j];
	c->heap[j] = t;
	c->heap[i]->heap_idx = i;
	c->heap[j]->heap_idx = j;
}

static void heap_up(struct vgc_check *c, size_t i)
{
	while (i > 0 && c->heap[(i - 1) / 2]->p.deadline_ns > c->heap[i]->p.deadline_ns) {
		heap_swap(c, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void heap_down(struct vgc_check *c, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < c->nheap && c->heap[l]->p.deadline_ns < c->heap[m]->p.deadline_ns)
			m = l;
		if (r < c->nheap && c->heap[r]->p.deadline_ns < c->heap[m]->p.deadline_ns)
			m = r;
		if (m == i)
			return;
		heap_swap(c, i, m);
		i = m;
	}
}

int chk_heap_push(struct vgc_check *c, struct chk_probe *p)
{
	if (c->nheap == c->cap_heap) {
		size_t nc = c->cap_heap ? 2 * c->cap_heap : 256;
		struct chk_probe **nh = realloc(c->heap, nc * sizeof(*nh));

		if (!nh)
			return -1;
		c->heap = nh;
		c->cap_heap = nc;
	}
	p->heap_idx = c->nheap;
	c->heap[c->nheap++] = p;
	heap_up(c, p->heap_idx);
	return 0;
}

void chk_heap_remove(struct vgc_check *c, struct chk_probe *p)
{
	size_t i = p->heap_idx;

	if (i == SIZE_MAX)
		return;
	c->nheap--;
	if (i != c->nheap) {
		c->heap[i] = c->heap[c->nheap];
		c->heap[i]->heap_idx = i;
		heap_down(c, i);
		heap_up(c, i);
	}
	p->heap_idx = SIZE_MAX;
}

/*
 * Closing a descriptor takes it out of every epoll set, unless another
 * process still holds it: a child fork()ed while it was open, before its
 * exec closes it (notify scripts, MISC_CHECK, modprobe). Then the set
 * would keep reporting it with a pointer to a freed probe. So a probe
 * skips EPOLL_CTL_DEL (one system call of ~9 per TCP probe) only when no
 * fork() happened since it started: glibc's fork() runs the atfork
 * handler, vfork / posix_spawn leave the parent stopped until the exec.
 */
static uint32_t chk_forks;

static void count_fork(void)
{
	chk_forks++;
}

void chk_fork_watch(void)
{
	static bool watching;

	if (!watching && pthread_atfork(NULL, count_fork, NULL) == 0)
		watching = true;
}

uint32_t chk_fork_count(void)
{
	return chk_forks;
}

/* epoll_ctl DEL fd of p, unless closing it is enough (above). */
static void unregister(struct vgc_check *c, const struct chk_probe *p, int fd)
{
	if (p->forks != chk_forks)
		epoll_ctl(c->epfd, EPOLL_CTL_DEL, fd, NULL);
}

/* Close a probe's descriptors and take it out of the engine (it is freed later). */
void chk_probe_close(struct vgc_check *c, struct chk_probe *p)
{
	if (p->p.ops->cleanup)
		p->p.ops->cleanup(&p->p);
	for (int i = 0; i < VGC_PROBE_FDS_MAX; i++)
		if (p->p.fd[i] >= 0) {
			unregister(c, p, p->p.fd[i]);
			close(p->p.fd[i]);
			p->p.fd[i] = -1;
		}
	chk_heap_remove(c, p);
	if (p->gen && p->target != CHK_NONE && p->gen->targets[p->target].inflight == p)
		p->gen->targets[p->target].inflight = NULL;
	c->n.in_flight--;
	p->next = c->graveyard;
	c->graveyard = p;
}

/*
 * Probes whose state fits CHK_SPARE_STATE bytes (TCP_CHECK's, DNS's, UDP's,
 * ...) come from one size class and go back to a list of spares instead of
 * the heap: a probe per check was a malloc and a free (bench/checkers: free
 * was second among vigild's user-space costs at 3,333 probes a second).
 */
#define CHK_SPARE_STATE 128
#define CHK_SPARES_MAX 1024

struct chk_probe *chk_probe_new(struct vgc_check *c, size_t state_size)
{
	struct chk_probe *p;

	if (state_size > CHK_SPARE_STATE)
		return calloc(1, sizeof(*p) + state_size);
	p = c->spare;
	if (!p)
		return calloc(1, sizeof(*p) + CHK_SPARE_STATE);
	c->spare = p->next;
	c->nspare--;
	memset(p, 0, sizeof(*p) + CHK_SPARE_STATE);
	return p;
}

void chk_graveyard_free(struct vgc_check *c)
{
	while (c->graveyard) {
		struct chk_probe *p = c->graveyard;

		c->graveyard = p->next;
		chk_waiters_free(p);
		if (p->p.ops->state_size <= CHK_SPARE_STATE && c->nspare < CHK_SPARES_MAX) {
			p->next = c->spare;
			c->spare = p;
			c->nspare++;
		} else {
			free(p);
		}
	}
}

void chk_spares_free(struct vgc_check *c)
{
	while (c->spare) {
		struct chk_probe *p = c->spare;

		c->spare = p->next;
		free(p);
	}
	c->nspare = 0;
}

int vgc_probe_add_fd(struct vgc_probe *pp, int fd, uint32_t events)
{
	struct chk_probe *p = (struct chk_probe *)pp;
	struct epoll_event ev = { .events = events };
	int i;

	for (i = 0; i < VGC_PROBE_FDS_MAX && pp->fd[i] >= 0; i++)
		;
	if (i == VGC_PROBE_FDS_MAX) {
		errno = EMFILE;
		return -1;
	}
	ev.data.ptr = &p->slot[i];
	if (epoll_ctl(pp->drv->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -1;
	pp->fd[i] = fd;
	return 0;
}

int vgc_probe_watch(struct vgc_probe *pp, int fd, uint32_t events)
{
	struct chk_probe *p = (struct chk_probe *)pp;

	for (int i = 0; i < VGC_PROBE_FDS_MAX; i++)
		if (pp->fd[i] == fd) {
			struct epoll_event ev = { .events = events, .data.ptr = &p->slot[i] };

			return epoll_ctl(pp->drv->epfd, EPOLL_CTL_MOD, fd, &ev);
		}
	errno = EBADF;
	return -1;
}

void vgc_probe_close_fd(struct vgc_probe *pp, int fd)
{
	for (int i = 0; i < VGC_PROBE_FDS_MAX; i++)
		if (pp->fd[i] == fd) {
			unregister(pp->drv, (struct chk_probe *)pp, fd);
			close(fd);
			pp->fd[i] = -1;
		}
}

int vgc_probe_socket(struct vgc_probe *p, int family, int type, int protocol, uint32_t events)
{
	const struct vgc_probe_opts *o = p->opts;
	const struct vgc_probe_bind *b = o->bind;
	int fd, saved;

	if (family == AF_UNSPEC)
		family = vgc_probe_af(o);
	fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
	if (fd < 0)
		return -1;
	if (b && b->fwmark && setsockopt(fd, SOL_SOCKET, SO_MARK, &b->fwmark, sizeof(b->fwmark)) < 0)
		goto fail;
	if (b && b->bind_if[0] &&
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, b->bind_if, (socklen_t)strlen(b->bind_if)) < 0)
		goto fail;
	if (b && b->src_len && b->src.sa.sa_family == family && bind(fd, (const struct sockaddr *)&b->src, b->src_len) < 0)
		goto fail;
	if (type == SOCK_STREAM && p->drv && p->drv->o && p->drv->o->check_close_reset) {
		/* --check-close=reset: close() sends a RST, no FIN exchange, no TIME_WAIT here */
		static const struct linger rst = { .l_onoff = 1, .l_linger = 0 };

		if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &rst, sizeof(rst)) < 0)
			goto fail;
	}
	if (vgc_probe_add_fd(p, fd, events) < 0)
		goto fail;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

void vgc_probe_set_deadline(struct vgc_probe *pp, vg_time t)
{
	struct chk_probe *p = (struct chk_probe *)pp;

	chk_heap_remove(pp->drv, p);
	pp->deadline_ns = t;
	(void)chk_heap_push(pp->drv, p); /* cannot fail: the heap held it, or held it a moment ago */
}

struct vgc_syn *vgc_probe_syn(struct vgc_probe *p)
{
	struct vgc_check *c = p->drv;

	if (!c || !c->o || !c->o->check_tcp_syn)
		return NULL;
	if (!c->syn_tried) {
		c->syn_tried = true;
		c->syn = vgc_syn_new(chk_syn_watch, chk_syn_unwatch, c);
	}
	return c->syn;
}

const char *vgc_probe_dst_str(const struct vgc_probe_opts *o, char *buf, size_t n)
{
	char s[VG_ADDR_STRLEN];

	snprintf(buf, n, "[%s]:%u", vg_addr_format(&o->dst, s, sizeof(s)), o->port);
	return buf;
}

void vgc_probe_done(struct vgc_probe *pp, const struct vgc_probe_outcome *o, vg_time now)
{
	struct chk_probe *p = (struct chk_probe *)pp;
	struct vgc_check *c = pp->drv;

	if (pp->done)
		return;
	pp->done = true;
	p->out = *o;
	p->done_ns = now;
	if (o->outcome == VG_LVS_PROBE_OK || o->outcome == VG_LVS_PROBE_HTTP)
		c->n.probes_ok++;
	else if (o->outcome == VG_LVS_PROBE_TIMEOUT)
		c->n.probes_timeout++;
	else
		c->n.probes_failed++;
	p->next_done = NULL;
	if (c->done_tail)
		c->done_tail->next_done = p;
	else
		c->done_head = p;
	c->done_tail = p;
}

void vgc_probe_ok(struct vgc_probe *p, vg_time now)
{
	struct vgc_probe_outcome o = { .outcome = VG_LVS_PROBE_OK };

	vgc_probe_done(p, &o, now);
}

void vgc_probe_fail(struct vgc_probe *p, vg_time now, uint8_t outcome, const char *fmt, ...)
{
	struct vgc_probe_outcome o = { .outcome = outcome };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(o.why, sizeof(o.why), fmt, ap);
	va_end(ap);
	vgc_probe_done(p, &o, now);
}

/* Close every probe and forget every request (a generation goes). */
void chk_engine_reset(struct vgc_check *c)
{
	while (c->nheap)
		chk_probe_close(c, c->heap[0]);
	while (c->done_head) {
		struct chk_probe *p = c->done_head;

		c->done_head = p->next_done;
		if (p->heap_idx != SIZE_MAX || p->p.fd[0] >= 0 || p->p.fd[1] >= 0)
			chk_probe_close(c, p);
	}
	c->done_tail = NULL;
	c->nreq = 0;
	c->req_head = 0;
	chk_graveyard_free(c);
	c->n.in_flight = 0;
}

