/*
 * readfile.c - cat(1) for one file: open argv[1], copy its content to stdout.
 *
 *   kemu build --user modules/user/readfile.c -o readfile
 *   ./readfile /proc/version
 *
 * Exit status 0; on any error perror() names the file and the status is 1
 * (e.g. "readfile: /nope: No such file or directory").
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[4096];
	ssize_t n;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE\n", argv[0]);
		return 1;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "%s: ", argv[0]);
		perror(argv[1]);
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (write(STDOUT_FILENO, buf, n) != n) {
			perror("write");
			return 1;
		}
	}
	if (n < 0) {
		fprintf(stderr, "%s: ", argv[0]);
		perror(argv[1]);
		return 1;
	}
	close(fd);
	return 0;
}
