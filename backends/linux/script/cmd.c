// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: preparing a command line (see cmd.h): split, shell rule, PATH
 * search, user and group, executable and path security checks.
 */
#include "cmd.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#define LOG_LINE_MAX 1024
#define GROUPS_MAX 4096
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

void vgl_logf(const struct vgl_runner_cb *cb, int prio, const char *fmt, ...)
{
	char msg[LOG_LINE_MAX];
	va_list ap;

	if (!cb || !cb->log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cb->log(cb->ctx, prio, msg);
}

static char *dup_str(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* ---- users ---- */

/* Look up user (and group, default: the user's) and its supplementary groups. */
static int resolve_user(const struct vgl_runner_cb *cb, const char *user, const char *group, uid_t *uid,
			gid_t *gid, gid_t **groups, int *ngroups)
{
	const struct passwd *pw = getpwnam(user);
	int n = 32;
	gid_t *list;
	char *name;

	if (!pw) {
		vgl_logf(cb, LOG_ERR, "script user '%s' does not exist", user);
		return -1;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	name = strdup(pw->pw_name);
	if (!name)
		return -1;
	if (group) {
		const struct group *gr = getgrnam(group);

		if (!gr) {
			vgl_logf(cb, LOG_ERR, "script group '%s' does not exist", group);
			free(name);
			return -1;
		}
		*gid = gr->gr_gid;
	}
	/* initgroups() in the child would do NSS lookups after fork: get the list now */
	for (;;) {
		int want = n;

		list = malloc((size_t)n * sizeof(*list));
		if (!list) {
			free(name);
			return -1;
		}
		if (getgrouplist(name, *gid, list, &want) >= 0) {
			n = want;
			break;
		}
		free(list);
		if (want <= n)
			want = n * 2;
		if (want > GROUPS_MAX) {
			list = NULL;
			n = 0;
			break;
		}
		n = want;
	}
	free(name);
	*groups = list;
	*ngroups = n;
	return 0;
}

void vgl_cmd_env_init(struct vgl_cmd_env *env, const struct vg_conf_global *g, const struct vgl_runner_cb *cb)
{
	memset(env, 0, sizeof(*env));
	env->cb = cb;
	env->euid = geteuid();
	env->egid = getegid();
	env->security = g->enable_script_security;
	env->default_uid = env->euid;
	env->default_gid = env->egid;
	env->default_ok = true;
	if (g->script_user) {
		gid_t *groups = NULL;
		int n = 0;

		if (resolve_user(cb, g->script_user, g->script_group, &env->default_uid, &env->default_gid, &groups,
				 &n) < 0) {
			vgl_logf(cb, LOG_ERR,
				 "global_defs script_user '%s' cannot be used: scripts without their own user are "
				 "disabled", g->script_user);
			env->default_ok = false;
		} else {
			env->default_user = strdup(g->script_user);
			env->default_group = dup_str(g->script_group);
		}
		free(groups);
	} else if (getpwnam(VGL_DEFAULT_SCRIPT_USER)) {
		gid_t *groups = NULL;
		int n = 0;

		if (resolve_user(cb, VGL_DEFAULT_SCRIPT_USER, NULL, &env->default_uid, &env->default_gid, &groups,
				 &n) == 0)
			env->default_user = strdup(VGL_DEFAULT_SCRIPT_USER);
		free(groups);
	} else if (env->security) {
		vgl_logf(cb, LOG_ERR,
			 "default user '%s' for scripts does not exist and enable_script_security is set: "
			 "scripts without their own user are disabled (set global_defs script_user)",
			 VGL_DEFAULT_SCRIPT_USER);
		env->default_ok = false;
	} else {
		vgl_logf(cb, LOG_WARNING,
			 "default user '%s' for scripts does not exist: scripts run as uid %u (set global_defs "
			 "script_user)", VGL_DEFAULT_SCRIPT_USER, (unsigned)env->euid);
	}
}

void vgl_cmd_env_free(struct vgl_cmd_env *env)
{
	free(env->default_user);
	free(env->default_group);
	env->default_user = NULL;
	env->default_group = NULL;
}

/* ---- parsing ---- */

bool vgl_cmd_needs_shell(const char *line)
{
	static const char special[] = "|&;<>()$`\\*?[]~{}#\n";
	bool first_word = true, in_word = false;
	char quote = 0;

	for (const char *p = line; *p; p++) {
		char ch = *p;

		if (quote == '\'') {
			if (ch == '\'')
				quote = 0;
			continue;
		}
		if (quote == '"') {
			if (ch == '"')
				quote = 0;
			else if (ch == '$' || ch == '`' || ch == '\\')
				return true;
			continue;
		}
		if (ch == '\'' || ch == '"') {
			quote = ch;
			in_word = true;
			continue;
		}
		if (ch == ' ' || ch == '\t') {
			if (in_word)
				first_word = false;
			in_word = false;
			continue;
		}
		if (strchr(special, ch))
			return true;
		if (first_word && (ch == '=' || (ch == '!' && !in_word)))
			return true;
		in_word = true;
	}
	return false;
}

void vgl_cmd_argv_free(char **argv)
{
	if (!argv)
		return;
	for (char **a = argv; *a; a++)
		free(*a);
	free(argv);
}

char **vgl_cmd_split(const char *line, size_t *argc)
{
	size_t len = strlen(line), n = 0;
	char **argv = calloc(VGL_CMD_ARGS_MAX + 1, sizeof(*argv));
	char *word = malloc(len + 1);
	const char *q = line;

	if (!argv || !word)
		goto nomem;
	while (*q) {
		size_t o = 0;
		char quote = 0;

		while (*q == ' ' || *q == '\t')
			q++;
		if (!*q)
			break;
		while (*q && (quote || (*q != ' ' && *q != '\t'))) {
			if (quote && *q == quote)
				quote = 0;
			else if (!quote && (*q == '\'' || *q == '"'))
				quote = *q;
			else
				word[o++] = *q;
			q++;
		}
		word[o] = '\0';
		if (n == VGL_CMD_ARGS_MAX)
			break;
		argv[n] = strdup(word);
		if (!argv[n])
			goto nomem;
		n++;
	}
	free(word);
	*argc = n;
	return argv;
nomem:
	free(word);
	vgl_cmd_argv_free(argv);
	return NULL;
}

/* ---- files ---- */

/* One component of the path check; 0 safe, 1 unsafe, -1 missing. */
static int check_component(const char *path, bool last, bool last_is_dir, char *why, size_t why_len)
{
	struct stat st;
	bool sticky_dir;

	if (lstat(path, &st) < 0) {
		snprintf(why, why_len, "'%s': %s", path, strerror(errno));
		return -1;
	}
	if ((!last || last_is_dir) && !S_ISDIR(st.st_mode)) {
		snprintf(why, why_len, "'%s' is not a directory", path);
		return 1;
	}
	if (last && !last_is_dir && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
		snprintf(why, why_len, "'%s' is not a regular file", path);
		return 1;
	}
	if (st.st_uid != 0) {
		snprintf(why, why_len, "'%s' is owned by uid %u, not root", path, (unsigned)st.st_uid);
		return 1;
	}
	if (S_ISLNK(st.st_mode))
		return 0; /* a symlink's own mode means nothing */
	sticky_dir = S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX);
	if (!sticky_dir && ((st.st_gid != 0 && (st.st_mode & S_IWGRP)) || (st.st_mode & S_IWOTH))) {
		snprintf(why, why_len, "'%s' is writable by a non-root %s", path,
			 (st.st_mode & S_IWOTH) ? "user (others)" : "group");
		return 1;
	}
	return 0;
}

/* Every component of `path`; the last one a file, or a directory when last_is_dir. */
static int check_chain(const char *path, bool last_is_dir, char *why, size_t why_len)
{
	char prefix[PATH_MAX];
	size_t n = strlen(path);
	int rc;

	if (path[0] != '/' || n >= sizeof(prefix) || path[n - 1] == '/') {
		snprintf(why, why_len, "'%s' is not an absolute file path", path);
		return -1;
	}
	rc = check_component("/", false, false, why, why_len);
	if (rc)
		return rc;
	for (size_t i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		if (path[i - 1] == '/')
			continue; /* "//" */
		memcpy(prefix, path, i);
		prefix[i] = '\0';
		rc = check_component(prefix, path[i] == '\0', last_is_dir, why, why_len);
		if (rc)
			return rc;
	}
	return 0;
}

int vgl_cmd_path_check(const char *path, char *why, size_t why_len)
{
	return check_chain(path, false, why, why_len);
}

/* argv[0] as a path: itself if it has a '/', else the first executable match in PATH. */
static char *find_program(const char *name)
{
	const char *env = getenv("PATH");
	const char *p;
	char buf[PATH_MAX];

	if (strchr(name, '/'))
		return strdup(name);
	if (!*name)
		return NULL;
	p = (env && *env) ? env : DEFAULT_PATH;
	while (*p) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		struct stat st;

		if (len > 0 && (size_t)snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, p, name) < sizeof(buf) &&
		    stat(buf, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)))
			return strdup(buf);
		if (!end)
			break;
		p = end + 1;
	}
	return NULL;
}

static bool in_groups(gid_t g, const gid_t *groups, int n)
{
	for (int i = 0; i < n; i++)
		if (groups[i] == g)
			return true;
	return false;
}

static bool executable_by(const struct stat *st, const struct vgl_cmd *c)
{
	if (c->uid == 0)
		return (st->st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0;
	if (st->st_uid == c->uid)
		return (st->st_mode & S_IXUSR) != 0;
	if (st->st_gid == c->gid || in_groups(st->st_gid, c->groups, c->ngroups))
		return (st->st_mode & S_IXGRP) != 0;
	return (st->st_mode & S_IXOTH) != 0;
}

/* Check the resolved file and the directory the written name sits in. 0, 1 unsafe, -1 missing. */
static int check_file_security(const char *path, char *why, size_t why_len)
{
	char *real = realpath(path, NULL);
	char *dir_copy = strdup(path);
	char *slash = dir_copy ? strrchr(dir_copy, '/') : NULL;
	char *real_dir = NULL;
	int rc;

	if (!real) {
		snprintf(why, why_len, "'%s': %s", path, strerror(errno));
		free(dir_copy);
		return -1;
	}
	rc = vgl_cmd_path_check(real, why, why_len);
	if (rc == 0 && slash) {
		/* whoever can write the directory of a symlink can swap it */
		if (slash == dir_copy)
			slash[1] = '\0';
		else
			*slash = '\0';
		real_dir = realpath(dir_copy, NULL);
		if (real_dir && strcmp(real_dir, "/") != 0)
			rc = check_chain(real_dir, true, why, why_len);
	}
	free(real);
	free(real_dir);
	free(dir_copy);
	return rc;
}

static int set_user(struct vgl_cmd *c, struct vgl_cmd_env *env, const char *user, const char *group)
{
	if (user) {
		if (resolve_user(env->cb, user, group, &c->uid, &c->gid, &c->groups, &c->ngroups) < 0)
			return -1;
	} else {
		if (!env->default_ok)
			return -1;
		c->uid = env->default_uid;
		c->gid = env->default_gid;
		if (env->default_user &&
		    resolve_user(env->cb, env->default_user, env->default_group, &c->uid, &c->gid, &c->groups, &c->ngroups) < 0)
			return -1;
		if (!env->default_user) {
			c->groups = NULL;
			c->ngroups = 0;
		}
	}
	if (env->euid == 0) {
		c->set_ids = true;
	} else {
		if (c->uid != env->euid || c->gid != env->egid)
			vgl_logf(env->cb, LOG_WARNING, "%s: vigild is not root, runs as uid %u gid %u instead of %u:%u",
				 c->what, (unsigned)env->euid, (unsigned)env->egid, (unsigned)c->uid,
				 (unsigned)c->gid);
		c->uid = env->euid;
		c->gid = env->egid;
		free(c->groups);
		c->groups = NULL;
		c->ngroups = 0;
	}
	return 0;
}

/* Executable, and safe if it runs with root rights. Returns false to disable. */
static bool check_program(struct vgl_cmd *c, struct vgl_cmd_env *env, const char *prog)
{
	char why[PATH_MAX + 128];
	struct stat st;
	bool privileged;
	int rc;

	if (stat(prog, &st) < 0) {
		vgl_logf(env->cb, LOG_ERR, "%s: cannot access '%s': %s - disabled", c->what, prog, strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode) || !executable_by(&st, c)) {
		vgl_logf(env->cb, LOG_ERR, "%s: '%s' is not executable for uid %u gid %u - disabled", c->what, prog,
			 (unsigned)c->uid, (unsigned)c->gid);
		return false;
	}
	privileged = c->uid == 0 || c->gid == 0 ||
		     (st.st_uid == 0 && (st.st_mode & S_ISUID) && (st.st_mode & S_IXUSR)) ||
		     (st.st_gid == 0 && (st.st_mode & S_ISGID) && (st.st_mode & S_IXGRP));
	if (!privileged)
		return true;
	rc = check_file_security(prog, why, sizeof(why));
	if (rc < 0) {
		vgl_logf(env->cb, LOG_ERR, "%s: %s - disabled", c->what, why);
		return false;
	}
	if (rc > 0) {
		if (env->security) {
			vgl_logf(env->cb, LOG_ERR, "%s: unsafe permissions, %s - disabled (enable_script_security)",
				 c->what, why);
			return false;
		}
		vgl_logf(env->cb, LOG_WARNING, "%s: unsafe permissions, %s (runs anyway: enable_script_security "
			 "is off)", c->what, why);
		c->unsafe = true;
		env->unsafe_count++;
	}
	return true;
}

int vgl_cmd_prepare(struct vgl_cmd *c, struct vgl_cmd_env *env, const char *what, const char *line,
		    const char *const *argv, size_t argc, const char *user, const char *group)
{
	char *prog = NULL;

	memset(c, 0, sizeof(*c));
	c->what = dup_str(what);
	c->line = dup_str(line ? line : "");
	if (!c->what || !c->line)
		return -1;
	if (argv) {
		c->argv = calloc(argc + 1, sizeof(*c->argv));
		if (!c->argv)
			return -1;
		for (size_t i = 0; i < argc && i < VGL_CMD_ARGS_MAX; i++) {
			c->argv[i] = strdup(argv[i]);
			if (!c->argv[i])
				return -1;
			c->argc++;
		}
	} else {
		c->argv = vgl_cmd_split(c->line, &c->argc);
		if (!c->argv)
			return -1;
	}
	env->count++;
	if (c->argc == 0) {
		vgl_logf(env->cb, LOG_ERR, "%s: empty command - disabled", c->what);
		return 0;
	}
	if (set_user(c, env, user, group) < 0) {
		vgl_logf(env->cb, LOG_ERR, "%s: no usable user to run '%s' as - disabled", c->what, c->line);
		return 0;
	}
	c->shell = vgl_cmd_needs_shell(c->line);
	prog = find_program(c->argv[0]);
	if (c->shell) {
		size_t len = strlen(c->line) + sizeof(" \"$@\"");

		c->path = strdup(VGL_SHELL);
		c->shell_line = strdup(c->line);
		c->shell_line_args = malloc(len);
		if (!c->path || !c->shell_line || !c->shell_line_args) {
			free(prog);
			return -1;
		}
		snprintf(c->shell_line_args, len, "%s \"$@\"", c->line);
		/* the shell finds its words itself; check the first one only if it is a file */
		if (prog && access(prog, F_OK) == 0 && !check_program(c, env, prog)) {
			free(prog);
			return 0;
		}
		free(prog);
	} else {
		if (!prog) {
			vgl_logf(env->cb, LOG_ERR, "%s: cannot find '%s' in PATH - disabled", c->what, c->argv[0]);
			return 0;
		}
		c->path = prog;
		if (!check_program(c, env, prog))
			return 0;
	}
	c->enabled = true;
	return 0;
}

void vgl_cmd_free(struct vgl_cmd *c)
{
	free(c->what);
	free(c->line);
	vgl_cmd_argv_free(c->argv);
	free(c->path);
	free(c->shell_line);
	free(c->shell_line_args);
	free(c->groups);
	memset(c, 0, sizeof(*c));
}
