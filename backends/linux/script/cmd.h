/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a command line made ready to run: split, shell or not, user, security.
 *
 * Everything that can fail or block (NSS user lookups, PATH search, stat of
 * every directory of the script's path) happens here, once, when the runner
 * is created. What remains for the fork is plain data: the path to execve,
 * the argv, the uid/gid/groups to switch to.
 *
 * Shell rule: a line runs as `/bin/sh -c LINE` when /bin/sh would read it
 * differently from the quote-grouping split (vg_conf_script.argv): outside
 * quotes one of | & ; < > ( ) $ ` \ * ? [ ] ~ { } # or a newline, or a
 * first word with '=' (an assignment); inside double quotes $ ` or \.
 * Otherwise argv[0] is looked up in PATH (if it has no '/') and execve'd.
 */
#ifndef VGL_SCRIPT_CMD_H
#define VGL_SCRIPT_CMD_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "runner.h"

#define VGL_CMD_ARGS_MAX 256 /* words of one command line (VG_CONF_TOKENS_MAX) */
#define VGL_CMD_EXTRA_MAX 8  /* arguments appended at run time (notify: 4, fifo script: 1) */
#define VGL_SHELL "/bin/sh"
#define VGL_DEFAULT_SCRIPT_USER "keepalived_script"

/* What every command of one configuration shares. */
struct vgl_cmd_env {
	uid_t euid;           /* the daemon's */
	gid_t egid;
	bool security;        /* global_defs enable_script_security */
	bool default_ok;      /* false: the default user could not be set, scripts without a user are disabled */
	uid_t default_uid;
	gid_t default_gid;
	char *default_user;   /* name, or NULL for the daemon's own uid */
	char *default_group;  /* script_group, or NULL for the user's */
	const struct vgl_runner_cb *cb;
	uint32_t unsafe_count; /* unsafe commands kept (security off) */
	uint32_t count;        /* commands prepared */
};

struct vgl_cmd {
	char *what;          /* for logs: "vrrp_script chk", "notify_master of VI_1" */
	char *line;          /* as written */
	char **argv;         /* split, NULL-terminated */
	size_t argc;
	char *path;          /* what execve runs: argv[0] (resolved in PATH) or VGL_SHELL */
	char *shell_line;    /* shell only: LINE, and LINE "$@" for appended arguments */
	char *shell_line_args;
	bool shell;
	bool enabled;
	bool unsafe;         /* failed the path check but runs (enable_script_security off) */
	bool set_ids;        /* the child switches to uid/gid/groups (the daemon is root) */
	uid_t uid;
	gid_t gid;
	gid_t *groups;
	int ngroups;
};

void vgl_logf(const struct vgl_runner_cb *cb, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Resolve the default script user (script_user, else keepalived_script, else the daemon). */
void vgl_cmd_env_init(struct vgl_cmd_env *env, const struct vg_conf_global *g, const struct vgl_runner_cb *cb);
void vgl_cmd_env_free(struct vgl_cmd_env *env);

/* True when the line must run through /bin/sh (rule above). */
bool vgl_cmd_needs_shell(const char *line);

/* Split like keepalived's script lines: spaces separate, ' and " group. malloc'd, NULL-terminated. */
char **vgl_cmd_split(const char *line, size_t *argc);
void vgl_cmd_argv_free(char **argv);

/*
 * keepalived's path check for a script run as root: every component from
 * "/" (not following symlinks) must be owned by root and, unless it is a
 * directory with the sticky bit, not writable by group (non-root group) or
 * others; intermediate components must be directories, the last a file or
 * a symlink. Returns 0 safe, 1 unsafe, -1 not found; `why` says which.
 */
int vgl_cmd_path_check(const char *path, char *why, size_t why_len);

/*
 * Prepare `line` (argv from the parser, or NULL to split it here) with an
 * optional user/group (NULL: the default). On failure the command is
 * logged and left with enabled = false. Returns 0, or -1 out of memory.
 */
int vgl_cmd_prepare(struct vgl_cmd *c, struct vgl_cmd_env *env, const char *what, const char *line,
		    const char *const *argv, size_t argc, const char *user, const char *group);
void vgl_cmd_free(struct vgl_cmd *c);

#endif
