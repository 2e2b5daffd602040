/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the IPVS generic-netlink socket: batches out, acks and dumps in.
 *
 * libnl-genl opens the socket and resolves the family "IPVS"; after that the
 * bytes are ours (msg.c) and go through plain sendmsg()/recvmmsg() on the
 * socket's fd. The socket asks for capped acks (NETLINK_CAP_ACK: an error
 * does not echo the request back) and extended acks (NETLINK_EXT_ACK: the
 * kernel's reason text), and for large buffers so one sendmsg() can carry
 * thousands of requests.
 *
 * vgl_ipvs_run() sends a batch (batch.h) in windows: as many messages as fit
 * the send buffer and whose acks fit the receive buffer, in one sendmsg()
 * each. The kernel handles a window inside that sendmsg() and queues one ack
 * per message; they are read and matched by sequence number before the next
 * window goes out. One window is one round trip (keepalived makes one per
 * object). Requests the kernel refuses are failures of the batch, not of the
 * run: the run fails only when the socket does.
 *
 * Dumps read the whole table: a GET_SERVICE dump, then a GET_DEST dump per
 * service (the kernel runs one dump at a time on a socket).
 *
 * Everything needs CAP_NET_ADMIN (the IPVS family's operations are all
 * GENL_ADMIN_PERM) and a kernel with IPVS; the ip_vs module is not loaded
 * here (keepalived runs modprobe ip_vs; the driver decides).
 */
#ifndef VGL_IPVS_SOCK_H
#define VGL_IPVS_SOCK_H

#include <stddef.h>
#include <stdint.h>

#include "batch.h"
#include "msg.h"

#define VGL_IPVS_TABLE_SVC_MAX 65536u      /* services in a dump */
#define VGL_IPVS_TABLE_DEST_MAX (1u << 20) /* destinations in a dump, all services together */

struct vgl_ipvs; /* opaque: the socket, the family id, the next sequence number */

/*
 * Open a socket and resolve the family. 0, or -errno with a message in err:
 * -ENOENT when the kernel has no "IPVS" family (no CONFIG_IP_VS, or ip_vs
 * not loaded), -EPERM/-EACCES without the right, others from socket calls.
 */
int vgl_ipvs_open(struct vgl_ipvs **out, char *err, size_t errlen);
void vgl_ipvs_close(struct vgl_ipvs *s);
uint16_t vgl_ipvs_family(const struct vgl_ipvs *s);

/*
 * The window of one sendmsg(): *bytes and *count, when non-zero, lower it
 * (tests force several windows; it is never raised past what the buffers
 * allow); on return they hold the window in force.
 */
void vgl_ipvs_window(struct vgl_ipvs *s, size_t *bytes, size_t *count);

/* What a run or a dump cost. */
struct vgl_ipvs_io {
	unsigned round_trips; /* sendmsg() calls each followed by reading all of their answers */
	unsigned recv_calls;  /* recvmmsg() calls */
	size_t messages;      /* requests sent */
	size_t bytes;         /* bytes sent */
	size_t stray;         /* answers that matched no waiting request (ignored) */
};

/*
 * Send every entry of b and read every answer into it (vgl_ipvs_batch_failed(),
 * _failures(), _format() tell what the kernel refused). io (may be NULL) adds
 * what it cost. 0 when every entry has an answer or a failure recorded; -errno
 * when the socket failed (entries not answered then fail with that error).
 */
int vgl_ipvs_run(struct vgl_ipvs *s, struct vgl_ipvs_batch *b, struct vgl_ipvs_io *io, char *err,
		 size_t errlen);

/* The table as dumped: services in kernel order, each with its run of destinations. */
struct vgl_ipvs_table_service {
	struct vgl_ipvs_service svc;
	size_t dest_first; /* index into dest */
	size_t dest_count;
};

struct vgl_ipvs_table {
	struct vgl_ipvs_table_service *svc;
	size_t nsvc;
	struct vgl_ipvs_dest *dest; /* a destination's family is filled from its service if the kernel left it out */
	size_t ndest;
	size_t svc_cap, dest_cap; /* allocated; grown up to the _MAX limits */
};

/* Empty the table (keeps the memory); free it. */
void vgl_ipvs_table_clear(struct vgl_ipvs_table *t);
void vgl_ipvs_table_free(struct vgl_ipvs_table *t);

/*
 * Dump services and their destinations into t (cleared first). 0, or -errno
 * with a message in err (-EOVERFLOW past the limits, -EBADMSG for a reply
 * the codec refused).
 */
int vgl_ipvs_dump(struct vgl_ipvs *s, struct vgl_ipvs_table *t, struct vgl_ipvs_io *io, char *err,
		  size_t errlen);

/* The sync daemons running (at most 2: master and backup) into out[2]; *n set. 0 or -errno. */
int vgl_ipvs_dump_daemons(struct vgl_ipvs *s, struct vgl_ipvs_daemon out[2], size_t *n, char *err,
			  size_t errlen);

/* The connection timeouts (GET_CONFIG). 0 or -errno. */
int vgl_ipvs_get_timeouts(struct vgl_ipvs *s, struct vgl_ipvs_timeouts *t, char *err, size_t errlen);

#endif
