/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the IPVS generic-netlink messages, encoded and decoded without a socket.
 *
 * The kernel's IPVS table is programmed over the generic-netlink family
 * "IPVS" (<linux/ip_vs.h>: IPVS_CMD_*, IPVS_SVC_ATTR_*, IPVS_DEST_ATTR_*,
 * IPVS_DAEMON_ATTR_*). libnl has no IPVS API, so the bytes are ours: this
 * file writes requests (netlink header, genetlink header, nested attributes)
 * into a buffer the caller owns and reads the kernel's replies (dump
 * messages, NLMSG_ERROR acks, NLMSG_DONE, the GET_CONFIG answer). It opens
 * no socket and links no libnl, so it is unit-tested without root
 * (msg_test.c) and fuzzed on the reply side (fuzz/fuzz_ipvs_reply.c).
 *
 * Attribute types and sizes follow the kernel's policy tables in
 * net/netfilter/ipvs/ip_vs_ctl.c: AF and PROTOCOL are u16; PORT and TUN_PORT
 * are big-endian u16 but MCAST_PORT is a host-order u16 (nla_put_u16); FWMARK, TIMEOUT, FWD_METHOD, WEIGHT,
 * thresholds, connection counts, STATE and SYNC_ID are u32; NETMASK is a
 * big-endian u32; SVC_ATTR_FLAGS is struct ip_vs_flags {flags, mask};
 * TUN_TYPE and MCAST_TTL are u8; TUN_FLAGS and SYNC_MAXLEN are u16; ADDR is
 * 16 bytes (union nf_inet_addr); names are NUL-terminated strings of at most
 * 15 characters. Structs here hold host-order numbers; the codec converts.
 *
 * Decoding is strict about what it reads: every netlink and attribute length
 * is checked against the bytes that are there, a known attribute with the
 * wrong size is an error, required attributes must be present. Unknown
 * attribute types are skipped (newer kernels add some).
 */
#ifndef VGL_IPVS_MSG_H
#define VGL_IPVS_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/addr.h"

#define VGL_IPVS_NAME_MAX 16   /* IP_VS_SCHEDNAME_MAXLEN, IP_VS_PENAME_MAXLEN, IP_VS_IFNAME_MAXLEN, with the NUL */
#define VGL_IPVS_EXTACK_MAX 96 /* the kernel's extended-ack text we keep, with the NUL */

/* Codec errors (negative, distinct from -errno values carried in acks). */
enum vgl_ipvs_err {
	VGL_IPVS_ERR_NOSPACE = -1, /* encode: the caller's buffer is too small */
	VGL_IPVS_ERR_ARG = -2,     /* encode: a field cannot be sent (name too long, bad family, cmd) */
	VGL_IPVS_ERR_TRUNC = -3,   /* decode: a header or attribute runs past the bytes received */
	VGL_IPVS_ERR_ATTR = -4,    /* decode: a known attribute has the wrong size or value */
	VGL_IPVS_ERR_MISSING = -5, /* decode: a required attribute is absent */
	VGL_IPVS_ERR_TYPE = -6,    /* decode: a message type or command not expected here */
};

/* What an error code means, for logs ("attribute of wrong size"). */
const char *vgl_ipvs_strerror(int err);

/* Counters of a service or destination (dumps only; STATS64 when the kernel sends it). */
struct vgl_ipvs_stats {
	uint64_t conns, inpkts, outpkts, inbytes, outbytes;
	uint64_t cps, inpps, outpps, inbps, outbps; /* rates per second */
};

/*
 * A virtual service. Identified by addr.family plus either fwmark (non-zero)
 * or protocol + addr + port. For a fwmark service addr.bytes and port are
 * not sent and protocol is 0 (keepalived rejects a protocol there).
 */
struct vgl_ipvs_service {
	struct vg_addr addr;                 /* family: VG_AF_INET or VG_AF_INET6 (the service's AF) */
	uint16_t protocol;                   /* IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP; 0 for fwmark */
	uint16_t port;                       /* host order */
	uint32_t fwmark;                     /* 0: an address service */
	char sched_name[VGL_IPVS_NAME_MAX];  /* "rr", "wlc", ... */
	char pe_name[VGL_IPVS_NAME_MAX];     /* persistence engine, "" for none (not sent) */
	uint32_t flags;                      /* IP_VS_SVC_F_* */
	uint32_t flags_mask;                 /* which flags the kernel takes from flags; ~0 on add */
	uint32_t timeout_s;                  /* persistence timeout, 0 if not persistent */
	uint32_t netmask;                    /* IPv4: mask in host order (0xffffffff); IPv6: prefix length (128) */
	bool has_stats;                      /* decode only */
	struct vgl_ipvs_stats stats;         /* decode only */
};

/* A real server (destination) of a service. */
struct vgl_ipvs_dest {
	struct vg_addr addr;     /* family is the destination's AF (may differ from the service's for TUN) */
	uint16_t port;           /* host order */
	uint32_t fwd_method;     /* IP_VS_CONN_F_MASQ, _LOCALNODE, _TUNNEL, _DROUTE */
	uint32_t weight;
	uint32_t u_threshold;    /* 0: none */
	uint32_t l_threshold;
	uint8_t tun_type;        /* IP_VS_CONN_F_TUNNEL_TYPE_*; sent for TUN only */
	uint16_t tun_port;       /* host order; GUE */
	uint16_t tun_flags;      /* IP_VS_TUNNEL_ENCAP_FLAG_* */
	uint32_t active_conns;   /* decode only */
	uint32_t inact_conns;    /* decode only */
	uint32_t persist_conns;  /* decode only */
	bool has_stats;          /* decode only */
	struct vgl_ipvs_stats stats;
};

/* The connection-sync daemon (one master and/or one backup). */
struct vgl_ipvs_daemon {
	uint32_t state;                     /* IP_VS_STATE_MASTER or IP_VS_STATE_BACKUP */
	char mcast_ifn[VGL_IPVS_NAME_MAX];  /* interface */
	uint32_t syncid;
	uint16_t sync_maxlen;               /* 0: the kernel's default (not sent) */
	struct vg_addr mcast_group;         /* VG_AF_NONE: the kernel's default 224.0.0.81 (not sent) */
	uint16_t mcast_port;                /* host order; 0: default 8848 (not sent) */
	uint8_t mcast_ttl;                  /* 0: default 1 (not sent) */
};

/* Connection timeouts (ipvsadm --set); 0 in a request leaves that one unchanged. */
struct vgl_ipvs_timeouts {
	uint32_t tcp_s, tcp_fin_s, udp_s;
};

/* Every request: the resolved family id and the sequence number its ack will carry. */
struct vgl_ipvs_req {
	uint16_t family; /* from genl_ctrl_resolve("IPVS") */
	uint32_t seq;
};

/*
 * Encoders. Each writes one complete netlink message at buf and returns its
 * length (a multiple of 4), or VGL_IPVS_ERR_NOSPACE / VGL_IPVS_ERR_ARG with
 * nothing promised about buf. Changes carry NLM_F_REQUEST | NLM_F_ACK (one
 * ack per message, matched by seq); dump requests NLM_F_REQUEST | NLM_F_DUMP.
 * The size of one message is at most VGL_IPVS_MSG_MAX.
 */
#define VGL_IPVS_MSG_MAX 512

/* IPVS_CMD_NEW_SERVICE / SET_SERVICE (full entry) or DEL_SERVICE (identity only). */
ssize_t vgl_ipvs_enc_service(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req, uint8_t cmd,
			     const struct vgl_ipvs_service *svc);
/* IPVS_CMD_NEW_DEST / SET_DEST (full entry) or DEL_DEST (address + port), in service svc. */
ssize_t vgl_ipvs_enc_dest(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req, uint8_t cmd,
			  const struct vgl_ipvs_service *svc, const struct vgl_ipvs_dest *dest);
/* IPVS_CMD_NEW_DAEMON (all set fields) or DEL_DAEMON (state only). */
ssize_t vgl_ipvs_enc_daemon(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req, uint8_t cmd,
			    const struct vgl_ipvs_daemon *d);
/* IPVS_CMD_FLUSH: every service and destination (ipvsadm -C). */
ssize_t vgl_ipvs_enc_flush(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req);
/* IPVS_CMD_SET_CONFIG: the non-zero timeouts. */
ssize_t vgl_ipvs_enc_set_config(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req,
				const struct vgl_ipvs_timeouts *t);
/* IPVS_CMD_GET_CONFIG (answered by one IPVS_CMD_SET_CONFIG message, then the ack). */
ssize_t vgl_ipvs_enc_get_config(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req);
/* Dump requests: all services; the destinations of svc; the sync daemons. */
ssize_t vgl_ipvs_enc_get_services(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req);
ssize_t vgl_ipvs_enc_get_dests(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req,
			       const struct vgl_ipvs_service *svc);
ssize_t vgl_ipvs_enc_get_daemons(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req);

/*
 * One message as decoded. The kernel's replies are dump parts (NEW_SERVICE,
 * NEW_DEST, NEW_DAEMON, SET_CONFIG), acks and DONE. Requests (NLM_F_REQUEST
 * set) decode too, with the attributes the kernel requires of each command,
 * so tests and a fake kernel can read what the encoders wrote.
 */
enum vgl_ipvs_reply_kind {
	VGL_IPVS_R_ACK,     /* NLMSG_ERROR with error 0 */
	VGL_IPVS_R_ERROR,   /* NLMSG_ERROR with error < 0 (or a DONE carrying one): error, ext_msg */
	VGL_IPVS_R_DONE,    /* NLMSG_DONE: the end of a dump */
	VGL_IPVS_R_SERVICE, /* NEW/SET/DEL_SERVICE (a GET_SERVICE dump part is NEW_SERVICE): service */
	VGL_IPVS_R_DEST,    /* NEW/SET/DEL_DEST (a GET_DEST dump part is NEW_DEST): dest, service on requests */
	VGL_IPVS_R_DAEMON,  /* NEW/DEL_DAEMON (a GET_DAEMON dump part is NEW_DAEMON): daemon */
	VGL_IPVS_R_CONFIG,  /* SET_CONFIG (the GET_CONFIG answer is SET_CONFIG): timeouts */
	VGL_IPVS_R_COMMAND, /* another IPVS command (FLUSH, GET_*): service if it names one */
	VGL_IPVS_R_BAD,     /* a message whose header is sound but whose body is not: error = codec error */
};

struct vgl_ipvs_reply {
	enum vgl_ipvs_reply_kind kind;
	uint32_t seq;                       /* nlmsg_seq: the request this answers */
	uint16_t nl_flags;                  /* nlmsg_flags (NLM_F_MULTI on dump parts) */
	bool request;                       /* NLM_F_REQUEST was set */
	uint8_t cmd;                        /* IPVS_CMD_* of an IPVS message, else 0 */
	int error;                          /* R_ERROR: -errno; R_BAD: a VGL_IPVS_ERR_* code; else 0 */
	char ext_msg[VGL_IPVS_EXTACK_MAX];  /* R_ERROR: the kernel's extended-ack text, "" if none */
	bool has_service;                   /* service was filled */
	struct vgl_ipvs_service service;
	struct vgl_ipvs_dest dest;
	struct vgl_ipvs_daemon daemon;
	struct vgl_ipvs_timeouts timeouts;
};

/*
 * Decode the message at buf (len bytes received, possibly several messages).
 * Returns the bytes it covers (aligned, at most len) and fills out, or a
 * negative VGL_IPVS_ERR_* when the netlink header itself is unusable (then
 * nothing after it in buf can be trusted either). A sound header with a bad
 * body gives VGL_IPVS_R_BAD with seq set, so the caller can name the request.
 * family is the IPVS family id: other types are VGL_IPVS_R_BAD / ERR_TYPE.
 */
ssize_t vgl_ipvs_dec_reply(const uint8_t *buf, size_t len, uint16_t family, struct vgl_ipvs_reply *out);

/* Short text of a reply kind ("ack", "service", ...). */
const char *vgl_ipvs_reply_kind_name(enum vgl_ipvs_reply_kind kind);

#endif
