/* A user program whose ioctl makes modules/chardev/kq.c oops (test/modules/chardev.test.ts). */
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include "kq.h"

int main(int argc, char **argv)
{
	int fd = open(argv[1], O_RDWR);
	int r = ioctl(fd, KQ_OOPS, 0);

	printf("ioctl returned %d\n", r);
	return 0;
}
