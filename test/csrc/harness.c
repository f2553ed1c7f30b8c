/* Test-only harness for the csrc/lib tests: a bump allocator standing in for the TypeScript
 * kernel's __kmalloc/kfree, and a few real C call sites (clang's own variadic calls and the
 * static inline helpers of the headers) that JavaScript cannot exercise directly. */
#include <linux/types.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/kstrtox.h>
#include <linux/sprintf.h>
#include <linux/hex.h>

#define ARENA_SIZE (1 << 20)

static char arena[ARENA_SIZE] __aligned(16);
static size_t arena_used;
int harness_kfree_calls;

void *__kmalloc(size_t size, gfp_t flags)
{
	void *p;

	(void)flags;
	size = (size + 15) & ~15U;
	if (size > ARENA_SIZE - arena_used)
		return NULL;
	p = arena + arena_used;
	arena_used += size;
	return p;
}

void kfree(const void *objp)
{
	if (objp)
		harness_kfree_calls++;
}

void harness_reset(void)
{
	arena_used = 0;
	harness_kfree_calls = 0;
}

/* Mixed argument sizes through a clang-generated variadic call. */
int harness_c_snprintf(char *buf, int size)
{
	return snprintf(buf, size, "%5.2s|%-4d|%04x|%llu|%zu|%px|%hhd|%c|%lld", "abc", 7, 255,
			1234567890123ULL, sizeof(char[42]), (void *)0x1234, 300, 'Z', -5LL);
}

char *harness_c_kasprintf(void)
{
	return kasprintf(0, "%s-%d-%llx", "abc", 42, 0xdeadbeefcafeULL);
}

static int forward(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}

int harness_c_vscnprintf(char *buf, int size)
{
	return forward(buf, size, "[%s:%u]", "truncated?", 12345u);
}

int harness_c_sscanf(int *a, unsigned long long *b, char *word, unsigned char *c, int *consumed)
{
	return sscanf("  -17 0x1fffffffff hello 200 tail", "%d %llx %s %hhu%n", a, b, word, c,
		      consumed);
}

/* The static inline parts of the headers; returns a bit per failed check. */
int harness_inline_checks(void)
{
	char buf[32] = "  padded \t\n";
	char fixed[6];
	unsigned long ul = 0;
	long l = 0;
	u64 u64v = 0;
	s32 s32v = 0;
	bool b = false;
	int fails = 0;

	if (strcmp(strstrip(buf), "padded"))
		fails |= 1 << 0;
	if (kstrtoul("4294967295", 10, &ul) || ul != 4294967295UL)
		fails |= 1 << 1;
	if (kstrtoul("4294967296", 10, &ul) != -ERANGE)
		fails |= 1 << 2;
	if (kstrtol("-2147483648", 0, &l) || l != (-2147483647L - 1))
		fails |= 1 << 3;
	if (kstrtou64("0xffffffffffffffff", 0, &u64v) || u64v != ~0ULL)
		fails |= 1 << 4;
	if (kstrtos32("-0x10", 16, &s32v) || s32v != -16)
		fails |= 1 << 5;
	if (strtobool("on", &b) || !b)
		fails |= 1 << 6;
	if (str_has_prefix("kemu_module", "kemu_") != 5 || str_has_prefix("kemu", "kemu_"))
		fails |= 1 << 7;
	if (tolower('Q') != 'q' || toupper('q') != 'Q' || tolower(0xC0) != 0xE0 || !isdigit('7') ||
	    isdigit('a') || _tolower('X') != 'x' || !isodigit('7') || isodigit('8'))
		fails |= 1 << 8;
	if (strcmp(kbasename("/lib/modules/x.ko"), "x.ko") || strcmp(kbasename("x.ko"), "x.ko"))
		fails |= 1 << 9;
	memset(fixed, 'x', sizeof(fixed));
	strtomem_pad(fixed, "abc", 0);
	if (memcmp(fixed, "abc\0\0\0", 6))
		fails |= 1 << 10;
	memset(fixed, 'x', sizeof(fixed));
	strtomem(fixed, "abcdefgh");
	if (memcmp(fixed, "abcdef", 6))
		fails |= 1 << 11;
	memzero_explicit(fixed, sizeof(fixed));
	if (memchr_inv(fixed, 0, sizeof(fixed)))
		fails |= 1 << 12;
	if (!strstarts("vmlinux", "vm") || strstarts("vm", "vmlinux"))
		fails |= 1 << 13;
	{
		char hex[4];
		char *end = hex_byte_pack(hex, 0xa5);

		end = hex_byte_pack_upper(end, 0x5c);
		if (memcmp(hex, "a55C", 4))
			fails |= 1 << 14;
	}
	return fails;
}
