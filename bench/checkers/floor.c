/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: floor - the least a connection-per-probe health checker can do, for the checker benchmark
 *
 * Usage: floor tcp|http NSERVERS DELAY_LOOP PORT_FIRST
 *
 * Probes the benchmark's real servers (NSERVERS of them: 250 ports from
 * PORT_FIRST on each address 198.51.100.1-20, then 203.0.113.1-20, as
 * bench.py's configurations name them) each once every DELAY_LOOP seconds,
 * spread evenly, with nothing but the system calls a probe that opens a
 * connection cannot do without: socket, connect, one epoll registration
 * (edge-triggered, for both directions and the peer's FIN, so never
 * modified), for http one send of "GET / HTTP/1.0" and one recv of the
 * answer (its status line checked), and close (which also leaves the epoll
 * set) once the server has closed its side: a close before the server's
 * FIN would leave the TIME_WAIT here, and every connect() after it would
 * search a port among them (keepalived and vigild read to the end too).
 * The wait wakes on 10 ms steps, as vigild's checker loop does, so the
 * probes due in one step start in one wake-up. No timers but the
 * wait's timeout, no logging, no configuration, no state beyond a
 * descriptor and a stage per server. It is not a health checker (it never
 * decides anything); bench.py runs it as a third "daemon" so that
 * keepalived's and vigild's CPU can be read against the kernel's own share
 * of a probe: the connection's handshake, data and teardown on both veth
 * ends, which every checker that connects pays. SIGTERM prints its
 * counters on stderr and exits.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PORTS 250
#define STEP_MS 10

enum { IDLE, CONNECTING, ANSWER, DRAIN };

static const char request[] = "GET / HTTP/1.0\r\nHost: rs\r\n\r\n";
static volatile sig_atomic_t stop;

static void on_term(int s)
{
	(void)s;
	stop = 1;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static struct sockaddr_in target(int k, int port_first)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port_first + k % PORTS) };
	int n = k / PORTS;
	char s[32];

	if (n < 20)
		snprintf(s, sizeof(s), "198.51.100.%d", n + 1);
	else
		snprintf(s, sizeof(s), "203.0.113.%d", n - 19);
	inet_pton(AF_INET, s, &a.sin_addr);
	return a;
}

int main(int argc, char **argv)
{
	struct rlimit rl = { 65536, 65536 };
	struct epoll_event evs[256];
	unsigned long long started = 0, ok = 0, failed = 0, overrun = 0;
	int http, n, delay_ms, port_first, ep, *fd;
	unsigned char *stage;
	long long t0, seq = 0;

	if (argc != 5 || (strcmp(argv[1], "tcp") && strcmp(argv[1], "http"))) {
		fprintf(stderr, "usage: floor tcp|http NSERVERS DELAY_LOOP PORT_FIRST\n");
		return 2;
	}
	http = !strcmp(argv[1], "http");
	n = atoi(argv[2]);
	delay_ms = atoi(argv[3]) * 1000;
	port_first = atoi(argv[4]);
	if (n < 1 || n > 40 * PORTS || delay_ms < 1000) {
		fprintf(stderr, "floor: NSERVERS 1..%d, DELAY_LOOP >= 1\n", 40 * PORTS);
		return 2;
	}
	setrlimit(RLIMIT_NOFILE, &rl);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	fd = malloc(n * sizeof(*fd));
	stage = calloc(n, 1);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (!fd || !stage || ep < 0)
		return 1;
	for (int k = 0; k < n; k++)
		fd[k] = -1;
	t0 = now_ms();
	while (!stop) {
		long long t = now_ms();
		/* server seq % n is due at t0 + seq * delay / n: every delay_loop, evenly spread */
		long long due = t0 + seq * delay_ms / n;

		while (due <= t) {
			int k = (int)(seq % n);
			struct sockaddr_in a = target(k, port_first);
			struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.u32 = (unsigned)k };

			if (fd[k] >= 0) { /* still in flight a whole delay_loop later */
				close(fd[k]);
				overrun++;
			}
			fd[k] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
			stage[k] = CONNECTING;
			started++;
			if (fd[k] < 0 || (connect(fd[k], (struct sockaddr *)&a, sizeof(a)) && errno != EINPROGRESS) ||
			    epoll_ctl(ep, EPOLL_CTL_ADD, fd[k], &ev)) {
				if (fd[k] >= 0)
					close(fd[k]);
				fd[k] = -1;
				stage[k] = IDLE;
				failed++;
			}
			seq++;
			due = t0 + seq * delay_ms / n;
		}
		/* wake at the step boundary at or after the next due probe */
		int m = epoll_wait(ep, evs, 256, (int)((due + STEP_MS - 1) / STEP_MS * STEP_MS - t));

		for (int j = 0; j < m; j++) {
			int k = (int)evs[j].data.u32, good = 0, done = 1;
			char buf[512];

			if (fd[k] < 0)
				continue;
			if (evs[j].events & (EPOLLERR | EPOLLHUP) && stage[k] == CONNECTING) {
				good = 0; /* refused or unreachable */
			} else if (stage[k] == CONNECTING && !http) {
				good = 1;
			} else if (stage[k] == CONNECTING) {
				if (send(fd[k], request, sizeof(request) - 1, MSG_NOSIGNAL) == (ssize_t)sizeof(request) - 1) {
					stage[k] = ANSWER;
					done = 0;
				}
			} else if (stage[k] == ANSWER && evs[j].events & EPOLLIN) {
				ssize_t r = recv(fd[k], buf, sizeof(buf) - 1, 0);

				if (r < 0 && errno == EAGAIN) {
					done = 0;
				} else if (r >= 12) {
					buf[r] = 0;
					good = !strncmp(buf, "HTTP/1.", 7) && !strncmp(buf + 9, "200", 3);
					/* the answer is whole in one segment here; close once the server's FIN is in */
					if (good && !(evs[j].events & EPOLLRDHUP)) {
						stage[k] = DRAIN;
						done = 0;
					}
				}
			} else if (stage[k] == DRAIN && evs[j].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
				good = 1;
			} else {
				done = 0;
			}
			if (!done)
				continue;
			close(fd[k]);
			fd[k] = -1;
			stage[k] = IDLE;
			good ? ok++ : failed++;
		}
	}
	fprintf(stderr, "floor: started %llu, ok %llu, failed %llu, still in flight when due %llu\n", started, ok, failed,
		overrun);
	return 0;
}
