/* kemu: include/linux/bitops.h - bit helpers over the operations of <asm/bitops.h>. */
#ifndef _LINUX_BITOPS_H
#define _LINUX_BITOPS_H
#include <linux/types.h>
#include <linux/bits.h>
#include <linux/typecheck.h>
#include <asm/bitops.h>

#define BITS_PER_TYPE(type)	(sizeof(type) * BITS_PER_BYTE)
#define BITS_TO_LONGS(nr)	DIV_ROUND_UP_BITS(nr, BITS_PER_TYPE(long))
#define BITS_TO_U64(nr)		DIV_ROUND_UP_BITS(nr, BITS_PER_TYPE(u64))
#define BITS_TO_U32(nr)		DIV_ROUND_UP_BITS(nr, BITS_PER_TYPE(u32))
#define BITS_TO_BYTES(nr)	DIV_ROUND_UP_BITS(nr, BITS_PER_TYPE(char))
#define DIV_ROUND_UP_BITS(n, d)	(((n) + (d) - 1) / (d))

#define hweight8(w)	__arch_hweight8(w)
#define hweight16(w)	__arch_hweight16(w)
#define hweight32(w)	__arch_hweight32(w)
#define hweight64(w)	__arch_hweight64(w)
static inline unsigned long hweight_long(unsigned long w) { return hweight32(w); }
static inline unsigned int __sw_hweight32(unsigned int w) { return hweight32(w); }
static inline unsigned int __sw_hweight16(unsigned int w) { return hweight16(w); }
static inline unsigned int __sw_hweight8(unsigned int w) { return hweight8(w); }
static inline unsigned long __sw_hweight64(u64 w) { return hweight64(w); }

static inline u64 rol64(u64 word, unsigned int shift) { return (word << (shift & 63)) | (word >> ((-shift) & 63)); }
static inline u64 ror64(u64 word, unsigned int shift) { return (word >> (shift & 63)) | (word << ((-shift) & 63)); }
static inline u32 rol32(u32 word, unsigned int shift) { return (word << (shift & 31)) | (word >> ((-shift) & 31)); }
static inline u32 ror32(u32 word, unsigned int shift) { return (word >> (shift & 31)) | (word << ((-shift) & 31)); }
static inline u16 rol16(u16 word, unsigned int shift) { return (word << (shift & 15)) | (word >> ((-shift) & 15)); }
static inline u16 ror16(u16 word, unsigned int shift) { return (word >> (shift & 15)) | (word << ((-shift) & 15)); }
static inline u8 rol8(u8 word, unsigned int shift) { return (word << (shift & 7)) | (word >> ((-shift) & 7)); }
static inline u8 ror8(u8 word, unsigned int shift) { return (word >> (shift & 7)) | (word << ((-shift) & 7)); }

static __always_inline s32 sign_extend32(u32 value, int index)
{ u8 shift = 31 - index; return (s32)(value << shift) >> shift; }
static __always_inline s64 sign_extend64(u64 value, int index)
{ u8 shift = 63 - index; return (s64)(value << shift) >> shift; }

static inline unsigned int fls_long(unsigned long l) { return fls(l); }
static inline int get_count_order(unsigned int count) { if (count == 0) return -1; return fls(--count); }
static inline int get_count_order_long(unsigned long l) { if (l == 0UL) return -1; return (int)fls_long(--l); }
static inline unsigned int __ffs64(u64 word)
{ if (((u32)word) == 0UL) return __ffs((u32)(word >> 32)) + 32; return __ffs((unsigned long)word); }
static inline unsigned long __fls64(u64 word) { return fls64(word) - 1; }

/* Bits of a single variable of any integer type (include/linux/bitops.h's assign_bit et al.) */
static __always_inline void assign_bit(long nr, volatile unsigned long *addr, bool value)
{ if (value) set_bit(nr, addr); else clear_bit(nr, addr); }
#define __assign_bit(nr, addr, value) assign_bit(nr, addr, value)

#define set_mask_bits(ptr, mask, bits) ({				\
	const typeof(*(ptr)) mask__ = (mask), bits__ = (bits);		\
	typeof(*(ptr)) old__ = READ_ONCE(*(ptr));			\
	WRITE_ONCE(*(ptr), (old__ & ~mask__) | bits__);			\
	old__;								\
})
#define bit_clear_unless(ptr, clear, test) ({				\
	const typeof(*(ptr)) clear__ = (clear), test__ = (test);	\
	typeof(*(ptr)) old__ = READ_ONCE(*(ptr));			\
	if (!(old__ & test__))						\
		WRITE_ONCE(*(ptr), old__ & ~clear__);			\
	!(old__ & test__);						\
})

#include <linux/find.h>
#endif
