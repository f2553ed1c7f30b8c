/* kemu: arch/x86/include/asm/cmpxchg.h - xchg/cmpxchg on any scalar size. The emulated CPU runs
 * one task at a time and never switches inside C code, so a plain read-modify-write is atomic. */
#ifndef _ASM_CMPXCHG_H
#define _ASM_CMPXCHG_H
#include <linux/compiler.h>

#define arch_xchg(ptr, x) ({						\
	__typeof__(*(ptr)) __xg_new = (x);				\
	__typeof__(*(ptr)) __xg_old = READ_ONCE(*(ptr));		\
	WRITE_ONCE(*(ptr), __xg_new);					\
	__xg_old;							\
})
#define arch_cmpxchg(ptr, o, n) ({					\
	__typeof__(*(ptr)) __cx_old = (o);				\
	__typeof__(*(ptr)) __cx_new = (n);				\
	__typeof__(*(ptr)) __cx_cur = READ_ONCE(*(ptr));		\
	if (__cx_cur == __cx_old)					\
		WRITE_ONCE(*(ptr), __cx_new);				\
	__cx_cur;							\
})
#define arch_try_cmpxchg(ptr, po, n) ({					\
	__typeof__(*(ptr)) *__tc_po = (po);				\
	__typeof__(*(ptr)) __tc_o = *__tc_po;				\
	__typeof__(*(ptr)) __tc_r = arch_cmpxchg((ptr), __tc_o, (n));	\
	if (__tc_r != __tc_o)						\
		*__tc_po = __tc_r;					\
	likely(__tc_r == __tc_o);					\
})

#define xchg(ptr, x)			arch_xchg(ptr, x)
#define xchg_relaxed(ptr, x)		arch_xchg(ptr, x)
#define xchg_acquire(ptr, x)		arch_xchg(ptr, x)
#define xchg_release(ptr, x)		arch_xchg(ptr, x)
#define cmpxchg(ptr, o, n)		arch_cmpxchg(ptr, o, n)
#define cmpxchg_relaxed(ptr, o, n)	arch_cmpxchg(ptr, o, n)
#define cmpxchg_acquire(ptr, o, n)	arch_cmpxchg(ptr, o, n)
#define cmpxchg_release(ptr, o, n)	arch_cmpxchg(ptr, o, n)
#define cmpxchg_local(ptr, o, n)	arch_cmpxchg(ptr, o, n)
#define cmpxchg64(ptr, o, n)		arch_cmpxchg(ptr, o, n)
#define cmpxchg64_relaxed(ptr, o, n)	arch_cmpxchg(ptr, o, n)
#define cmpxchg64_local(ptr, o, n)	arch_cmpxchg(ptr, o, n)
#define sync_cmpxchg(ptr, o, n)		arch_cmpxchg(ptr, o, n)
#define try_cmpxchg(ptr, po, n)		arch_try_cmpxchg(ptr, po, n)
#define try_cmpxchg_relaxed(ptr, po, n)	arch_try_cmpxchg(ptr, po, n)
#define try_cmpxchg_acquire(ptr, po, n)	arch_try_cmpxchg(ptr, po, n)
#define try_cmpxchg_release(ptr, po, n)	arch_try_cmpxchg(ptr, po, n)
#define try_cmpxchg64(ptr, po, n)	arch_try_cmpxchg(ptr, po, n)
#define try_cmpxchg_local(ptr, po, n)	arch_try_cmpxchg(ptr, po, n)
#endif
