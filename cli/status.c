/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: `vigil status`: what a running vigild holds, from its control socket.
 *
 * vigild renders both forms (backends/linux/status.c): `status table` for
 * people, `status json` for scripts (schema: docs/operations.md); this
 * command asks for one and prints it, once or, with --watch, every N
 * seconds on a cleared terminal; --record FILE fetches the flight recording
 * (vigild's `record` command) into FILE, created mode 0600 (it holds the
 * configuration, passwords included). Exit status: 0, 1 vigild refused the
 * request, 2 usage, 3 vigild is not running, 4 permission denied, 5 any
 * other failure.
 */
#include "status_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl_client.h"

#define TIMEOUT_MS 5000

static void usage(FILE *f)
{
	fprintf(f, "usage: vigil status [--socket PATH] [--json] [--watch [SECONDS]] [--record FILE]\n\n"
		   "What the running vigild holds: VRRP instances (state, effective and base priority,\n"
		   "the master's address, the last transition with its reason and age, adverts received\n"
		   "and sent, drops by reason), sync groups, virtual and real servers (in/out, weight,\n"
		   "check result and latency, the kernel's IPVS connection and byte counters).\n\n"
		   "  --socket PATH     vigild's control socket (default %s, vigild --control)\n"
		   "  --json            the JSON document for scripts (docs/operations.md)\n"
		   "  --watch [SECONDS] refresh every SECONDS (default 2) until interrupted\n"
		   "  --record FILE     write vigild's flight recording to FILE (mode 0600; read it with\n"
		   "                    'vigil replay FILE')\n\n"
		   "exit: 0 ok, 1 vigild refused, 2 usage, 3 vigild not running, 4 permission denied\n"
		   "(the socket is root-only), 5 other failure\n",
		   VG_CTL_DEFAULT_PATH);
}

static int once(const char *path, bool json, bool watching)
{
	char err[512], *body;
	size_t len;
	enum vg_ctl_rc rc = vg_ctl_request(path, json ? "status json" : "status table", TIMEOUT_MS, &body, &len,
					   err, sizeof(err));

	if (watching && isatty(STDOUT_FILENO))
		fputs("\033[H\033[2J", stdout);
	if (rc != VG_CTL_OK) {
		if (watching) {
			printf("vigil status: %s\n", err);
			fflush(stdout);
		} else {
			fprintf(stderr, "vigil status: %s\n", err);
		}
		return (int)rc;
	}
	fwrite(body, 1, len, stdout);
	fflush(stdout);
	free(body);
	return 0;
}

/* The flight recording into `file` (0600, replaced): written to a temporary name, then renamed. */
static int record(const char *path, const char *file)
{
	char err[512], tmp[4096], *body;
	size_t len, off = 0;
	enum vg_ctl_rc rc = vg_ctl_request(path, "record", TIMEOUT_MS, &body, &len, err, sizeof(err));
	int fd;

	if (rc != VG_CTL_OK) {
		fprintf(stderr, "vigil status: %s\n", err);
		return (int)rc;
	}
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp%ld", file, (long)getpid()) >= sizeof(tmp)) {
		fprintf(stderr, "vigil status: --record: the file name is too long\n");
		free(body);
		return 2;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	while (fd >= 0 && off < len) {
		ssize_t n = write(fd, body + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	free(body);
	if (fd < 0) {
		fprintf(stderr, "vigil status: --record %s: %s\n", file, strerror(errno));
		return 5;
	}
	if (off < len || fsync(fd)) {
		int e = off < len && !errno ? EIO : errno;

		close(fd);
		unlink(tmp);
		fprintf(stderr, "vigil status: --record %s: %s\n", file, strerror(e));
		return 5;
	}
	if (close(fd) || rename(tmp, file)) {
		fprintf(stderr, "vigil status: --record %s: %s\n", file, strerror(errno));
		unlink(tmp);
		return 5;
	}
	fprintf(stderr, "vigil status: flight recording written to %s (%zu bytes)\n", file, len);
	return 0;
}

int vg_cmd_status(int argc, char **argv)
{
	const char *path = VG_CTL_DEFAULT_PATH, *rec = NULL;
	bool json = false, watch = false;
	double every = 2.0;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--socket") && i + 1 < argc) {
			path = argv[++i];
		} else if (!strncmp(argv[i], "--socket=", 9)) {
			path = argv[i] + 9;
		} else if (!strcmp(argv[i], "--record") && i + 1 < argc) {
			rec = argv[++i];
		} else if (!strncmp(argv[i], "--record=", 9) && argv[i][9]) {
			rec = argv[i] + 9;
		} else if (!strcmp(argv[i], "--watch") || !strncmp(argv[i], "--watch=", 8)) {
			const char *v = argv[i][7] == '=' ? argv[i] + 8 : (i + 1 < argc && argv[i + 1][0] != '-') ? argv[++i] : NULL;
			char *end;

			watch = true;
			if (v) {
				every = strtod(v, &end);
				if (*end || !(every >= 0.1 && every <= 86400)) {
					fprintf(stderr, "vigil status: --watch: '%s' is not a number of seconds (0.1-86400)\n", v);
					return 2;
				}
			}
		} else {
			fprintf(stderr, "vigil status: unknown argument '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (rec && (watch || json)) {
		fprintf(stderr, "vigil status: --record goes alone (no --json, no --watch)\n");
		return 2;
	}
	if (rec)
		return record(path, rec);
	if (!watch)
		return once(path, json, false);
	for (;;) {
		struct timespec ts = { .tv_sec = (time_t)every, .tv_nsec = (long)((every - (double)(time_t)every) * 1e9) };

		once(path, json, true);
		while (nanosleep(&ts, &ts))
			;
	}
}
