// SPDX-License-Identifier: GPL-2.0
/* kemu: lib/usercopy.c and arch/x86/lib/usercopy - copy_{to,from}_user against the calling
 * task's user window. A fault copies nothing (Linux may copy a prefix); the return value is
 * the number of bytes not copied, as in Linux. */
#include <linux/uaccess.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/export.h>

bool kemu_access_ok(const void __user *addr, unsigned long size)
{
	unsigned long a = (unsigned long)addr;
	struct task_struct *t = current;

	if (!size)
		return true;
	if (!t->kemu_ulen || a < t->kemu_ubase)
		return false;
	a -= t->kemu_ubase;
	return a <= t->kemu_ulen && size <= t->kemu_ulen - a;
}
EXPORT_SYMBOL(kemu_access_ok);

unsigned long _copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!n)
		return 0;
	if (!kemu_access_ok(to, n))
		return n;
	memcpy((void __force *)to, from, n);
	return 0;
}
EXPORT_SYMBOL(_copy_to_user);

unsigned long _copy_from_user(void *to, const void __user *from, unsigned long n)
{
	if (!n)
		return 0;
	if (!kemu_access_ok(from, n)) {
		memset(to, 0, n);	/* Linux zeroes what it could not copy */
		return n;
	}
	memcpy(to, (const void __force *)from, n);
	return 0;
}
EXPORT_SYMBOL(_copy_from_user);

unsigned long clear_user(void __user *to, unsigned long n)
{
	if (!n)
		return 0;
	if (!kemu_access_ok(to, n))
		return n;
	memset((void __force *)to, 0, n);
	return 0;
}
EXPORT_SYMBOL(clear_user);

/* Returns the length copied (without the NUL), count when no NUL came first, -EFAULT on a fault */
long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long i;

	if (count <= 0)
		return 0;
	for (i = 0; i < count; i++) {
		if (!kemu_access_ok(src + i, 1))
			return -EFAULT;
		dst[i] = ((const char __force *)src)[i];
		if (!dst[i])
			return i;
	}
	return count;
}
EXPORT_SYMBOL(strncpy_from_user);

/* Length including the NUL; 0 on a fault; n + 1 when no NUL in n bytes */
long strnlen_user(const char __user *str, long n)
{
	long i;

	for (i = 0; i < n; i++) {
		if (!kemu_access_ok(str + i, 1))
			return 0;
		if (!((const char __force *)str)[i])
			return i + 1;
	}
	return n + 1;
}
EXPORT_SYMBOL(strnlen_user);
