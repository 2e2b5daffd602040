/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the service manager's readiness protocol, without libsystemd.
 *
 * systemd's Type=notify (sd_notify(3), "NOTIFY_SOCKET"): one datagram of
 * newline-separated VAR=VALUE lines to the AF_UNIX socket named in
 * $NOTIFY_SOCKET (a path, or an abstract name when it starts with '@').
 * Doing it here spares vigild libsystemd and the compression and crypto
 * libraries it maps (about 1 MiB of resident memory per process).
 */
#ifndef VGD_SDNOTIFY_H
#define VGD_SDNOTIFY_H

/*
 * Send `state` (e.g. "READY=1") when $NOTIFY_SOCKET is set. Returns 1 when
 * sent, 0 when there is no socket to tell, -errno on failure.
 */
int vgd_sd_notify(const char *state);

#endif
