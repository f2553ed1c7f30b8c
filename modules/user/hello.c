/*
 * hello.c - the smallest kemu user program: printf to stdout and one environment variable.
 *
 *   kemu build --user modules/user/hello.c -o hello
 *   ./hello [name]        (inside kemu: prints "Hello, <name>!" and $HOME)
 *
 * Built for wasm32-wasi with wasi-libc; the emulated kernel runs it as a process.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	const char *home = getenv("HOME");

	printf("Hello, %s!\n", argc > 1 ? argv[1] : "world");
	printf("HOME=%s\n", home ? home : "(unset)");
	return 0;
}
