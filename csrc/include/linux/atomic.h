/* kemu: include/linux/atomic.h (+ the generated atomic-instrumented/atomic-long headers) -
 * atomic_t, atomic64_t and atomic_long_t with Linux 6.1's operation set. One CPU never switches
 * tasks inside C code, so plain read-modify-write is atomic; every ordering variant
 * (_relaxed/_acquire/_release) is the fully ordered operation. */
#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H
#include <linux/types.h>
#include <linux/compiler.h>
#include <asm/barrier.h>
#include <asm/cmpxchg.h>

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC64_INIT(i)	{ (i) }
#define ATOMIC_LONG_INIT(i)	ATOMIC_INIT(i)

static __always_inline int atomic_read(const atomic_t *v) { return READ_ONCE(v->counter); }
static __always_inline int atomic_read_acquire(const atomic_t *v) { return smp_load_acquire(&v->counter); }
static __always_inline void atomic_set(atomic_t *v, int i) { WRITE_ONCE(v->counter, i); }
static __always_inline void atomic_set_release(atomic_t *v, int i) { smp_store_release(&v->counter, i); }
static __always_inline void atomic_add(int i, atomic_t *v) { v->counter += i; }
static __always_inline void atomic_sub(int i, atomic_t *v) { v->counter -= i; }
static __always_inline void atomic_inc(atomic_t *v) { v->counter++; }
static __always_inline void atomic_dec(atomic_t *v) { v->counter--; }
static __always_inline void atomic_and(int i, atomic_t *v) { v->counter &= i; }
static __always_inline void atomic_andnot(int i, atomic_t *v) { v->counter &= ~i; }
static __always_inline void atomic_or(int i, atomic_t *v) { v->counter |= i; }
static __always_inline void atomic_xor(int i, atomic_t *v) { v->counter ^= i; }
static __always_inline int atomic_add_return(int i, atomic_t *v) { return v->counter += i; }
static __always_inline int atomic_sub_return(int i, atomic_t *v) { return v->counter -= i; }
static __always_inline int atomic_inc_return(atomic_t *v) { return ++v->counter; }
static __always_inline int atomic_dec_return(atomic_t *v) { return --v->counter; }
static __always_inline int atomic_fetch_add(int i, atomic_t *v) { int old = v->counter; v->counter = old + i; return old; }
static __always_inline int atomic_fetch_sub(int i, atomic_t *v) { int old = v->counter; v->counter = old - i; return old; }
static __always_inline int atomic_fetch_inc(atomic_t *v) { return v->counter++; }
static __always_inline int atomic_fetch_dec(atomic_t *v) { return v->counter--; }
static __always_inline int atomic_fetch_and(int i, atomic_t *v) { int old = v->counter; v->counter = old & i; return old; }
static __always_inline int atomic_fetch_andnot(int i, atomic_t *v) { int old = v->counter; v->counter = old & ~i; return old; }
static __always_inline int atomic_fetch_or(int i, atomic_t *v) { int old = v->counter; v->counter = old | i; return old; }
static __always_inline int atomic_fetch_xor(int i, atomic_t *v) { int old = v->counter; v->counter = old ^ i; return old; }
static __always_inline bool atomic_sub_and_test(int i, atomic_t *v) { return (v->counter -= i) == 0; }
static __always_inline bool atomic_dec_and_test(atomic_t *v) { return --v->counter == 0; }
static __always_inline bool atomic_inc_and_test(atomic_t *v) { return ++v->counter == 0; }
static __always_inline bool atomic_add_negative(int i, atomic_t *v) { return (v->counter += i) < 0; }
static __always_inline int atomic_xchg(atomic_t *v, int n) { int old = v->counter; v->counter = n; return old; }
static __always_inline int atomic_cmpxchg(atomic_t *v, int o, int n) { int old = v->counter; if (old == o) v->counter = n; return old; }
static __always_inline bool atomic_try_cmpxchg(atomic_t *v, int *o, int n) { int old = v->counter; if (old == *o) { v->counter = n; return true; } *o = old; return false; }
static __always_inline int atomic_fetch_add_unless(atomic_t *v, int a, int u) { int c = v->counter; if (c != u) v->counter = c + a; return c; }
static __always_inline bool atomic_add_unless(atomic_t *v, int a, int u) { return atomic_fetch_add_unless(v, a, u) != u; }
static __always_inline bool atomic_inc_not_zero(atomic_t *v) { return atomic_add_unless(v, 1, 0); }
static __always_inline bool atomic_inc_unless_negative(atomic_t *v) { if (v->counter < 0) return false; v->counter++; return true; }
static __always_inline bool atomic_dec_unless_positive(atomic_t *v) { if (v->counter > 0) return false; v->counter--; return true; }
static __always_inline int atomic_dec_if_positive(atomic_t *v) { int d = v->counter - 1; if (d >= 0) v->counter = d; return d; }
#define atomic_add_return_relaxed atomic_add_return
#define atomic_add_return_acquire atomic_add_return
#define atomic_add_return_release atomic_add_return
#define atomic_sub_return_relaxed atomic_sub_return
#define atomic_sub_return_acquire atomic_sub_return
#define atomic_sub_return_release atomic_sub_return
#define atomic_inc_return_relaxed atomic_inc_return
#define atomic_inc_return_acquire atomic_inc_return
#define atomic_inc_return_release atomic_inc_return
#define atomic_dec_return_relaxed atomic_dec_return
#define atomic_dec_return_acquire atomic_dec_return
#define atomic_dec_return_release atomic_dec_return
#define atomic_fetch_add_relaxed atomic_fetch_add
#define atomic_fetch_add_acquire atomic_fetch_add
#define atomic_fetch_add_release atomic_fetch_add
#define atomic_fetch_sub_relaxed atomic_fetch_sub
#define atomic_fetch_sub_acquire atomic_fetch_sub
#define atomic_fetch_sub_release atomic_fetch_sub
#define atomic_fetch_inc_relaxed atomic_fetch_inc
#define atomic_fetch_inc_acquire atomic_fetch_inc
#define atomic_fetch_inc_release atomic_fetch_inc
#define atomic_fetch_dec_relaxed atomic_fetch_dec
#define atomic_fetch_dec_acquire atomic_fetch_dec
#define atomic_fetch_dec_release atomic_fetch_dec
#define atomic_fetch_and_relaxed atomic_fetch_and
#define atomic_fetch_and_acquire atomic_fetch_and
#define atomic_fetch_and_release atomic_fetch_and
#define atomic_fetch_andnot_relaxed atomic_fetch_andnot
#define atomic_fetch_andnot_acquire atomic_fetch_andnot
#define atomic_fetch_andnot_release atomic_fetch_andnot
#define atomic_fetch_or_relaxed atomic_fetch_or
#define atomic_fetch_or_acquire atomic_fetch_or
#define atomic_fetch_or_release atomic_fetch_or
#define atomic_fetch_xor_relaxed atomic_fetch_xor
#define atomic_fetch_xor_acquire atomic_fetch_xor
#define atomic_fetch_xor_release atomic_fetch_xor
#define atomic_xchg_relaxed atomic_xchg
#define atomic_xchg_acquire atomic_xchg
#define atomic_xchg_release atomic_xchg
#define atomic_cmpxchg_relaxed atomic_cmpxchg
#define atomic_cmpxchg_acquire atomic_cmpxchg
#define atomic_cmpxchg_release atomic_cmpxchg
#define atomic_try_cmpxchg_relaxed atomic_try_cmpxchg
#define atomic_try_cmpxchg_acquire atomic_try_cmpxchg
#define atomic_try_cmpxchg_release atomic_try_cmpxchg

static __always_inline s64 atomic64_read(const atomic64_t *v) { return READ_ONCE(v->counter); }
static __always_inline s64 atomic64_read_acquire(const atomic64_t *v) { return smp_load_acquire(&v->counter); }
static __always_inline void atomic64_set(atomic64_t *v, s64 i) { WRITE_ONCE(v->counter, i); }
static __always_inline void atomic64_set_release(atomic64_t *v, s64 i) { smp_store_release(&v->counter, i); }
static __always_inline void atomic64_add(s64 i, atomic64_t *v) { v->counter += i; }
static __always_inline void atomic64_sub(s64 i, atomic64_t *v) { v->counter -= i; }
static __always_inline void atomic64_inc(atomic64_t *v) { v->counter++; }
static __always_inline void atomic64_dec(atomic64_t *v) { v->counter--; }
static __always_inline void atomic64_and(s64 i, atomic64_t *v) { v->counter &= i; }
static __always_inline void atomic64_andnot(s64 i, atomic64_t *v) { v->counter &= ~i; }
static __always_inline void atomic64_or(s64 i, atomic64_t *v) { v->counter |= i; }
static __always_inline void atomic64_xor(s64 i, atomic64_t *v) { v->counter ^= i; }
static __always_inline s64 atomic64_add_return(s64 i, atomic64_t *v) { return v->counter += i; }
static __always_inline s64 atomic64_sub_return(s64 i, atomic64_t *v) { return v->counter -= i; }
static __always_inline s64 atomic64_inc_return(atomic64_t *v) { return ++v->counter; }
static __always_inline s64 atomic64_dec_return(atomic64_t *v) { return --v->counter; }
static __always_inline s64 atomic64_fetch_add(s64 i, atomic64_t *v) { s64 old = v->counter; v->counter = old + i; return old; }
static __always_inline s64 atomic64_fetch_sub(s64 i, atomic64_t *v) { s64 old = v->counter; v->counter = old - i; return old; }
static __always_inline s64 atomic64_fetch_inc(atomic64_t *v) { return v->counter++; }
static __always_inline s64 atomic64_fetch_dec(atomic64_t *v) { return v->counter--; }
static __always_inline s64 atomic64_fetch_and(s64 i, atomic64_t *v) { s64 old = v->counter; v->counter = old & i; return old; }
static __always_inline s64 atomic64_fetch_andnot(s64 i, atomic64_t *v) { s64 old = v->counter; v->counter = old & ~i; return old; }
static __always_inline s64 atomic64_fetch_or(s64 i, atomic64_t *v) { s64 old = v->counter; v->counter = old | i; return old; }
static __always_inline s64 atomic64_fetch_xor(s64 i, atomic64_t *v) { s64 old = v->counter; v->counter = old ^ i; return old; }
static __always_inline bool atomic64_sub_and_test(s64 i, atomic64_t *v) { return (v->counter -= i) == 0; }
static __always_inline bool atomic64_dec_and_test(atomic64_t *v) { return --v->counter == 0; }
static __always_inline bool atomic64_inc_and_test(atomic64_t *v) { return ++v->counter == 0; }
static __always_inline bool atomic64_add_negative(s64 i, atomic64_t *v) { return (v->counter += i) < 0; }
static __always_inline s64 atomic64_xchg(atomic64_t *v, s64 n) { s64 old = v->counter; v->counter = n; return old; }
static __always_inline s64 atomic64_cmpxchg(atomic64_t *v, s64 o, s64 n) { s64 old = v->counter; if (old == o) v->counter = n; return old; }
static __always_inline bool atomic64_try_cmpxchg(atomic64_t *v, s64 *o, s64 n) { s64 old = v->counter; if (old == *o) { v->counter = n; return true; } *o = old; return false; }
static __always_inline s64 atomic64_fetch_add_unless(atomic64_t *v, s64 a, s64 u) { s64 c = v->counter; if (c != u) v->counter = c + a; return c; }
static __always_inline bool atomic64_add_unless(atomic64_t *v, s64 a, s64 u) { return atomic64_fetch_add_unless(v, a, u) != u; }
static __always_inline bool atomic64_inc_not_zero(atomic64_t *v) { return atomic64_add_unless(v, 1, 0); }
static __always_inline bool atomic64_inc_unless_negative(atomic64_t *v) { if (v->counter < 0) return false; v->counter++; return true; }
static __always_inline bool atomic64_dec_unless_positive(atomic64_t *v) { if (v->counter > 0) return false; v->counter--; return true; }
static __always_inline s64 atomic64_dec_if_positive(atomic64_t *v) { s64 d = v->counter - 1; if (d >= 0) v->counter = d; return d; }
#define atomic64_add_return_relaxed atomic64_add_return
#define atomic64_add_return_acquire atomic64_add_return
#define atomic64_add_return_release atomic64_add_return
#define atomic64_sub_return_relaxed atomic64_sub_return
#define atomic64_sub_return_acquire atomic64_sub_return
#define atomic64_sub_return_release atomic64_sub_return
#define atomic64_inc_return_relaxed atomic64_inc_return
#define atomic64_inc_return_acquire atomic64_inc_return
#define atomic64_inc_return_release atomic64_inc_return
#define atomic64_dec_return_relaxed atomic64_dec_return
#define atomic64_dec_return_acquire atomic64_dec_return
#define atomic64_dec_return_release atomic64_dec_return
#define atomic64_fetch_add_relaxed atomic64_fetch_add
#define atomic64_fetch_add_acquire atomic64_fetch_add
#define atomic64_fetch_add_release atomic64_fetch_add
#define atomic64_fetch_sub_relaxed atomic64_fetch_sub
#define atomic64_fetch_sub_acquire atomic64_fetch_sub
#define atomic64_fetch_sub_release atomic64_fetch_sub
#define atomic64_fetch_inc_relaxed atomic64_fetch_inc
#define atomic64_fetch_inc_acquire atomic64_fetch_inc
#define atomic64_fetch_inc_release atomic64_fetch_inc
#define atomic64_fetch_dec_relaxed atomic64_fetch_dec
#define atomic64_fetch_dec_acquire atomic64_fetch_dec
#define atomic64_fetch_dec_release atomic64_fetch_dec
#define atomic64_fetch_and_relaxed atomic64_fetch_and
#define atomic64_fetch_and_acquire atomic64_fetch_and
#define atomic64_fetch_and_release atomic64_fetch_and
#define atomic64_fetch_andnot_relaxed atomic64_fetch_andnot
#define atomic64_fetch_andnot_acquire atomic64_fetch_andnot
#define atomic64_fetch_andnot_release atomic64_fetch_andnot
#define atomic64_fetch_or_relaxed atomic64_fetch_or
#define atomic64_fetch_or_acquire atomic64_fetch_or
#define atomic64_fetch_or_release atomic64_fetch_or
#define atomic64_fetch_xor_relaxed atomic64_fetch_xor
#define atomic64_fetch_xor_acquire atomic64_fetch_xor
#define atomic64_fetch_xor_release atomic64_fetch_xor
#define atomic64_xchg_relaxed atomic64_xchg
#define atomic64_xchg_acquire atomic64_xchg
#define atomic64_xchg_release atomic64_xchg
#define atomic64_cmpxchg_relaxed atomic64_cmpxchg
#define atomic64_cmpxchg_acquire atomic64_cmpxchg
#define atomic64_cmpxchg_release atomic64_cmpxchg
#define atomic64_try_cmpxchg_relaxed atomic64_try_cmpxchg
#define atomic64_try_cmpxchg_acquire atomic64_try_cmpxchg
#define atomic64_try_cmpxchg_release atomic64_try_cmpxchg

static __always_inline long atomic_long_read(const atomic_long_t *v) { return READ_ONCE(v->counter); }
static __always_inline long atomic_long_read_acquire(const atomic_long_t *v) { return smp_load_acquire(&v->counter); }
static __always_inline void atomic_long_set(atomic_long_t *v, long i) { WRITE_ONCE(v->counter, i); }
static __always_inline void atomic_long_set_release(atomic_long_t *v, long i) { smp_store_release(&v->counter, i); }
static __always_inline void atomic_long_add(long i, atomic_long_t *v) { v->counter += i; }
static __always_inline void atomic_long_sub(long i, atomic_long_t *v) { v->counter -= i; }
static __always_inline void atomic_long_inc(atomic_long_t *v) { v->counter++; }
static __always_inline void atomic_long_dec(atomic_long_t *v) { v->counter--; }
static __always_inline void atomic_long_and(long i, atomic_long_t *v) { v->counter &= i; }
static __always_inline void atomic_long_andnot(long i, atomic_long_t *v) { v->counter &= ~i; }
static __always_inline void atomic_long_or(long i, atomic_long_t *v) { v->counter |= i; }
static __always_inline void atomic_long_xor(long i, atomic_long_t *v) { v->counter ^= i; }
static __always_inline long atomic_long_add_return(long i, atomic_long_t *v) { return v->counter += i; }
static __always_inline long atomic_long_sub_return(long i, atomic_long_t *v) { return v->counter -= i; }
static __always_inline long atomic_long_inc_return(atomic_long_t *v) { return ++v->counter; }
static __always_inline long atomic_long_dec_return(atomic_long_t *v) { return --v->counter; }
static __always_inline long atomic_long_fetch_add(long i, atomic_long_t *v) { long old = v->counter; v->counter = old + i; return old; }
static __always_inline long atomic_long_fetch_sub(long i, atomic_long_t *v) { long old = v->counter; v->counter = old - i; return old; }
static __always_inline long atomic_long_fetch_inc(atomic_long_t *v) { return v->counter++; }
static __always_inline long atomic_long_fetch_dec(atomic_long_t *v) { return v->counter--; }
static __always_inline long atomic_long_fetch_and(long i, atomic_long_t *v) { long old = v->counter; v->counter = old & i; return old; }
static __always_inline long atomic_long_fetch_andnot(long i, atomic_long_t *v) { long old = v->counter; v->counter = old & ~i; return old; }
static __always_inline long atomic_long_fetch_or(long i, atomic_long_t *v) { long old = v->counter; v->counter = old | i; return old; }
static __always_inline long atomic_long_fetch_xor(long i, atomic_long_t *v) { long old = v->counter; v->counter = old ^ i; return old; }
static __always_inline bool atomic_long_sub_and_test(long i, atomic_long_t *v) { return (v->counter -= i) == 0; }
static __always_inline bool atomic_long_dec_and_test(atomic_long_t *v) { return --v->counter == 0; }
static __always_inline bool atomic_long_inc_and_test(atomic_long_t *v) { return ++v->counter == 0; }
static __always_inline bool atomic_long_add_negative(long i, atomic_long_t *v) { return (v->counter += i) < 0; }
static __always_inline long atomic_long_xchg(atomic_long_t *v, long n) { long old = v->counter; v->counter = n; return old; }
static __always_inline long atomic_long_cmpxchg(atomic_long_t *v, long o, long n) { long old = v->counter; if (old == o) v->counter = n; return old; }
static __always_inline bool atomic_long_try_cmpxchg(atomic_long_t *v, long *o, long n) { long old = v->counter; if (old == *o) { v->counter = n; return true; } *o = old; return false; }
static __always_inline long atomic_long_fetch_add_unless(atomic_long_t *v, long a, long u) { long c = v->counter; if (c != u) v->counter = c + a; return c; }
static __always_inline bool atomic_long_add_unless(atomic_long_t *v, long a, long u) { return atomic_long_fetch_add_unless(v, a, u) != u; }
static __always_inline bool atomic_long_inc_not_zero(atomic_long_t *v) { return atomic_long_add_unless(v, 1, 0); }
static __always_inline bool atomic_long_inc_unless_negative(atomic_long_t *v) { if (v->counter < 0) return false; v->counter++; return true; }
static __always_inline bool atomic_long_dec_unless_positive(atomic_long_t *v) { if (v->counter > 0) return false; v->counter--; return true; }
static __always_inline long atomic_long_dec_if_positive(atomic_long_t *v) { long d = v->counter - 1; if (d >= 0) v->counter = d; return d; }
#define atomic_long_add_return_relaxed atomic_long_add_return
#define atomic_long_add_return_acquire atomic_long_add_return
#define atomic_long_add_return_release atomic_long_add_return
#define atomic_long_sub_return_relaxed atomic_long_sub_return
#define atomic_long_sub_return_acquire atomic_long_sub_return
#define atomic_long_sub_return_release atomic_long_sub_return
#define atomic_long_inc_return_relaxed atomic_long_inc_return
#define atomic_long_inc_return_acquire atomic_long_inc_return
#define atomic_long_inc_return_release atomic_long_inc_return
#define atomic_long_dec_return_relaxed atomic_long_dec_return
#define atomic_long_dec_return_acquire atomic_long_dec_return
#define atomic_long_dec_return_release atomic_long_dec_return
#define atomic_long_fetch_add_relaxed atomic_long_fetch_add
#define atomic_long_fetch_add_acquire atomic_long_fetch_add
#define atomic_long_fetch_add_release atomic_long_fetch_add
#define atomic_long_fetch_sub_relaxed atomic_long_fetch_sub
#define atomic_long_fetch_sub_acquire atomic_long_fetch_sub
#define atomic_long_fetch_sub_release atomic_long_fetch_sub
#define atomic_long_fetch_inc_relaxed atomic_long_fetch_inc
#define atomic_long_fetch_inc_acquire atomic_long_fetch_inc
#define atomic_long_fetch_inc_release atomic_long_fetch_inc
#define atomic_long_fetch_dec_relaxed atomic_long_fetch_dec
#define atomic_long_fetch_dec_acquire atomic_long_fetch_dec
#define atomic_long_fetch_dec_release atomic_long_fetch_dec
#define atomic_long_fetch_and_relaxed atomic_long_fetch_and
#define atomic_long_fetch_and_acquire atomic_long_fetch_and
#define atomic_long_fetch_and_release atomic_long_fetch_and
#define atomic_long_fetch_andnot_relaxed atomic_long_fetch_andnot
#define atomic_long_fetch_andnot_acquire atomic_long_fetch_andnot
#define atomic_long_fetch_andnot_release atomic_long_fetch_andnot
#define atomic_long_fetch_or_relaxed atomic_long_fetch_or
#define atomic_long_fetch_or_acquire atomic_long_fetch_or
#define atomic_long_fetch_or_release atomic_long_fetch_or
#define atomic_long_fetch_xor_relaxed atomic_long_fetch_xor
#define atomic_long_fetch_xor_acquire atomic_long_fetch_xor
#define atomic_long_fetch_xor_release atomic_long_fetch_xor
#define atomic_long_xchg_relaxed atomic_long_xchg
#define atomic_long_xchg_acquire atomic_long_xchg
#define atomic_long_xchg_release atomic_long_xchg
#define atomic_long_cmpxchg_relaxed atomic_long_cmpxchg
#define atomic_long_cmpxchg_acquire atomic_long_cmpxchg
#define atomic_long_cmpxchg_release atomic_long_cmpxchg
#define atomic_long_try_cmpxchg_relaxed atomic_long_try_cmpxchg
#define atomic_long_try_cmpxchg_acquire atomic_long_try_cmpxchg
#define atomic_long_try_cmpxchg_release atomic_long_try_cmpxchg

/* 2.6-era spellings */
#define atomic_clear_mask(mask, v)	atomic_andnot((mask), (v))
#define atomic_set_mask(mask, v)	atomic_or((mask), (v))

#define atomic_cond_read_relaxed(v, c)	smp_cond_load_relaxed(&(v)->counter, (c))
#define atomic_cond_read_acquire(v, c)	smp_cond_load_acquire(&(v)->counter, (c))
#define atomic64_cond_read_relaxed(v, c)	smp_cond_load_relaxed(&(v)->counter, (c))
#define atomic64_cond_read_acquire(v, c)	smp_cond_load_acquire(&(v)->counter, (c))
#endif
