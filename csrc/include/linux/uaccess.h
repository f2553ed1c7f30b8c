/* kemu: include/linux/uaccess.h - copying to and from user space. A user buffer reaches a driver
 * as a window of kernel memory that the system call set up for the calling task
 * (current->kemu_ubase/kemu_ulen); any pointer outside it faults, so a bad user pointer gives
 * -EFAULT and never touches kernel memory. access_ok takes 3 arguments before 5.0, 2 after. */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/version.h>

extern bool kemu_access_ok(const void __user *addr, unsigned long size);
extern unsigned long _copy_to_user(void __user *to, const void *from, unsigned long n);
extern unsigned long _copy_from_user(void *to, const void __user *from, unsigned long n);
extern unsigned long clear_user(void __user *to, unsigned long n);
extern long strncpy_from_user(char *dst, const char __user *src, long count);
extern long strnlen_user(const char __user *str, long n);

#define VERIFY_READ	0
#define VERIFY_WRITE	1
#define __kemu_access_ok3(type, addr, size) ((void)(type), kemu_access_ok((const void __user *)(addr), (size)))
#define __kemu_access_ok2(addr, size) kemu_access_ok((const void __user *)(addr), (size))
#define __kemu_access_ok_pick(_1, _2, _3, NAME, ...) NAME
#define access_ok(...) __kemu_access_ok_pick(__VA_ARGS__, __kemu_access_ok3, __kemu_access_ok2, _)(__VA_ARGS__)
#define __access_ok(addr, size) kemu_access_ok((const void __user *)(addr), (size))
/* 2.2/2.4: verify_area(type, addr, size) is 0 or -EFAULT */
#define verify_area(type, addr, size) (kemu_access_ok((const void __user *)(addr), (size)) ? 0 : -EFAULT)

static __always_inline unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	return _copy_to_user(to, from, n);
}
static __always_inline unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	return _copy_from_user(to, from, n);
}
#define __copy_to_user(to, from, n) _copy_to_user((to), (from), (n))
#define __copy_from_user(to, from, n) _copy_from_user((to), (from), (n))
#define __copy_to_user_inatomic __copy_to_user
#define __copy_from_user_inatomic __copy_from_user
#define __clear_user clear_user
/* 2.0's names */
#define memcpy_tofs(to, from, n) ((void)_copy_to_user((to), (from), (n)))
#define memcpy_fromfs(to, from, n) ((void)_copy_from_user((to), (from), (n)))

#define get_user(x, ptr) ({							\
	__typeof__(*(ptr)) __gu_val;						\
	int __gu_err = _copy_from_user(&__gu_val, (ptr), sizeof(*(ptr))) ? -EFAULT : 0; \
	(x) = __gu_err ? (__typeof__(*(ptr)))0 : __gu_val;			\
	__gu_err;								\
})
#define put_user(x, ptr) ({							\
	__typeof__(*(ptr)) __pu_val = (x);					\
	_copy_to_user((ptr), &__pu_val, sizeof(*(ptr))) ? -EFAULT : 0;		\
})
#define __get_user(x, ptr) get_user(x, ptr)
#define __put_user(x, ptr) put_user(x, ptr)
/* 2.2's one-argument get_user(ptr) returned the value */
#define get_user_ret(x, ptr, ret) ({ if (get_user(x, ptr)) return ret; })
#define put_user_ret(x, ptr, ret) ({ if (put_user(x, ptr)) return ret; })

/* set_fs(KERNEL_DS) is gone since 5.10; kemu accepts it and changes nothing */
typedef struct { unsigned long seg; } mm_segment_t;
#define KERNEL_DS ((mm_segment_t){ ~0UL })
#define USER_DS ((mm_segment_t){ 0 })
#define get_fs() USER_DS
#define get_ds() KERNEL_DS
#define set_fs(x) ((void)(x))

static inline void pagefault_disable(void) { }
static inline void pagefault_enable(void) { }
#endif
