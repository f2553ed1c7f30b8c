// SPDX-License-Identifier: GPL-2.0
/* kemu: lib/string.c plus the string duplicators of mm/util.c, with Linux 6.1 semantics.
 * Byte-at-a-time loops (no word-at-a-time tricks); memcpy/memmove/memset are single
 * memory.copy/memory.fill instructions (-mbulk-memory), so they cannot recurse into themselves.
 * kstrdup_const() always copies: there is no kernel .rodata range to recognise in wasm. */
#include <linux/types.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/errno.h>

#ifndef INT_MAX
#define INT_MAX ((int)(~0U >> 1))
#endif

int strncasecmp(const char *s1, const char *s2, size_t len)
{
	unsigned char c1, c2;

	if (!len)
		return 0;
	do {
		c1 = *s1++;
		c2 = *s2++;
		if (!c1 || !c2)
			break;
		if (c1 == c2)
			continue;
		c1 = tolower(c1);
		c2 = tolower(c2);
		if (c1 != c2)
			break;
	} while (--len);
	return (int)c1 - (int)c2;
}

int strcasecmp(const char *s1, const char *s2)
{
	int c1, c2;

	do {
		c1 = tolower(*s1++);
		c2 = tolower(*s2++);
	} while (c1 == c2 && c1 != 0);
	return c1 - c2;
}

char *strcpy(char *dest, const char *src)
{
	char *d = dest;

	while ((*d++ = *src++) != '\0')
		;
	return dest;
}

/* Pads the rest of @dest with NULs, and does not terminate when @src is too long. */
char *strncpy(char *dest, const char *src, size_t count)
{
	char *d = dest;

	for (; count; count--, d++) {
		*d = *src;
		if (*src)
			src++;
	}
	return dest;
}

size_t strlcpy(char *dest, const char *src, size_t size)
{
	size_t ret = strlen(src);

	if (size) {
		size_t len = ret >= size ? size - 1 : ret;

		__builtin_memcpy(dest, src, len);
		dest[len] = '\0';
	}
	return ret;
}

/* Returns the copied length, or -E2BIG when @src did not fit (the copy is then truncated). */
ssize_t strscpy(char *dest, const char *src, size_t count)
{
	size_t i;

	if (count == 0 || count > INT_MAX)
		return -E2BIG;
	for (i = 0; i < count; i++) {
		dest[i] = src[i];
		if (!src[i])
			return i;
	}
	dest[count - 1] = '\0';
	return -E2BIG;
}

ssize_t strscpy_pad(char *dest, const char *src, size_t count)
{
	ssize_t written = strscpy(dest, src, count);

	if (written < 0 || (size_t)written == count - 1)
		return written;
	__builtin_memset(dest + written + 1, 0, count - written - 1);
	return written;
}

char *stpcpy(char *__restrict__ dest, const char *__restrict__ src)
{
	while ((*dest++ = *src++) != '\0')
		;
	return --dest;
}

char *strcat(char *dest, const char *src)
{
	strcpy(dest + strlen(dest), src);
	return dest;
}

char *strncat(char *dest, const char *src, size_t count)
{
	char *d = dest + strlen(dest);

	if (!count)
		return dest;
	while ((*d++ = *src++) != '\0') {
		if (--count == 0) {
			*d = '\0';
			break;
		}
	}
	return dest;
}

size_t strlcat(char *dest, const char *src, size_t count)
{
	size_t dsize = strlen(dest);
	size_t len = strlen(src);
	size_t res = dsize + len;

	/* Linux BUG()s here: @dest was not terminated within @count. */
	if (dsize >= count)
		__builtin_trap();
	dest += dsize;
	count -= dsize;
	if (len >= count)
		len = count - 1;
	__builtin_memcpy(dest, src, len);
	dest[len] = '\0';
	return res;
}

/* Linux returns exactly -1, 0 or 1, comparing as unsigned char. */
int strcmp(const char *cs, const char *ct)
{
	unsigned char c1, c2;

	for (;;) {
		c1 = *cs++;
		c2 = *ct++;
		if (c1 != c2)
			return c1 < c2 ? -1 : 1;
		if (!c1)
			return 0;
	}
}

int strncmp(const char *cs, const char *ct, size_t count)
{
	unsigned char c1, c2;

	while (count--) {
		c1 = *cs++;
		c2 = *ct++;
		if (c1 != c2)
			return c1 < c2 ? -1 : 1;
		if (!c1)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (; *s != (char)c; s++)
		if (*s == '\0')
			return NULL;
	return (char *)s;
}

char *strchrnul(const char *s, int c)
{
	while (*s && *s != (char)c)
		s++;
	return (char *)s;
}

char *strnchrnul(const char *s, size_t count, int c)
{
	while (count-- && *s && *s != (char)c)
		s++;
	return (char *)s;
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	do {
		if (*s == (char)c)
			last = s;
	} while (*s++);
	return (char *)last;
}

char *strnchr(const char *s, size_t count, int c)
{
	while (count--) {
		if (*s == (char)c)
			return (char *)s;
		if (*s++ == '\0')
			break;
	}
	return NULL;
}

char *skip_spaces(const char *str)
{
	while (isspace(*str))
		str++;
	return (char *)str;
}

/* Cuts trailing white space in place and returns the first non-space character. */
char *strim(char *s)
{
	size_t size = strlen(s);
	char *end;

	if (!size)
		return s;
	end = s + size - 1;
	while (end >= s && isspace(*end))
		end--;
	end[1] = '\0';
	return skip_spaces(s);
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t count)
{
	const char *p = s;

	while (count-- && *p)
		p++;
	return p - s;
}

size_t strspn(const char *s, const char *accept)
{
	const char *p = s;

	while (*p && strchr(accept, *p))
		p++;
	return p - s;
}

size_t strcspn(const char *s, const char *reject)
{
	const char *p = s;

	while (*p && !strchr(reject, *p))
		p++;
	return p - s;
}

char *strpbrk(const char *cs, const char *ct)
{
	const char *a, *b;

	for (a = cs; *a; a++)
		for (b = ct; *b; b++)
			if (*a == *b)
				return (char *)a;
	return NULL;
}

char *strsep(char **s, const char *ct)
{
	char *sbegin = *s;
	char *end;

	if (!sbegin)
		return NULL;
	end = strpbrk(sbegin, ct);
	if (end)
		*end++ = '\0';
	*s = end;
	return sbegin;
}

void *memset(void *s, int c, size_t count)
{
	__builtin_memset(s, c, count);
	return s;
}

void *memset16(uint16_t *s, uint16_t v, size_t count)
{
	uint16_t *p = s;

	while (count--)
		*p++ = v;
	return s;
}

void *memset32(uint32_t *s, uint32_t v, size_t count)
{
	uint32_t *p = s;

	while (count--)
		*p++ = v;
	return s;
}

void *memset64(uint64_t *s, uint64_t v, size_t count)
{
	uint64_t *p = s;

	while (count--)
		*p++ = v;
	return s;
}

void *memcpy(void *dest, const void *src, size_t count)
{
	__builtin_memcpy(dest, src, count);
	return dest;
}

void *memmove(void *dest, const void *src, size_t count)
{
	__builtin_memmove(dest, src, count);
	return dest;
}

/* Returns the difference of the first differing bytes (not just its sign), like Linux. */
int memcmp(const void *cs, const void *ct, size_t count)
{
	const unsigned char *a = cs, *b = ct;
	int res = 0;

	for (; count; count--, a++, b++) {
		res = *a - *b;
		if (res)
			break;
	}
	return res;
}

int bcmp(const void *a, const void *b, size_t len)
{
	return memcmp(a, b, len);
}

/* Like memchr() but returns @addr + @size instead of NULL when @c is absent. */
void *memscan(void *addr, int c, size_t size)
{
	unsigned char *p = addr;

	for (; size; size--, p++)
		if (*p == (unsigned char)c)
			break;
	return p;
}

char *strstr(const char *s1, const char *s2)
{
	size_t l1, l2 = strlen(s2);

	if (!l2)
		return (char *)s1;
	for (l1 = strlen(s1); l1 >= l2; l1--, s1++)
		if (!memcmp(s1, s2, l2))
			return (char *)s1;
	return NULL;
}

char *strnstr(const char *s1, const char *s2, size_t len)
{
	size_t l2 = strlen(s2);

	if (!l2)
		return (char *)s1;
	for (; len >= l2; len--, s1++)
		if (!memcmp(s1, s2, l2))
			return (char *)s1;
	return NULL;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

/* Returns the first byte that differs from @c, or NULL when all @bytes equal it. */
void *memchr_inv(const void *start, int c, size_t bytes)
{
	const u8 *p = start;
	u8 value = c;

	for (; bytes; bytes--, p++)
		if (*p != value)
			return (void *)p;
	return NULL;
}

char *strreplace(char *s, char old, char new)
{
	for (; *s; s++)
		if (*s == old)
			*s = new;
	return s;
}

/* Equal, or equal up to one trailing newline on either side (sysfs input ends with one). */
bool sysfs_streq(const char *s1, const char *s2)
{
	while (*s1 && *s1 == *s2) {
		s1++;
		s2++;
	}
	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	if (*s1 == '\n' && !s1[1] && !*s2)
		return true;
	return false;
}

/* A NULL entry ends @array early. */
int match_string(const char *const *array, size_t n, const char *string)
{
	size_t i;

	for (i = 0; i < n && array[i]; i++)
		if (!strcmp(array[i], string))
			return i;
	return -EINVAL;
}

int __sysfs_match_string(const char *const *array, size_t n, const char *str)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!array[i])
			continue;
		if (sysfs_streq(array[i], str))
			return i;
	}
	return -EINVAL;
}

/* mm/util.c */

void kfree_const(const void *x)
{
	kfree(x);
}

char *kstrdup(const char *s, gfp_t gfp)
{
	size_t len;
	char *buf;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	buf = __kmalloc(len, gfp);
	if (buf)
		__builtin_memcpy(buf, s, len);
	return buf;
}

const char *kstrdup_const(const char *s, gfp_t gfp)
{
	return kstrdup(s, gfp);
}

char *kstrndup(const char *s, size_t max, gfp_t gfp)
{
	size_t len;
	char *buf;

	if (!s)
		return NULL;
	len = strnlen(s, max);
	buf = __kmalloc(len + 1, gfp);
	if (buf) {
		__builtin_memcpy(buf, s, len);
		buf[len] = '\0';
	}
	return buf;
}

void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = __kmalloc(len, gfp);

	if (p)
		__builtin_memcpy(p, src, len);
	return p;
}

char *kmemdup_nul(const char *s, size_t len, gfp_t gfp)
{
	char *buf;

	if (!s)
		return NULL;
	buf = __kmalloc(len + 1, gfp);
	if (buf) {
		__builtin_memcpy(buf, s, len);
		buf[len] = '\0';
	}
	return buf;
}
