// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: a plain main() for the fuzz harnesses: replay files without a fuzzer.
 *
 *   fuzz-<target>-replay FILE|DIR...
 *
 * Runs LLVMFuzzerTestOneInput() once per file (directories are read one
 * level deep, in name order, hidden files skipped). A broken invariant
 * aborts the process, so the meson test that replays the corpus and the
 * regression inputs fails; otherwise it prints the number of inputs run
 * and exits 0. An argument that cannot be read is an error (exit 2): a
 * corpus that silently vanished must not pass.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f) {
		perror(path);
		return -1;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		perror(path);
		fclose(f);
		return -1;
	}
	/* exactly n bytes (1 for an empty file), so ASan sees reads past the end */
	buf = malloc(n ? (size_t)n : 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int replay_dir(const char *dir, unsigned long *count)
{
	struct dirent **names;
	int n, i, rc = 0;

	n = scandir(dir, &names, NULL, by_name);
	if (n < 0) {
		perror(dir);
		return -1;
	}
	for (i = 0; i < n; i++) {
		char path[4096];
		struct stat st;

		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				if (replay_file(path) != 0)
					rc = -1;
				else
					(*count)++;
			}
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned long count = 0;
	struct stat st;
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			rc = 2;
		} else if (S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i], &count) != 0)
				rc = 2;
		} else if (replay_file(argv[i]) != 0) {
			rc = 2;
		} else {
			count++;
		}
	}
	printf("%s: replayed %lu inputs\n", argv[0], count);
	return rc;
}
