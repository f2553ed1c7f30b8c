/* kemu: include/linux/string.h - the lib/string.c and mm/util.c string API of Linux 6.1.
 * No arch __builtin_* shortcuts and no FORTIFY_SOURCE: a module that does not get a call inlined
 * by clang imports the real symbol from the kernel. */
#ifndef _LINUX_STRING_H_
#define _LINUX_STRING_H_

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/errno.h>

/* The allocator lives in the TypeScript kernel; <linux/slab.h> declares it too. */
#ifndef KEMU_KMALLOC_DECLARED
#define KEMU_KMALLOC_DECLARED
void *__kmalloc(size_t size, gfp_t flags);
void kfree(const void *objp);
#endif

/* Provided by mm/ (they need copy_from_user), declared here as in Linux. */
extern char *strndup_user(const char __user *, long);
extern void *memdup_user(const void __user *, size_t);
extern void *vmemdup_user(const void __user *, size_t);
extern void *memdup_user_nul(const void __user *, size_t);

extern char *strcpy(char *, const char *);
extern char *strncpy(char *, const char *, __kernel_size_t);
size_t strlcpy(char *, const char *, size_t);
ssize_t strscpy(char *, const char *, size_t);
ssize_t strscpy_pad(char *dest, const char *src, size_t count);
extern char *stpcpy(char *__restrict__ dest, const char *__restrict__ src);
extern char *strcat(char *, const char *);
extern char *strncat(char *, const char *, __kernel_size_t);
extern size_t strlcat(char *, const char *, __kernel_size_t);
extern int strcmp(const char *, const char *);
extern int strncmp(const char *, const char *, __kernel_size_t);
extern int strcasecmp(const char *s1, const char *s2);
extern int strncasecmp(const char *s1, const char *s2, size_t n);
extern char *strchr(const char *, int);
extern char *strchrnul(const char *, int);
extern char *strnchrnul(const char *, size_t, int);
extern char *strnchr(const char *, size_t, int);
extern char *strrchr(const char *, int);
extern char *__must_check skip_spaces(const char *);
extern char *strim(char *);

static inline __must_check char *strstrip(char *str)
{
	return strim(str);
}

extern char *strstr(const char *, const char *);
extern char *strnstr(const char *, const char *, size_t);
extern __kernel_size_t strlen(const char *);
extern __kernel_size_t strnlen(const char *, __kernel_size_t);
extern char *strpbrk(const char *, const char *);
extern char *strsep(char **, const char *);
extern __kernel_size_t strspn(const char *, const char *);
extern __kernel_size_t strcspn(const char *, const char *);

extern void *memset(void *, int, __kernel_size_t);
extern void *memset16(uint16_t *, uint16_t, __kernel_size_t);
extern void *memset32(uint32_t *, uint32_t, __kernel_size_t);
extern void *memset64(uint64_t *, uint64_t, __kernel_size_t);

static inline void *memset_l(unsigned long *p, unsigned long v, __kernel_size_t n)
{
	return memset32((uint32_t *)p, v, n);
}

static inline void *memset_p(void **p, void *v, __kernel_size_t n)
{
	return memset32((uint32_t *)p, (uintptr_t)v, n);
}

extern void *memcpy(void *, const void *, __kernel_size_t);
extern void *memmove(void *, const void *, __kernel_size_t);
extern void *memscan(void *, int, __kernel_size_t);
extern int memcmp(const void *, const void *, __kernel_size_t);
extern int bcmp(const void *, const void *, __kernel_size_t);
extern void *memchr(const void *, int, __kernel_size_t);
void *memchr_inv(const void *s, int c, size_t n);
char *strreplace(char *s, char old, char new);

static inline void memcpy_flushcache(void *dst, const void *src, size_t cnt)
{
	memcpy(dst, src, cnt);
}

/* The barrier keeps clang from dropping the clearing of a dying buffer. */
static inline void memzero_explicit(void *s, size_t count)
{
	memset(s, 0, count);
	__asm__ __volatile__("" : : "r"(s) : "memory");
}

extern void kfree_const(const void *x);
extern char *kstrdup(const char *s, gfp_t gfp) __malloc;
extern const char *kstrdup_const(const char *s, gfp_t gfp);
extern char *kstrndup(const char *s, size_t len, gfp_t gfp);
extern void *kmemdup(const void *src, size_t len, gfp_t gfp);
extern char *kmemdup_nul(const char *s, size_t len, gfp_t gfp);

extern bool sysfs_streq(const char *s1, const char *s2);

/* Linux 6.1 still had strtobool() here; kstrtobool() is in <linux/kstrtox.h>. */
int __must_check kstrtobool(const char *s, bool *res);
static inline int strtobool(const char *s, bool *res)
{
	return kstrtobool(s, res);
}

int match_string(const char *const *array, size_t n, const char *string);
int __sysfs_match_string(const char *const *array, size_t n, const char *s);

/* ARRAY_SIZE() comes from <linux/kernel.h> at the point of use. */
#define sysfs_match_string(_a, _s) __sysfs_match_string(_a, ARRAY_SIZE(_a), _s)

static inline bool strstarts(const char *str, const char *prefix)
{
	return strncmp(str, prefix, strlen(prefix)) == 0;
}

/* Returns the length of @prefix when @str starts with it, else 0. */
static __always_inline size_t str_has_prefix(const char *str, const char *prefix)
{
	size_t len = strlen(prefix);
	return strncmp(str, prefix, len) == 0 ? len : 0;
}

static inline const char *kbasename(const char *path)
{
	const char *tail = strrchr(path, '/');
	return tail ? tail + 1 : path;
}

static inline void memcpy_and_pad(void *dest, size_t dest_len, const void *src, size_t count,
				  int pad)
{
	if (dest_len > count) {
		memcpy(dest, src, count);
		memset((char *)dest + count, pad, dest_len - count);
	} else {
		memcpy(dest, src, dest_len);
	}
}

/* Copy a C string into a fixed-size, non NUL-terminated char array (Linux 6.1 macros). */
#define strtomem_pad(dest, src, pad)                                                  \
	do {                                                                          \
		const size_t _dest_len = __builtin_object_size(dest, 1);              \
		const size_t _src_len = __builtin_object_size(src, 1);                \
		memcpy_and_pad(dest, _dest_len, src,                                  \
			       strnlen(src, _src_len < _dest_len ? _src_len : _dest_len), \
			       pad);                                                  \
	} while (0)

#define strtomem(dest, src)                                                            \
	do {                                                                           \
		const size_t _dest_len = __builtin_object_size(dest, 1);               \
		const size_t _src_len = __builtin_object_size(src, 1);                 \
		memcpy(dest, src, strnlen(src, _src_len < _dest_len ? _src_len : _dest_len)); \
	} while (0)

#define memset_after(obj, v, member)                                                  \
	({                                                                            \
		u8 *__ptr = (u8 *)(obj);                                              \
		typeof(v) __val = (v);                                                \
		memset(__ptr + offsetofend(typeof(*(obj)), member), __val,            \
		       sizeof(*(obj)) - offsetofend(typeof(*(obj)), member));         \
	})

#define memset_startat(obj, v, member)                                                \
	({                                                                            \
		u8 *__ptr = (u8 *)(obj);                                              \
		typeof(v) __val = (v);                                                \
		memset(__ptr + offsetof(typeof(*(obj)), member), __val,               \
		       sizeof(*(obj)) - offsetof(typeof(*(obj)), member));            \
	})

#endif /* _LINUX_STRING_H_ */
