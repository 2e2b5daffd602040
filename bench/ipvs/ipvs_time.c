// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the IPVS benchmark's stopwatch, run inside the QEMU guest (bench/ipvs/).
 *
 *   ipvs_time [-t SECONDS] -l LOG -m MARKER [-m MARKER...] -- CMD [ARGS...]
 *   ipvs_time [-t SECONDS] -l LOG -m MARKER [-m MARKER...] -k PID -s SIGNAL
 *
 * Starts CMD with stdout and stderr appended to LOG (and leaves it running),
 * or sends SIGNAL (HUP, TERM, USR1 or a number) to PID, then waits until LOG
 * holds one more MARKER line than it held before (any of up to 4 markers:
 * vigild's reload ends with "IPVS reload:", or with ": unchanged" when the
 * files read the same), reading the new bytes
 * every millisecond. Prints "SECONDS PID" (CLOCK_MONOTONIC, from just before
 * the fork or the kill to the marker); with -t, after SECONDS without the
 * marker it prints "timeout PID" and exits 2. A shell loop of grep would
 * cost ~0.1 s per look under TCG and steal the guest's only CPU from the
 * daemon it times; this costs a read() per millisecond.
 *
 * vigild logs "IPVS start: ..." / "IPVS reload: ..." once the changes are
 * acked; keepalived 2.2.7's parent logs "Startup complete" / "Reload
 * complete" once its checker child has run init_services() (every IPVS
 * call of the start or reload done) and told it so (config_notify.c).
 */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Occurrences of `m` in the bytes of `fd` from *off on; `carry` holds the tail of the previous read. */
static long count_new(int fd, off_t *off, const char *m, char *carry, size_t *carry_len)
{
	static char buf[1 << 16];
	size_t ml = strlen(m);
	long n = 0;

	for (;;) {
		ssize_t r = pread(fd, buf + *carry_len, sizeof(buf) - *carry_len - 1, *off);
		size_t len;
		char *p;

		if (r <= 0)
			return n;
		memcpy(buf, carry, *carry_len);
		len = *carry_len + (size_t)r;
		buf[len] = 0;
		*off += r;
		for (p = buf; (p = memmem(p, len - (size_t)(p - buf), m, ml)); p += ml)
			n++;
		*carry_len = len >= ml ? ml - 1 : len;
		memcpy(carry, buf + len - *carry_len, *carry_len);
	}
}

static int sig_of(const char *s)
{
	if (!strcmp(s, "HUP"))
		return SIGHUP;
	if (!strcmp(s, "TERM"))
		return SIGTERM;
	if (!strcmp(s, "USR1"))
		return SIGUSR1;
	if (!strcmp(s, "INT"))
		return SIGINT;
	return atoi(s);
}

int main(int argc, char **argv)
{
	enum { MARKERS_MAX = 4 };
	const char *log = NULL, *marker[MARKERS_MAX], *sig = NULL;
	double timeout = 0, t0;
	long pid = 0;
	char carry[MARKERS_MAX][256];
	size_t carry_len[MARKERS_MAX] = { 0 };
	off_t off[MARKERS_MAX] = { 0 };
	int fd, opt, nm = 0;

	while ((opt = getopt(argc, argv, "+t:l:m:k:s:")) != -1) {
		switch (opt) {
		case 't': timeout = atof(optarg); break;
		case 'l': log = optarg; break;
		case 'm':
			if (nm == MARKERS_MAX || strlen(optarg) >= sizeof(carry[0]))
				return 64;
			marker[nm++] = optarg;
			break;
		case 'k': pid = atol(optarg); break;
		case 's': sig = optarg; break;
		default: return 64;
		}
	}
	if (!log || !nm || (!sig && optind >= argc) || (sig && !pid)) {
		fprintf(stderr, "usage: ipvs_time [-t S] -l LOG -m MARKER (-- CMD... | -k PID -s SIG)\n");
		return 64;
	}
	fd = open(log, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "ipvs_time: %s: %s\n", log, strerror(errno));
		return 1;
	}
	for (int i = 0; i < nm; i++) /* only what comes after counts */
		(void)count_new(fd, &off[i], marker[i], carry[i], &carry_len[i]);
	t0 = now_s();
	if (sig) {
		if (kill((pid_t)pid, sig_of(sig))) {
			fprintf(stderr, "ipvs_time: kill %ld: %s\n", pid, strerror(errno));
			return 1;
		}
	} else {
		pid_t p = fork();

		if (p < 0)
			return 1;
		if (p == 0) {
			int out = open(log, O_WRONLY | O_APPEND);

			if (out < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
				_exit(126);
			execvp(argv[optind], argv + optind);
			_exit(127);
		}
		pid = p;
	}
	for (long n = 0;;) {
		struct timespec ms = { 0, 1000000 };

		for (int i = 0; i < nm; i++)
			n += count_new(fd, &off[i], marker[i], carry[i], &carry_len[i]);
		if (n >= 1) {
			printf("%.4f %ld\n", now_s() - t0, pid);
			return 0;
		}
		if (timeout > 0 && now_s() - t0 > timeout) {
			printf("timeout %ld\n", pid);
			return 2;
		}
		nanosleep(&ms, NULL);
	}
}
