/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: flood - protocol-112 garbage to 224.0.0.18 as fast as possible
 *
 * Usage: flood IFADDR SECONDS [VRID|!VRID|- [SRC]]
 *
 * Sends IPv4 packets of protocol 112 with random payloads (8..64 bytes)
 * out of the interface that has IFADDR, for SECONDS seconds, then prints
 * "sent N packets in S s: P pps".  With VRID, every other payload starts
 * like a VRRP advert of that VRID (version 2 or 3, type 1, priority 254)
 * so that it reaches a daemon's per-instance checks; with !VRID no
 * payload has that VRID in its second byte (load without the VRID);
 * "-" is plain random.  SRC (default
 * 192.0.2.200) is the spoofed source address, so that a capture can tell
 * the flood from the nodes' own adverts.  Run inside a network namespace
 * you created (bench/netns/bench.py does).
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define VRRP_PROTO 112
#define PAYLOAD_MAX 64
#define IP_HDR_LEN 20

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t splitmix64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint16_t inet_csum(const uint8_t *buf, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(buf[i] << 8 | buf[i + 1]);
	if (len & 1)
		sum += (uint32_t)(buf[len - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* One packet into pkt; returns its length. */
static size_t build_packet(uint8_t *pkt, struct in_addr src, struct in_addr dst,
			   int vrid, int avoid_vrid, uint64_t seq)
{
	size_t payload_len = 8 + splitmix64() % (PAYLOAD_MAX - 8 + 1);
	uint8_t *payload = pkt + IP_HDR_LEN;
	size_t total = IP_HDR_LEN + payload_len;
	uint16_t csum;
	size_t i;

	for (i = 0; i < payload_len; i += 8) {
		uint64_t r = splitmix64();
		size_t n = payload_len - i < 8 ? payload_len - i : 8;

		memcpy(payload + i, &r, n);
	}
	if (vrid >= 0 && (seq & 1)) {
		payload[0] = (seq & 2) ? 0x31 : 0x21;
		payload[1] = (uint8_t)vrid;
		payload[2] = 254;
	}
	if (avoid_vrid >= 0 && payload[1] == avoid_vrid)
		payload[1] ^= 0x80;
	memset(pkt, 0, IP_HDR_LEN);
	pkt[0] = 0x45;
	pkt[2] = (uint8_t)(total >> 8);
	pkt[3] = (uint8_t)total;
	pkt[4] = (uint8_t)(seq >> 8);
	pkt[5] = (uint8_t)seq;
	pkt[8] = 255;
	pkt[9] = VRRP_PROTO;
	memcpy(pkt + 12, &src, 4);
	memcpy(pkt + 16, &dst, 4);
	csum = inet_csum(pkt, IP_HDR_LEN);
	pkt[10] = (uint8_t)(csum >> 8);
	pkt[11] = (uint8_t)csum;
	return total;
}

int main(int argc, char **argv)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct in_addr ifaddr, src;
	uint8_t pkt[IP_HDR_LEN + PAYLOAD_MAX];
	uint64_t sent = 0, errors = 0, tries = 0;
	double seconds, t0, elapsed = 0;
	int vrid = -1, avoid_vrid = -1, one = 1, fd;

	if (argc < 3) {
		fprintf(stderr, "usage: %s IFADDR SECONDS [VRID|!VRID|- [SRC]]\n", argv[0]);
		return 2;
	}
	if (inet_pton(AF_INET, argv[1], &ifaddr) != 1) {
		fprintf(stderr, "flood: bad IFADDR %s\n", argv[1]);
		return 2;
	}
	seconds = atof(argv[2]);
	if (argc > 3 && argv[3][0] == '!')
		avoid_vrid = atoi(argv[3] + 1);
	else if (argc > 3 && argv[3][0] != '-')
		vrid = atoi(argv[3]);
	if (inet_pton(AF_INET, argc > 4 ? argv[4] : "192.0.2.200", &src) != 1) {
		fprintf(stderr, "flood: bad SRC\n");
		return 2;
	}
	inet_pton(AF_INET, "224.0.0.18", &to.sin_addr);
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0) {
		perror("flood: socket");
		return 1;
	}
	if (setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &ifaddr, sizeof(ifaddr)) < 0) {
		perror("flood: setsockopt");
		return 1;
	}
	rng_state ^= (uint64_t)getpid();
	t0 = now_s();
	while (elapsed < seconds) {
		size_t len = build_packet(pkt, src, to.sin_addr, vrid, avoid_vrid,
					  tries++);

		if (sendto(fd, pkt, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
			errors++;
		else
			sent++;
		if ((tries & 255) == 0)
			elapsed = now_s() - t0;
	}
	elapsed = now_s() - t0;
	printf("sent %llu packets in %.2f s: %.0f pps (%llu send errors)\n",
	       (unsigned long long)sent, elapsed, (double)sent / elapsed,
	       (unsigned long long)errors);
	close(fd);
	return 0;
}
