/* kemu: include/linux/compiler_types.h. Sparse annotations are empty, as in a normal build. */
#ifndef __LINUX_COMPILER_TYPES_H
#define __LINUX_COMPILER_TYPES_H
#ifndef __ASSEMBLY__
#include <linux/compiler_attributes.h>
#define __user
#define __kernel
#define __safe
#define __force
#define __nocast
#define __iomem
#define __chk_user_ptr(x) (void)0
#define __chk_io_ptr(x) (void)0
#define __builtin_warning(x, y...) (1)
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)
#define __acquire(x) (void)0
#define __release(x) (void)0
#define __cond_lock(x, c) (c)
#define __percpu
#define __rcu
#define __private
#define ACCESS_PRIVATE(p, member) ((p)->member)
#define __bitwise
#define __bitwise__
#define notrace
#define __ro_after_init
#define __randomize_layout
#define __no_randomize_layout
#define randomized_struct_fields_start
#define randomized_struct_fields_end
#define __latent_entropy
#define inline inline __attribute__((__unused__))
#define __inline__ inline
#define __inline inline
#define noinline_for_stack noinline
#define __compiletime_error(msg)
#define __compiletime_warning(msg)
#define __same_type(a, b) __builtin_types_compatible_p(typeof(a), typeof(b))
#define __native_word(t) (sizeof(t) == sizeof(char) || sizeof(t) == sizeof(short) || sizeof(t) == sizeof(int) || sizeof(t) == sizeof(long))
#define __unqual_scalar_typeof(x) typeof(x)
#define asmlinkage
#define __init_or_module
#endif
#endif
