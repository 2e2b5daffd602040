/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the control socket client (ctl_client.h).
 */
#include "ctl_client.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static long long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static enum vg_ctl_rc connect_error(const char *path, int e, char *err, size_t errlen)
{
	switch (e) {
	case ENOENT:
		snprintf(err, errlen, "vigild is not running: no control socket at %s (is vigild started, "
			 "or does it use another --control path?)", path);
		return VG_CTL_NOT_RUNNING;
	case ECONNREFUSED:
		snprintf(err, errlen, "vigild is not running: nothing accepts connections on %s (a socket "
			 "left by a vigild that was killed)", path);
		return VG_CTL_NOT_RUNNING;
	case EACCES:
	case EPERM:
		snprintf(err, errlen, "permission denied on %s: the control socket is root-only; run vigil "
			 "status as root (sudo)", path);
		return VG_CTL_DENIED;
	default:
		snprintf(err, errlen, "cannot connect to %s: %s", path, strerror(e));
		return VG_CTL_FAILED;
	}
}

enum vg_ctl_rc vg_ctl_request(const char *path, const char *request, int timeout_ms, char **body, size_t *len,
			      char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	long long until = ms_now() + timeout_ms;
	char *buf = NULL, *nl;
	size_t n = 0, cap = 0, rl = strlen(request);
	int fd, rc = VG_CTL_FAILED;

	*body = NULL;
	*len = 0;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "control socket path too long: %s", path);
		return VG_CTL_FAILED;
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return VG_CTL_FAILED;
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		rc = connect_error(path, errno, err, errlen);
		close(fd);
		return (enum vg_ctl_rc)rc;
	}
	if (send(fd, request, rl, MSG_NOSIGNAL) != (ssize_t)rl || send(fd, "\n", 1, MSG_NOSIGNAL) != 1) {
		snprintf(err, errlen, "sending to %s: %s", path, strerror(errno));
		goto out;
	}
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long long left = until - ms_now();
		ssize_t r;

		if (left <= 0 || poll(&p, 1, (int)left) == 0) {
			snprintf(err, errlen, "vigild did not answer on %s within %d ms", path, timeout_ms);
			goto out;
		}
		if (n + 65536 + 1 > cap) {
			char *q;

			if (cap >= VG_CTL_CLIENT_REPLY_MAX) {
				snprintf(err, errlen, "the reply from %s is larger than %u bytes", path,
					 (unsigned)VG_CTL_CLIENT_REPLY_MAX);
				goto out;
			}
			cap = cap ? cap * 2 : 65536 * 2;
			q = realloc(buf, cap);
			if (!q) {
				snprintf(err, errlen, "out of memory");
				goto out;
			}
			buf = q;
		}
		r = recv(fd, buf + n, cap - n - 1, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "reading from %s: %s", path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (!buf) {
		snprintf(err, errlen, "vigild closed %s without an answer", path);
		goto out;
	}
	buf[n] = 0;
	nl = memchr(buf, '\n', n);
	if (nl && nl - buf == 2 && !memcmp(buf, "ok", 2)) {
		*len = n - 3;
		memmove(buf, buf + 3, *len + 1);
		*body = buf;
		buf = NULL;
		rc = VG_CTL_OK;
	} else if (n > 6 && !memcmp(buf, "error ", 6)) {
		if (nl)
			*nl = 0;
		snprintf(err, errlen, "vigild: %s", buf + 6);
		rc = VG_CTL_REFUSED;
		if (strstr(buf, "permission denied"))
			rc = VG_CTL_DENIED;
	} else {
		snprintf(err, errlen, "%s: not a vigild control socket (unexpected reply)", path);
	}
out:
	free(buf);
	close(fd);
	return (enum vg_ctl_rc)rc;
}
