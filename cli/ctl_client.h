/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the client side of vigild's control socket (backends/linux/ctl.h).
 *
 * One request per connection: send `COMMAND [ARGS]\n`, read the reply to
 * the end of the stream; `ok\n` starts a good reply, `error MESSAGE\n` a
 * refusal. vg_ctl_request() turns the ways a connection fails into one
 * sentence an operator can act on (vigild not running, a stale socket,
 * permission denied). A new vigil command over the socket (the flight
 * recorder's `vigil status --record FILE`) calls it with its own command.
 */
#ifndef VG_CLI_CTL_CLIENT_H
#define VG_CLI_CTL_CLIENT_H

#include <stddef.h>

#define VG_CTL_DEFAULT_PATH "/run/vigild.ctl" /* VGD_CTL_DEFAULT */
#define VG_CTL_CLIENT_REPLY_MAX (64u << 20)

enum vg_ctl_rc {
	VG_CTL_OK = 0,
	VG_CTL_REFUSED = 1,     /* vigild answered `error ...` */
	VG_CTL_NOT_RUNNING = 3, /* no socket, or nobody accepts on it */
	VG_CTL_DENIED = 4,      /* the socket is root-only */
	VG_CTL_FAILED = 5,      /* any other failure (message says which) */
};

/*
 * Send `request` (one line, no newline) to the socket at path and wait at
 * most timeout_ms for the whole reply. On VG_CTL_OK *body (malloc'd,
 * NUL-terminated, free it) holds the reply after `ok\n`; otherwise err
 * says why.
 */
enum vg_ctl_rc vg_ctl_request(const char *path, const char *request, int timeout_ms, char **body, size_t *len,
			      char *err, size_t errlen);

#endif
