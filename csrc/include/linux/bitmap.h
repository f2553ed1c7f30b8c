/* kemu: include/linux/bitmap.h - the common bitmap operations, inline (Linux puts the
 * multi-word loops in lib/bitmap.c; the results are the same). */
#ifndef __LINUX_BITMAP_H
#define __LINUX_BITMAP_H
#include <linux/types.h>
#include <linux/bitops.h>
#include <linux/string.h>

#define BITMAP_FIRST_WORD_MASK(start) (~0UL << ((start) & (BITS_PER_LONG - 1)))
#define BITMAP_LAST_WORD_MASK(nbits) (~0UL >> (-(nbits) & (BITS_PER_LONG - 1)))

static inline void bitmap_zero(unsigned long *dst, unsigned int nbits)
{ memset(dst, 0, BITS_TO_LONGS(nbits) * sizeof(unsigned long)); }
static inline void bitmap_fill(unsigned long *dst, unsigned int nbits)
{ memset(dst, 0xff, BITS_TO_LONGS(nbits) * sizeof(unsigned long)); }
static inline void bitmap_copy(unsigned long *dst, const unsigned long *src, unsigned int nbits)
{ memcpy(dst, src, BITS_TO_LONGS(nbits) * sizeof(unsigned long)); }

#define __kemu_bitmap_op(name, expr)								\
static inline void name(unsigned long *dst, const unsigned long *src1,			\
			const unsigned long *src2, unsigned int nbits)			\
{ unsigned int k; for (k = 0; k < BITS_TO_LONGS(nbits); k++) dst[k] = (expr); }
__kemu_bitmap_op(bitmap_or, src1[k] | src2[k])
__kemu_bitmap_op(bitmap_xor, src1[k] ^ src2[k])
#undef __kemu_bitmap_op

static inline bool bitmap_and(unsigned long *dst, const unsigned long *src1, const unsigned long *src2, unsigned int nbits)
{
	unsigned int k, lim = BITS_TO_LONGS(nbits); unsigned long r = 0;
	for (k = 0; k < lim; k++) r |= (dst[k] = src1[k] & src2[k]);
	return r != 0;
}
static inline bool bitmap_andnot(unsigned long *dst, const unsigned long *src1, const unsigned long *src2, unsigned int nbits)
{
	unsigned int k, lim = BITS_TO_LONGS(nbits); unsigned long r = 0;
	for (k = 0; k < lim; k++) r |= (dst[k] = src1[k] & ~src2[k]);
	return r != 0;
}
static inline void bitmap_complement(unsigned long *dst, const unsigned long *src, unsigned int nbits)
{ unsigned int k; for (k = 0; k < BITS_TO_LONGS(nbits); k++) dst[k] = ~src[k]; }

static inline bool bitmap_equal(const unsigned long *src1, const unsigned long *src2, unsigned int nbits)
{
	unsigned int k, lim = nbits / BITS_PER_LONG;
	for (k = 0; k < lim; k++) if (src1[k] != src2[k]) return false;
	if (nbits % BITS_PER_LONG) if ((src1[k] ^ src2[k]) & BITMAP_LAST_WORD_MASK(nbits)) return false;
	return true;
}
static inline bool bitmap_empty(const unsigned long *src, unsigned int nbits)
{ return find_first_bit(src, nbits) == nbits; }
static inline bool bitmap_full(const unsigned long *src, unsigned int nbits)
{ return find_first_zero_bit(src, nbits) == nbits; }
static inline unsigned int bitmap_weight(const unsigned long *src, unsigned int nbits)
{
	unsigned int k, w = 0, lim = nbits / BITS_PER_LONG;
	for (k = 0; k < lim; k++) w += hweight_long(src[k]);
	if (nbits % BITS_PER_LONG) w += hweight_long(src[k] & BITMAP_LAST_WORD_MASK(nbits));
	return w;
}
static inline void bitmap_set(unsigned long *map, unsigned int start, unsigned int nbits)
{ while (nbits--) __set_bit(start++, map); }
static inline void bitmap_clear(unsigned long *map, unsigned int start, unsigned int nbits)
{ while (nbits--) __clear_bit(start++, map); }

#define bitmap_alloc(nbits, flags) kmalloc_array(BITS_TO_LONGS(nbits), sizeof(unsigned long), (flags))
#define bitmap_zalloc(nbits, flags) kcalloc(BITS_TO_LONGS(nbits), sizeof(unsigned long), (flags))
#define bitmap_free(bitmap) kfree(bitmap)
#endif
