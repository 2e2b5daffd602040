// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the `vigil` command: subcommand dispatch and --help.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "conform_cmd.h"
#include "demo.h"
#include "explore_cmd.h"
#include "replay_cmd.h"
#include "sim_cmd.h"
#include "status_cmd.h"

#ifndef VIGIL_VERSION
#define VIGIL_VERSION "unknown"
#endif

struct cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
};

static const struct cmd cmds[] = {
	{ "check", vg_cmd_check, "lint keepalived.conf files; several files = one node each, checked as a cluster" },
	{ "demo", vg_cmd_demo, "run the embedded two-node failover (crash, preempt, graceful stop) and check it" },
	{ "sim", vg_cmd_sim, "run a scenario file (nodes, keepalived.conf files, faults, expectations)" },
	{ "explore", vg_cmd_explore, "run random fault schedules against configurations, check invariants, shrink failures" },
	{ "status", vg_cmd_status, "what the running vigild holds: instances, sync groups, virtual and real servers" },
	{ "replay", vg_cmd_replay, "run a vigild flight recording through the simulator: the same transitions at the same times" },
	{ "conform", vg_cmd_conform, "replay a pcap of adverts into one node, write what it sends (conformance suite)" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: vigil [--help] [--version] COMMAND [ARGS]\n\n"
		   "vigil: VRRP high availability, keepalived.conf compatible, proven by simulation.\n\n"
		   "commands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].help);
	fprintf(f, "\nRun 'vigil COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--version")) {
		printf("vigil %s\n", VIGIL_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].run(argc - 1, argv + 1);
	fprintf(stderr, "vigil: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
