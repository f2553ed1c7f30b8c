/* kemu: include/linux/find.h - bit searches in bitmaps (lib/find_bit.c does the long ones). */
#ifndef __LINUX_FIND_H_
#define __LINUX_FIND_H_
#include <linux/types.h>
#include <linux/bits.h>
#include <asm/bitops.h>

unsigned long _find_next_bit(const unsigned long *addr1, unsigned long nbits, unsigned long start);
unsigned long _find_next_and_bit(const unsigned long *addr1, const unsigned long *addr2, unsigned long nbits, unsigned long start);
unsigned long _find_next_zero_bit(const unsigned long *addr, unsigned long nbits, unsigned long start);
unsigned long _find_first_bit(const unsigned long *addr, unsigned long size);
unsigned long _find_first_and_bit(const unsigned long *addr1, const unsigned long *addr2, unsigned long size);
unsigned long _find_first_zero_bit(const unsigned long *addr, unsigned long size);
unsigned long _find_last_bit(const unsigned long *addr, unsigned long size);

#define small_const_nbits(nbits) \
	(__builtin_constant_p(nbits) && (nbits) <= BITS_PER_LONG && (nbits) > 0)

static inline unsigned long find_next_bit(const unsigned long *addr, unsigned long size, unsigned long offset)
{
	if (small_const_nbits(size)) {
		unsigned long val;
		if (unlikely(offset >= size))
			return size;
		val = *addr & GENMASK(size - 1, offset);
		return val ? __ffs(val) : size;
	}
	return _find_next_bit(addr, size, offset);
}

static inline unsigned long find_next_and_bit(const unsigned long *addr1, const unsigned long *addr2,
					      unsigned long size, unsigned long offset)
{
	if (small_const_nbits(size)) {
		unsigned long val;
		if (unlikely(offset >= size))
			return size;
		val = *addr1 & *addr2 & GENMASK(size - 1, offset);
		return val ? __ffs(val) : size;
	}
	return _find_next_and_bit(addr1, addr2, size, offset);
}

static inline unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size, unsigned long offset)
{
	if (small_const_nbits(size)) {
		unsigned long val;
		if (unlikely(offset >= size))
			return size;
		val = *addr | ~GENMASK(size - 1, offset);
		return val == ~0UL ? size : ffz(val);
	}
	return _find_next_zero_bit(addr, size, offset);
}

static inline unsigned long find_first_bit(const unsigned long *addr, unsigned long size)
{
	if (small_const_nbits(size)) {
		unsigned long val = *addr & GENMASK(size - 1, 0);
		return val ? __ffs(val) : size;
	}
	return _find_first_bit(addr, size);
}

static inline unsigned long find_first_and_bit(const unsigned long *addr1, const unsigned long *addr2, unsigned long size)
{
	if (small_const_nbits(size)) {
		unsigned long val = *addr1 & *addr2 & GENMASK(size - 1, 0);
		return val ? __ffs(val) : size;
	}
	return _find_first_and_bit(addr1, addr2, size);
}

static inline unsigned long find_first_zero_bit(const unsigned long *addr, unsigned long size)
{
	if (small_const_nbits(size)) {
		unsigned long val = *addr | ~GENMASK(size - 1, 0);
		return val == ~0UL ? size : ffz(val);
	}
	return _find_first_zero_bit(addr, size);
}

static inline unsigned long find_last_bit(const unsigned long *addr, unsigned long size)
{
	if (small_const_nbits(size)) {
		unsigned long val = *addr & GENMASK(size - 1, 0);
		return val ? __fls(val) : size;
	}
	return _find_last_bit(addr, size);
}

#define for_each_set_bit(bit, addr, size) \
	for ((bit) = 0; (bit) = find_next_bit((addr), (size), (bit)), (bit) < (size); (bit)++)
#define for_each_and_bit(bit, addr1, addr2, size) \
	for ((bit) = 0; (bit) = find_next_and_bit((addr1), (addr2), (size), (bit)), (bit) < (size); (bit)++)
#define for_each_set_bit_from(bit, addr, size) \
	for (; (bit) = find_next_bit((addr), (size), (bit)), (bit) < (size); (bit)++)
#define for_each_clear_bit(bit, addr, size) \
	for ((bit) = 0; (bit) = find_next_zero_bit((addr), (size), (bit)), (bit) < (size); (bit)++)
#define for_each_clear_bit_from(bit, addr, size) \
	for (; (bit) = find_next_zero_bit((addr), (size), (bit)), (bit) < (size); (bit)++)
#endif
