/* kemu: arch/x86/include/asm/barrier.h + include/asm-generic/barrier.h. One CPU that runs one
 * task at a time and never reorders memory: every barrier only has to stop the compiler. */
#ifndef _ASM_BARRIER_H
#define _ASM_BARRIER_H
#include <linux/compiler.h>

#define mb()		barrier()
#define rmb()		barrier()
#define wmb()		barrier()
#define dma_rmb()	barrier()
#define dma_wmb()	barrier()
#define dma_mb()	barrier()
#define __smp_mb()	barrier()
#define __smp_rmb()	barrier()
#define __smp_wmb()	barrier()
#define smp_mb()	barrier()
#define smp_rmb()	barrier()
#define smp_wmb()	barrier()
#define virt_mb()	barrier()
#define virt_rmb()	barrier()
#define virt_wmb()	barrier()
#define io_stop_wc()	do { } while (0)

#define smp_mb__before_atomic()		barrier()
#define smp_mb__after_atomic()		barrier()
#define smp_mb__after_spinlock()	barrier()
#define smp_mb__after_unlock_lock()	barrier()
#define smp_acquire__after_ctrl_dep()	barrier()
/* Removed in 3.16 (smp_mb__{before,after}_atomic replaced them); still in older modules. */
#define smp_mb__before_atomic_inc()	barrier()
#define smp_mb__after_atomic_inc()	barrier()
#define smp_mb__before_atomic_dec()	barrier()
#define smp_mb__after_atomic_dec()	barrier()
#define smp_mb__before_clear_bit()	barrier()
#define smp_mb__after_clear_bit()	barrier()
/* Removed in 4.15 (folded into READ_ONCE). */
#define read_barrier_depends()		do { } while (0)
#define smp_read_barrier_depends()	do { } while (0)

#define smp_store_mb(var, value)	do { WRITE_ONCE(var, value); barrier(); } while (0)
#define set_mb(var, value)		smp_store_mb(var, value)	/* before 4.2 */
#define virt_store_mb(var, value)	smp_store_mb(var, value)

#define smp_store_release(p, v)		do { barrier(); WRITE_ONCE(*(p), (v)); } while (0)
#define smp_load_acquire(p)		({ typeof(*(p)) ___p1 = READ_ONCE(*(p)); barrier(); ___p1; })
#define virt_store_release(p, v)	smp_store_release(p, v)
#define virt_load_acquire(p)		smp_load_acquire(p)

/* Spin until cond_expr (which reads VAL) holds. Nothing else can change *ptr while this CPU
 * spins, so a condition false on entry would spin forever: kemu evaluates it once. */
#define smp_cond_load_relaxed(ptr, cond_expr) ({		\
	typeof(ptr) __PTR = (ptr);				\
	typeof(*(ptr)) VAL = READ_ONCE(*__PTR);			\
	(void)(cond_expr);					\
	VAL;							\
})
#define smp_cond_load_acquire(ptr, cond_expr) ({		\
	typeof(*(ptr)) __val = smp_cond_load_relaxed(ptr, cond_expr); \
	barrier();						\
	__val;							\
})
#endif
