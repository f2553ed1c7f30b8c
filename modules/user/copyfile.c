/*
 * copyfile.c - cp(1) for one file: copy argv[1] to argv[2] (created or truncated, mode 0666
 * less the umask). It uses no standard stream unless something fails, so it works as a
 * usermode helper, which starts with no open file descriptors at all.
 *
 *   kemu build --user modules/user/copyfile.c -o copyfile
 *   ./copyfile /proc/version /tmp/version
 *
 * Exit status 0; on any error perror() names the file and the status is 1
 * (e.g. "copyfile: /nope: No such file or directory").
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static int fail(const char *prog, const char *what)
{
	fprintf(stderr, "%s: ", prog);
	perror(what);
	return 1;
}

int main(int argc, char **argv)
{
	char buf[4096];
	ssize_t n;
	int in, out;

	if (argc != 3) {
		fprintf(stderr, "usage: %s FROM TO\n", argv[0]);
		return 1;
	}
	in = open(argv[1], O_RDONLY);
	if (in < 0)
		return fail(argv[0], argv[1]);
	out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (out < 0)
		return fail(argv[0], argv[2]);
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, n) != n)
			return fail(argv[0], argv[2]);
	}
	if (n < 0)
		return fail(argv[0], argv[1]);
	if (close(out) < 0)
		return fail(argv[0], argv[2]);
	close(in);
	return 0;
}
