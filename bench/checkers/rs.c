/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: rs - many real servers in one process, for the checker benchmark
 *
 * Usage: rs tcp|http PORT_FIRST NPORTS
 *
 * Listens on 0.0.0.0:PORT_FIRST .. PORT_FIRST+NPORTS-1 (so every address
 * of the namespace times every port is a real server) with one epoll loop.
 * tcp: accepts and closes (what TCP_CHECK needs). http: reads the request
 * up to its blank line, answers a fixed "200 OK" with a 2-byte body and
 * closes. SIGHUP prints "rs: accepted N" (connections so far). SIGUSR1 closes the listeners of the odd port indexes (those real
 * servers refuse: a failing check), SIGUSR2 opens them again. Prints
 * "rs: ready" on stdout once every listener is open. Run it inside a
 * network namespace you created (bench/checkers/bench.py does); it runs
 * until killed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXFD 131072
#define REQ_MAX 2048

static const char answer[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
static volatile sig_atomic_t want_down, want_up, want_count;
static unsigned long long accepted;
static int *lfd;              /* listener per port index, -1 closed */
static unsigned char *is_lsn; /* per fd: a listener */
static unsigned short *fill;  /* per fd: bytes of the request seen (http) */
static char (*tail)[4];       /* per fd: last 4 bytes seen (http) */

static void on_sig(int s)
{
	if (s == SIGUSR1)
		want_down = 1;
	else if (s == SIGUSR2)
		want_up = 1;
	else
		want_count = 1;
}

static int listen_on(int ep, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct epoll_event ev = { .events = EPOLLIN };
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0 || fd >= MAXFD)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 4096)) {
		close(fd);
		return -1;
	}
	ev.data.fd = fd;
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	is_lsn[fd] = 1;
	return fd;
}

int main(int argc, char **argv)
{
	struct rlimit rl = { MAXFD, MAXFD };
	struct epoll_event evs[256];
	int http, first, n, ep;

	if (argc != 4 || (strcmp(argv[1], "tcp") && strcmp(argv[1], "http"))) {
		fprintf(stderr, "usage: rs tcp|http PORT_FIRST NPORTS\n");
		return 2;
	}
	http = !strcmp(argv[1], "http");
	first = atoi(argv[2]);
	n = atoi(argv[3]);
	setrlimit(RLIMIT_NOFILE, &rl);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGUSR1, on_sig);
	signal(SIGUSR2, on_sig);
	signal(SIGHUP, on_sig);
	lfd = calloc(n, sizeof(*lfd));
	is_lsn = calloc(MAXFD, 1);
	fill = calloc(MAXFD, sizeof(*fill));
	tail = calloc(MAXFD, sizeof(*tail));
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (!lfd || !is_lsn || !fill || !tail || ep < 0)
		return 1;
	for (int i = 0; i < n; i++)
		if ((lfd[i] = listen_on(ep, first + i)) < 0) {
			fprintf(stderr, "rs: port %d: %s\n", first + i, strerror(errno));
			return 1;
		}
	printf("rs: ready\n");
	fflush(stdout);
	for (;;) {
		int k = epoll_wait(ep, evs, 256, 200);

		if (want_count) {
			want_count = 0;
			printf("rs: accepted %llu\n", accepted);
			fflush(stdout);
		}
		if (want_down) {
			want_down = 0;
			for (int i = 1; i < n; i += 2)
				if (lfd[i] >= 0) {
					is_lsn[lfd[i]] = 0;
					close(lfd[i]);
					lfd[i] = -1;
				}
		}
		if (want_up) {
			want_up = 0;
			for (int i = 1; i < n; i += 2)
				if (lfd[i] < 0)
					lfd[i] = listen_on(ep, first + i);
		}
		for (int j = 0; j < k; j++) {
			int fd = evs[j].data.fd;

			if (is_lsn[fd]) {
				for (int m = 0; m < 64; m++) {
					int c = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
					struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP };

					if (c < 0)
						break;
					accepted++;
					if (!http || c >= MAXFD) {
						close(c);
						continue;
					}
					fill[c] = 0;
					memset(tail[c], 0, 4);
					ev.data.fd = c;
					epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
				}
				continue;
			}
			/* an http connection: read to the blank line, answer, close */
			char buf[REQ_MAX];
			ssize_t r = read(fd, buf, sizeof(buf));
			int done = r <= 0;

			for (ssize_t i = 0; i < r && !done; i++) {
				memmove(tail[fd], tail[fd] + 1, 3);
				tail[fd][3] = buf[i];
				if (!memcmp(tail[fd], "\r\n\r\n", 4) || !memcmp(tail[fd] + 2, "\n\n", 2)) {
					if (write(fd, answer, sizeof(answer) - 1) < 0)
						(void)0;
					done = 1;
				}
			}
			if (r > 0 && (fill[fd] += r) > REQ_MAX * 4)
				done = 1;
			if (done)
				close(fd); /* close() removes it from the epoll set */
		}
	}
}
