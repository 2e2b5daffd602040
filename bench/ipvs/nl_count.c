// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: counts generic-netlink traffic on an nlmon device, for the IPVS benchmark's guest.
 *
 *   ip link add nlmon0 type nlmon && ip link set nlmon0 up
 *   nl_count nlmon0 OUT &     # SIGUSR1: append a snapshot line to OUT; SIGTERM: one more, exit
 *
 * The kernel hands every netlink skb to nlmon (netlink_deliver_tap); a
 * packet socket sees them all as outgoing, so the direction comes from the
 * first message: NLM_F_REQUEST is a request (one skb is one sendmsg() of a
 * process), anything else an answer (acks, dump parts). nl_count takes the
 * NETLINK_GENERIC ones (IPVS is a generic-netlink family) and counts skbs
 * and the netlink messages in them each way:
 *   "req_skb N req_msg N ans_skb N ans_msg N drops N"
 * req_skb is the number of sendmsg() calls, req_msg the requests (vigild
 * puts many in one skb; keepalived one), ans_msg the acks and dump
 * answers. Nothing in the daemons is traced or slowed but by the copy to
 * nlmon, unlike strace, which under TCG slowed keepalived about 100x.
 */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t snap, done;

static void on_sig(int s)
{
	if (s == SIGUSR1)
		snap = 1;
	else
		done = 1;
}

int main(int argc, char **argv)
{
	static unsigned char buf[16 << 20]; /* vigild's windows reach a few MB in one skb */
	unsigned long long req_skb = 0, req_msg = 0, ans_skb = 0, ans_msg = 0, drops = 0;
	struct sockaddr_ll sll = { 0 };
	struct timeval tv = { 0, 50000 };
	struct sigaction sa = { 0 };
	int fd, rcv = 64 << 20;

	if (argc != 3) {
		fprintf(stderr, "usage: nl_count NLMON_IFACE OUTFILE\n");
		return 64;
	}
	fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
	if (fd < 0) {
		perror("nl_count: socket");
		return 1;
	}
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	if (!sll.sll_ifindex || bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		fprintf(stderr, "nl_count: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof(rcv));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	sa.sa_handler = on_sig;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	for (;;) {
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);

		if (n > 0 && ntohs(from.sll_protocol) == NETLINK_GENERIC) {
			unsigned long long msgs = 0;
			size_t off = 0;
			bool req = false;

			while (off + sizeof(struct nlmsghdr) <= (size_t)n) {
				struct nlmsghdr h;

				memcpy(&h, buf + off, sizeof(h));
				if (h.nlmsg_len < sizeof(h))
					break;
				if (!msgs)
					req = h.nlmsg_flags & NLM_F_REQUEST;
				msgs++;
				off += NLMSG_ALIGN(h.nlmsg_len);
			}
			if (req) {
				req_skb++;
				req_msg += msgs;
			} else {
				ans_skb++;
				ans_msg += msgs;
			}
		}
		/* what is queued is read first (until a read times out): the snapshot follows the last answer */
		if ((snap || done) && n < 0 && errno != EINTR) {
			struct tpacket_stats st;
			socklen_t sl = sizeof(st);
			FILE *f;

			if (!getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &sl))
				drops += st.tp_drops;
			f = fopen(argv[2], "a");
			if (f) {
				fprintf(f, "req_skb %llu req_msg %llu ans_skb %llu ans_msg %llu drops %llu\n", req_skb,
					req_msg, ans_skb, ans_msg, drops);
				fclose(f);
			}
			snap = 0;
			if (done)
				return 0;
		}
	}
}
