/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: vigild's control socket: one request per connection, a table of commands.
 *
 * A Unix stream socket (default VGD_CTL_DEFAULT, `vigild --control=PATH`),
 * mode 0600 and owned by vigild's user (root): only root connects; a
 * client's credentials are checked again with SO_PEERCRED (uid 0 or
 * vigild's own). It is served on the event loop without ever blocking it:
 * every descriptor is non-blocking, the connections sit in one inner epoll
 * set the loop watches as one descriptor (for input and, while a reply is
 * going out, for output), at most VGD_CTL_CONNS_MAX at once, each closed
 * VGD_CTL_TIMEOUT after it was accepted whatever it did, so a client that
 * connects and sends nothing, or stops reading its reply, costs one slot
 * for that long and nothing else.
 *
 * The protocol (version 1, docs/operations.md "Control socket"): the
 * client sends one line, `COMMAND [ARGUMENTS]\n`, at most VGD_CTL_REQ_MAX
 * bytes; vigild answers `ok\n` and the command's output, or
 * `error MESSAGE\n`, and closes the connection: the end of the reply is
 * the end of the stream. Replies are bounded by VGD_CTL_REPLY_MAX.
 *
 * Commands are registered as a name and a function (vgd_ctl_register):
 * `help` is built in and lists the others; daemon.c registers `status`
 * (status_cmd.c); another part of vigild adds one by registering one more
 * entry, e.g. the flight recorder's `record` (vigil status --record FILE).
 */
#ifndef VGD_CTL_H
#define VGD_CTL_H

#include <stddef.h>

#include "base/time.h"
#include "loop.h"
#include "status.h"

#define VGD_CTL_DEFAULT "/run/vigild.ctl"
#define VGD_CTL_CONNS_MAX 8
#define VGD_CTL_CMDS_MAX 16
#define VGD_CTL_REQ_MAX 512
#define VGD_CTL_REPLY_MAX (64u << 20)
#define VGD_CTL_TIMEOUT VG_S(5)

/*
 * A command: `args` is the rest of the request line after the name (""
 * when none). Write the reply's body into `out` and return 0, or return -1
 * with a one-line message in err (the client sees `error MESSAGE`).
 */
typedef int (*vgd_ctl_fn)(void *ctx, const char *args, vg_time now, struct vgd_buf *out, char *err, size_t errlen);

struct vgd_ctl_cmd {
	const char *name; /* one word */
	const char *help; /* one line for `help` */
	vgd_ctl_fn fn;
	void *ctx;
};

struct vgd_ctl_stats {
	unsigned long long accepted, served, errors, refused_busy, refused_cred, timed_out;
};

struct vgd_ctl;

/*
 * Bind `path` (its directory is created 0755 if missing; a stale socket
 * nobody answers on is replaced; a live one is an error) and register with
 * the loop. NULL with a message in err.
 */
struct vgd_ctl *vgd_ctl_open(struct vgl_loop *loop, const char *path, char *err, size_t errlen);
/* Closes every connection and the socket, and removes the path. */
void vgd_ctl_close(struct vgd_ctl *c);
/* 0, or -1 (table full or the name is taken). */
int vgd_ctl_register(struct vgd_ctl *c, const struct vgd_ctl_cmd *cmd);
struct vgd_ctl_stats vgd_ctl_stats(const struct vgd_ctl *c);

/* The reply for one request line (without its newline), as a connection gets it: "ok\n..." or "error ...\n". */
void vgd_ctl_dispatch(struct vgd_ctl *c, const char *line, vg_time now, struct vgd_buf *reply);

/* A table without a socket (tests). */
struct vgd_ctl *vgd_ctl_new(void);

#endif
