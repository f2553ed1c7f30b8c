/*
 * procread.c - reads a file with reads of a chosen size (tests of procfs and seq_file):
 *   procread FILE SIZE [CTL CMD]   read FILE SIZE bytes at a time to stdout; after the first
 *                                  read write CMD to CTL (a module changes /proc meanwhile)
 *   procread -s FILE OFF SIZE      lseek to OFF, one read of SIZE bytes
 *   procread -w FILE TEXT          write TEXT
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static int fail(const char *what) { fprintf(stderr, "procread: "); perror(what); return 1; }
int main(int argc, char **argv)
{
	char buf[65536];
	ssize_t n;
	int fd, reads = 0;
	if (argc >= 4 && !strcmp(argv[1], "-w")) {
		fd = open(argv[2], O_WRONLY);
		if (fd < 0) return fail(argv[2]);
		n = write(fd, argv[3], strlen(argv[3]));
		if (n < 0) return fail(argv[2]);
		printf("wrote %d\n", (int)n);
		return close(fd) ? fail("close") : 0;
	}
	if (argc >= 5 && !strcmp(argv[1], "-s")) {
		off_t off;
		fd = open(argv[2], O_RDONLY);
		if (fd < 0) return fail(argv[2]);
		off = lseek(fd, atoi(argv[3]), SEEK_SET);
		if (off < 0) return fail("lseek");
		n = read(fd, buf, atoi(argv[4]));
		if (n < 0) return fail(argv[2]);
		printf("at %d: [%.*s]\n", (int)off, (int)n, buf);
		return 0;
	}
	if (argc < 3) return 2;
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) return fail(argv[1]);
	for (;;) {
		n = read(fd, buf, atoi(argv[2]));
		if (n < 0) return fail(argv[1]);
		if (n == 0) break;
		reads++;
		fwrite(buf, 1, n, stdout);
		fflush(stdout);
		if (reads == 1 && argc > 4) {
			int ctl = open(argv[3], O_WRONLY);
			if (ctl < 0 || write(ctl, argv[4], strlen(argv[4])) < 0) return fail(argv[3]);
			close(ctl);
		}
	}
	fprintf(stderr, "%d reads\n", reads);
	close(fd);
	return 0;
}
