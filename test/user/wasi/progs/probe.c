/* probe.c - one test program, many behaviours: probe COMMAND [ARGS...] */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Recursion with a blocking write at the bottom: every frame goes into the asyncify save area. */
static int walk(int depth, int max)
{
	char pad[32];

	snprintf(pad, sizeof pad, "%d", depth);
	if (depth < max)
		return walk(depth + 1, max) + (pad[0] == '-');
	printf("depth %s\n", pad);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (!strcmp(cmd, "exit3"))
		exit(3);
	if (!strcmp(cmd, "return7"))
		return 7;
	if (!strcmp(cmd, "outerr")) {
		printf("out1\n");
		fprintf(stderr, "err1\n");
		printf("out2\n");
		return 0;
	}
	if (!strcmp(cmd, "args")) {
		for (int i = 0; i < argc; i++)
			printf("argv[%d]=%s\n", i, argv[i]);
		for (int i = 2; i < argc; i++)
			printf("%s=%s\n", argv[i], getenv(argv[i]) ? getenv(argv[i]) : "(null)");
		return 0;
	}
	if (!strcmp(cmd, "time")) {
		struct timespec mono;
		time_t t0 = time(NULL);
		sleep(2);
		struct timespec ts = { 0, 250000000 };
		nanosleep(&ts, NULL);
		clock_gettime(CLOCK_MONOTONIC, &mono);
		printf("t0=%lld t1=%lld mono=%lld.%09ld\n", (long long)t0, (long long)time(NULL),
		       (long long)mono.tv_sec, mono.tv_nsec);
		return 0;
	}
	if (!strcmp(cmd, "ls")) {
		DIR *d = opendir(argc > 2 ? argv[2] : ".");
		struct dirent *e;
		char *names[256];
		int n = 0;
		if (!d) {
			perror("opendir");
			return 1;
		}
		while ((e = readdir(d)) && n < 256)
			names[n++] = strdup(e->d_name);
		closedir(d);
		qsort(names, n, sizeof(names[0]), cmp);
		for (int i = 0; i < n; i++)
			printf("%s\n", names[i]);
		return 0;
	}
	if (!strcmp(cmd, "cwd")) {
		char buf[256];
		printf("cwd=%s\n", getcwd(buf, sizeof buf));
		if (argc > 2 && chdir(argv[2]) != 0) {
			perror("chdir");
			return 1;
		}
		printf("cwd=%s\n", getcwd(buf, sizeof buf));
		FILE *f = fopen("rel.txt", "r");
		if (f) {
			printf("rel.txt: %s", fgets(buf, sizeof buf, f));
			fclose(f);
		} else {
			perror("rel.txt");
		}
		return 0;
	}
	if (!strcmp(cmd, "files")) {
		if (mkdir("/tmp/d", 0755) != 0)
			perror("mkdir");
		FILE *f = fopen("/tmp/d/new.txt", "w");
		if (!f) {
			perror("fopen");
			return 1;
		}
		fprintf(f, "line %d\n", 1);
		fprintf(f, "line %d\n", 2);
		fclose(f);
		struct stat st;
		if (stat("/tmp/d/new.txt", &st) == 0)
			printf("size=%lld reg=%d\n", (long long)st.st_size, S_ISREG(st.st_mode));
		int fd = open("/tmp/d/new.txt", O_RDONLY);
		char buf[64] = { 0 };
		lseek(fd, 5, SEEK_SET);
		read(fd, buf, 1);
		printf("byte5=%s\n", buf);
		close(fd);
		if (unlink("/tmp/d/new.txt") != 0)
			perror("unlink");
		printf("exists=%d errno=%s\n", access("/tmp/d/new.txt", F_OK) == 0, strerror(errno));
		return 0;
	}
	if (!strcmp(cmd, "cat")) {
		/* stdin to stdout, line by line */
		char line[256];
		while (fgets(line, sizeof line, stdin))
			printf("got: %s", line);
		return 0;
	}
	if (!strcmp(cmd, "writes")) {
		int n = argc > 2 ? atoi(argv[2]) : 10000;
		int fd = open("/dev/null", O_WRONLY);
		for (int i = 0; i < n; i++)
			if (write(fd, "x", 1) != 1)
				return 2;
		return 0;
	}
	if (!strcmp(cmd, "abort"))
		abort();
	if (!strcmp(cmd, "null")) {
		void (*volatile fn)(void) = 0;
		fn();
	}
	if (!strcmp(cmd, "recurse"))
		return walk(1, atoi(argv[2]));
	if (!strcmp(cmd, "pid")) {
		printf("pid=%d\n", getpid());
		return 0;
	}
	if (!strcmp(cmd, "random")) {
		unsigned char b[8];
		arc4random_buf(b, sizeof b);
		for (int i = 0; i < 8; i++)
			printf("%02x", b[i]);
		printf("\n");
		return 0;
	}
	if (!strcmp(cmd, "isatty")) {
		printf("isatty(1)=%d\n", isatty(1));
		return 0;
	}
	fprintf(stderr, "probe: unknown command '%s'\n", cmd);
	return 2;
}
