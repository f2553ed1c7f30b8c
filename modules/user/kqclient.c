/*
 * kqclient.c - a user program for modules/chardev/kq.c: ioctls, poll, O_NONBLOCK and blocking
 * reads of a char device.
 *
 *   kemu build --user modules/user/kqclient.c -o kqclient
 *   ./kqclient ioctl /dev/kq        # KQ_SET/KQ_GET/KQ_ADD/KQ_TWICE/KQ_MSG, bad numbers and pointers
 *   ./kqclient nonblock /dev/kqtick # an O_NONBLOCK read with nothing to read: EAGAIN
 *   ./kqclient poll /dev/kqtick     # poll: a timeout, then a tick
 *   ./kqclient read /dev/kqtick 3   # three blocking reads
 *   ./kqclient bench /dev/kq 100000 # that many small reads
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "../chardev/kq.h"

static int fail(const char *what)
{
	printf("%s: %s\n", what, strerror(errno));
	return 1;
}

static int do_ioctl(int fd)
{
	int v = 42, out = 0, r;
	struct kq_pair p = { 2, 3, 0 };
	char buf[64];
	ssize_t n;

	r = ioctl(fd, KQ_SET, &v);
	printf("KQ_SET 42 -> %d\n", r);
	r = ioctl(fd, KQ_GET, &out);
	printf("KQ_GET -> %d value %d\n", r, out);
	r = ioctl(fd, KQ_ADD, &p);
	printf("KQ_ADD 2+3 -> %d sum %d\n", r, p.sum);
	r = ioctl(fd, KQ_TWICE, 21);
	printf("KQ_TWICE 21 -> %d\n", r);
	r = ioctl(fd, KQ_MSG, "set by ioctl\n");
	printf("KQ_MSG -> %d\n", r);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = 0;
	printf("read: %s", buf);
	r = ioctl(fd, _IO('k', 99), 0);
	printf("unknown -> %d (%s)\n", r, r < 0 ? strerror(errno) : "");
	r = ioctl(fd, KQ_GET, (int *)0);
	printf("KQ_GET NULL -> %d (%s)\n", r, r < 0 ? strerror(errno) : "");
	r = ioctl(fd, KQ_SET, (int *)16);
	printf("KQ_SET bad pointer -> %d (%s)\n", r, r < 0 ? strerror(errno) : "");
	return 0;
}

int main(int argc, char **argv)
{
	int fd, i, n;
	char buf[64];
	ssize_t r;

	if (argc < 3) {
		fprintf(stderr, "usage: %s ioctl|nonblock|poll|read|bench DEVICE [N]\n", argv[0]);
		return 2;
	}
	n = argc > 3 ? atoi(argv[3]) : 1;
	fd = open(argv[2], strcmp(argv[1], "nonblock") ? O_RDWR : O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return fail(argv[2]);
	if (!strcmp(argv[1], "ioctl"))
		return do_ioctl(fd);
	if (!strcmp(argv[1], "nonblock")) {
		r = read(fd, buf, sizeof(buf));
		printf("nonblocking read -> %zd (%s)\n", r, r < 0 ? strerror(errno) : "");
		return 0;
	}
	if (!strcmp(argv[1], "poll")) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		r = poll(&pfd, 1, 100);
		printf("poll 100ms -> %zd revents %#x\n", r, pfd.revents);
		r = poll(&pfd, 1, -1);
		printf("poll -> %zd revents %#x\n", r, pfd.revents);
		r = read(fd, buf, sizeof(buf) - 1);
		buf[r > 0 ? r : 0] = 0;
		printf("read: %s", buf);
		return 0;
	}
	if (!strcmp(argv[1], "read")) {
		for (i = 0; i < n; i++) {
			r = read(fd, buf, sizeof(buf) - 1);
			if (r < 0)
				return fail("read");
			buf[r] = 0;
			printf("%s", buf);
			fflush(stdout);
		}
		return 0;
	}
	if (!strcmp(argv[1], "bench")) {
		long total = 0;

		for (i = 0; i < n; i++) {
			r = pread(fd, buf, 8, 0);
			if (r < 0)
				return fail("pread");
			total += r;
		}
		printf("%d reads, %ld bytes\n", n, total);
		return 0;
	}
	fprintf(stderr, "%s: unknown command %s\n", argv[0], argv[1]);
	return 2;
}
