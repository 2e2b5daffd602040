/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the scenario file of `vigil sim` (format in docs/scenarios.md).
 *
 * A scenario names the nodes and their keepalived.conf files, the segment
 * (delay, jitter, loss, duplication), a timeline of faults and the
 * expectations to check. Parsing is pure: the caller reads the file.
 */
#ifndef VG_SIM_SCENARIO_H
#define VG_SIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "base/time.h"

#define VG_SCN_NODES_MAX 16
#define VG_SCN_EVENTS_MAX 256
#define VG_SCN_EXPECTS_MAX 128
#define VG_SCN_NAME_MAX 64
#define VG_SCN_PATH_MAX 512
#define VG_SCN_SEGMENTS_MAX 16
#define VG_SCN_ATTACH_MAX 64

enum vg_scn_event_kind {
	VG_SCN_START,      /* start NODE */
	VG_SCN_CRASH,      /* crash NODE: no priority 0 */
	VG_SCN_STOP,       /* stop NODE: graceful */
	VG_SCN_FW_DROP,    /* firewall NODE drop: protocol 112 in and out */
	VG_SCN_FW_ALLOW,
	VG_SCN_FW_DROP_IN,  /* firewall NODE drop-in */
	VG_SCN_FW_DROP_OUT, /* firewall NODE drop-out */
	VG_SCN_PARTITION,  /* partition A B | C: side mask per node */
	VG_SCN_HEAL,
	VG_SCN_LINK_DOWN,  /* link NODE IFACE down */
	VG_SCN_LINK_UP,
	VG_SCN_SCRIPT_FAIL, /* script NODE NAME fail */
	VG_SCN_SCRIPT_OK,
	VG_SCN_SCRIPT_HANG, /* runs past its timeout: counts as a failure after the timeout */
	VG_SCN_REALSERVER,  /* realserver ADDR:PORT up|down|slow|flap T|wrong-body (LVS, sim/lvs) */
	VG_SCN_CLIENTS,     /* clients RATE/s for T [hold T] [to ADDR:PORT] (LVS, sim/lvs) */
	VG_SCN_RELOAD,      /* reload NODE FILE: the node's configuration changes (core reload diff) */
	VG_SCN_VIP_DEL,     /* vip-del NODE ADDR: a VIP removed by hand (.addr) */
	VG_SCN_PROCESS_DOWN, /* process NODE NAME down: the vrrp_track_process NAME's processes end */
	VG_SCN_PROCESS_UP,   /* process NODE NAME up: they run again */
};

/* Simulated real server behaviour (VG_SCN_REALSERVER .value). */
enum vg_scn_rs_mode {
	VG_SCN_RS_UP = 0,     /* answers probes and connections */
	VG_SCN_RS_DOWN,       /* connection refused */
	VG_SCN_RS_SLOW,       /* answers after connect_timeout: every probe times out */
	VG_SCN_RS_FLAP,       /* down, up, down, ... every .period_ns */
	VG_SCN_RS_WRONG_BODY, /* HTTP: status 503 and another body (digest and regex fail); TCP: fine */
};

struct vg_scn_event {
	vg_time at;
	uint8_t kind;                      /* enum vg_scn_event_kind */
	uint8_t node;
	uint8_t side[VG_SCN_NODES_MAX];    /* partition: side of each node (0 = first list) */
	char arg[VG_SCN_NAME_MAX];         /* interface or script name */
	char file[VG_SCN_PATH_MAX];        /* reload: the configuration, as written (relative to the scenario) */
	uint32_t line;
	/* LVS events */
	struct vg_addr addr;               /* realserver / clients target (family NONE: every service) */
	uint16_t port;
	uint8_t value;                     /* realserver: enum vg_scn_rs_mode */
	vg_time period_ns;                 /* realserver flap period */
	uint32_t rate;                     /* clients: new connections per second */
	vg_time for_ns;                    /* clients: how long they keep coming */
	vg_time hold_ns;                   /* clients: how long each connection stays open (default 1 s) */
};

enum vg_scn_expect_kind {
	VG_SCN_EXPECT_MASTER,      /* expect at T master INST NODE: exactly one Master, NODE, holding the VIPs */
	VG_SCN_EXPECT_STATE,       /* expect at T state INST NODE STATE */
	VG_SCN_EXPECT_SPLIT_BRAIN, /* expect at T split-brain INST: more than one Master */
	VG_SCN_EXPECT_NO_MASTER,   /* expect at T no-master INST */
	VG_SCN_EXPECT_NO_VIP,      /* expect at T no-vip INST: no node holds a VIP of INST */
	VG_SCN_EXPECT_PRIORITY,    /* expect at T priority INST NODE N */
	VG_SCN_EXPECT_CONNS,       /* expect at T conns ADDR:PORT OP N [since T0] (LVS) */
	VG_SCN_EXPECT_RS,          /* expect at T realserver ADDR:PORT in|out (LVS; .value 1 = in) */
	VG_SCN_EXPECT_SORRY,       /* expect at T sorry in|out (LVS; .value 1 = in) */
	VG_SCN_EXPECT_QUORUM,      /* expect at T quorum up|down (LVS; .value 1 = up) */
	VG_SCN_EXPECT_TRANSITIONS, /* expect at T transitions INST NODE|* OP N [since T0]: state changes */
	VG_SCN_EXPECT_GARPS,       /* expect at T garps INST NODE|* OP N [since T0]: gratuitous ARP / NA frames */
	VG_SCN_EXPECT_LVS_EDITS,   /* expect at T lvs-edits NODE OP N [since T0]: IPVS edits of NODE's reloads (LVS) */
};

/* Comparison of an `expect ... conns` line. */
enum vg_scn_op { VG_SCN_OP_EQ, VG_SCN_OP_NE, VG_SCN_OP_LT, VG_SCN_OP_LE, VG_SCN_OP_GT, VG_SCN_OP_GE };

/* Whether `n OP v` holds (OP: enum vg_scn_op; an unknown one is >=). The harness's and the LVS world's. */
static inline bool vg_scn_op_holds(uint8_t op, uint64_t n, uint64_t v)
{
	switch (op) {
	case VG_SCN_OP_EQ: return n == v;
	case VG_SCN_OP_NE: return n != v;
	case VG_SCN_OP_LT: return n < v;
	case VG_SCN_OP_LE: return n <= v;
	case VG_SCN_OP_GT: return n > v;
	default: return n >= v;
	}
}

/* OP as a scenario writes it, for the verdict lines. */
static inline const char *vg_scn_op_name(uint8_t op)
{
	static const char *const words[] = { "==", "!=", "<", "<=", ">", ">=" };

	return words[op % 6];
}

struct vg_scn_expect {
	vg_time at;
	uint8_t kind;               /* enum vg_scn_expect_kind */
	uint8_t node;
	bool any_node;              /* transitions, garps: NODE written `*` */
	char inst[VG_SCN_NAME_MAX];
	int value;                  /* state (enum vg_vrrp_state), priority or a count */
	uint32_t line;
	/* LVS expectations */
	struct vg_addr addr;        /* real server */
	uint16_t port;
	uint8_t op;                 /* conns, transitions, garps: enum vg_scn_op */
	vg_time since;              /* conns, transitions, garps: count what happened in (since, at] */
};

struct vg_scn_node {
	char name[VG_SCN_NAME_MAX];
	struct vg_addr addr;
	char config[VG_SCN_PATH_MAX];  /* as written (relative to the scenario file) */
	bool start;                    /* start at 0 s (default; `node ... down` to not) */
};

/* `segment NAME NODE:IFACE...`: which interfaces share a simulated LAN. */
struct vg_scn_attach {
	uint8_t node;
	uint8_t segment;               /* 1-based; 0 is the default segment */
	char iface[VG_SCN_NAME_MAX];
	uint32_t line;
};

struct vg_scenario {
	char title[128];
	uint8_t segment_count;
	char segments[VG_SCN_SEGMENTS_MAX][VG_SCN_NAME_MAX];
	uint16_t attach_count;
	struct vg_scn_attach attach[VG_SCN_ATTACH_MAX];
	uint64_t seed;
	vg_time duration;
	vg_time delay_ns, jitter_ns;
	uint32_t loss_ppm, dup_ppm;
	uint8_t node_count;
	struct vg_scn_node nodes[VG_SCN_NODES_MAX];
	uint16_t event_count;
	struct vg_scn_event events[VG_SCN_EVENTS_MAX];
	uint16_t expect_count;
	struct vg_scn_expect expects[VG_SCN_EXPECTS_MAX];
};

/*
 * Parse scenario text. Returns 0, or -1 with "file:line: message" in err.
 */
int vg_scenario_parse(const char *text, size_t len, const char *file, struct vg_scenario *out, char *err,
		      size_t errlen);

/* "10s", "250ms", "1.5s", "2m", "100us" → ns; -1 if not a duration. */
int vg_scenario_duration(const char *text, vg_time *out);

#endif
