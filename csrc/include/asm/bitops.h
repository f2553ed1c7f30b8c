/* kemu: arch/x86/include/asm/bitops.h - the bit operations on unsigned long arrays. Atomic and
 * non-atomic (__set_bit ...) forms are the same code: nothing can run between the load and the
 * store on the emulated CPU. Modules before 3.x included this header directly. */
#ifndef _ASM_BITOPS_H
#define _ASM_BITOPS_H
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/bits.h>
#include <asm/barrier.h>

#define __kemu_bitop_word(nr, addr)	(((volatile unsigned long *)(addr)) + BIT_WORD(nr))

static __always_inline void arch_set_bit(long nr, volatile unsigned long *addr)
{ *__kemu_bitop_word(nr, addr) |= BIT_MASK(nr); }
static __always_inline void arch_clear_bit(long nr, volatile unsigned long *addr)
{ *__kemu_bitop_word(nr, addr) &= ~BIT_MASK(nr); }
static __always_inline void arch_change_bit(long nr, volatile unsigned long *addr)
{ *__kemu_bitop_word(nr, addr) ^= BIT_MASK(nr); }
static __always_inline bool arch_test_and_set_bit(long nr, volatile unsigned long *addr)
{ unsigned long old = *__kemu_bitop_word(nr, addr); *__kemu_bitop_word(nr, addr) = old | BIT_MASK(nr); return (old & BIT_MASK(nr)) != 0; }
static __always_inline bool arch_test_and_clear_bit(long nr, volatile unsigned long *addr)
{ unsigned long old = *__kemu_bitop_word(nr, addr); *__kemu_bitop_word(nr, addr) = old & ~BIT_MASK(nr); return (old & BIT_MASK(nr)) != 0; }
static __always_inline bool arch_test_and_change_bit(long nr, volatile unsigned long *addr)
{ unsigned long old = *__kemu_bitop_word(nr, addr); *__kemu_bitop_word(nr, addr) = old ^ BIT_MASK(nr); return (old & BIT_MASK(nr)) != 0; }
static __always_inline bool arch_test_bit(unsigned long nr, const volatile unsigned long *addr)
{ return (addr[BIT_WORD(nr)] >> (nr & (BITS_PER_LONG - 1))) & 1UL; }

#define set_bit(nr, addr)			arch_set_bit((nr), (addr))
#define clear_bit(nr, addr)			arch_clear_bit((nr), (addr))
#define change_bit(nr, addr)			arch_change_bit((nr), (addr))
#define test_and_set_bit(nr, addr)		arch_test_and_set_bit((nr), (addr))
#define test_and_clear_bit(nr, addr)		arch_test_and_clear_bit((nr), (addr))
#define test_and_change_bit(nr, addr)		arch_test_and_change_bit((nr), (addr))
#define test_bit(nr, addr)			arch_test_bit((nr), (addr))
#define test_bit_acquire(nr, addr)		arch_test_bit((nr), (addr))
#define __set_bit(nr, addr)			arch_set_bit((nr), (addr))
#define __clear_bit(nr, addr)			arch_clear_bit((nr), (addr))
#define __change_bit(nr, addr)			arch_change_bit((nr), (addr))
#define __test_and_set_bit(nr, addr)		arch_test_and_set_bit((nr), (addr))
#define __test_and_clear_bit(nr, addr)		arch_test_and_clear_bit((nr), (addr))
#define __test_and_change_bit(nr, addr)		arch_test_and_change_bit((nr), (addr))
#define set_bit_lock(nr, addr)			arch_set_bit((nr), (addr))
#define test_and_set_bit_lock(nr, addr)		arch_test_and_set_bit((nr), (addr))
#define clear_bit_unlock(nr, addr)		do { barrier(); arch_clear_bit((nr), (addr)); } while (0)
#define __clear_bit_unlock(nr, addr)		clear_bit_unlock(nr, addr)
#define clear_bit_unlock_is_negative_byte(nr, addr) \
	({ clear_bit_unlock((nr), (addr)); (*(volatile unsigned long *)(addr) & BIT(7)) != 0; })

/* Word-level scans; the caller guarantees a nonzero (ffz: non-all-ones) word where Linux does. */
static __always_inline unsigned long __ffs(unsigned long word) { return __builtin_ctzl(word); }
static __always_inline unsigned long __fls(unsigned long word) { return BITS_PER_LONG - 1 - __builtin_clzl(word); }
#define ffz(x) __ffs(~(x))
static __always_inline int ffs(int x) { return __builtin_ffs(x); }
static __always_inline int fls(unsigned int x) { return x ? 32 - __builtin_clz(x) : 0; }
static __always_inline int fls64(u64 x) { return x ? 64 - __builtin_clzll(x) : 0; }

static __always_inline unsigned int __arch_hweight32(unsigned int w) { return __builtin_popcount(w); }
static __always_inline unsigned int __arch_hweight16(unsigned int w) { return __builtin_popcount(w & 0xffff); }
static __always_inline unsigned int __arch_hweight8(unsigned int w) { return __builtin_popcount(w & 0xff); }
static __always_inline unsigned long __arch_hweight64(u64 w) { return __builtin_popcountll(w); }
#endif
