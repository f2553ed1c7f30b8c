/* kemu: lib/find_bit.c - bit searches over unsigned long arrays (the out-of-line halves of
 * <linux/find.h>), written as plain word loops. */
#include <linux/bitops.h>
#include <linux/bitmap.h>
#include <linux/minmax.h>

/* First set bit at or after start in (addr1 & addr2, or addr1 alone), inverted for zero search. */
static unsigned long find_next(const unsigned long *addr1, const unsigned long *addr2,
			       unsigned long nbits, unsigned long start, unsigned long invert)
{
	unsigned long tmp, mask;

	if (unlikely(start >= nbits))
		return nbits;

	tmp = addr1[start / BITS_PER_LONG];
	if (addr2)
		tmp &= addr2[start / BITS_PER_LONG];
	tmp ^= invert;

	/* Handle 1st word. */
	mask = BITMAP_FIRST_WORD_MASK(start);
	tmp &= mask;
	start = start & ~(BITS_PER_LONG - 1);

	while (!tmp) {
		start += BITS_PER_LONG;
		if (start >= nbits)
			return nbits;

		tmp = addr1[start / BITS_PER_LONG];
		if (addr2)
			tmp &= addr2[start / BITS_PER_LONG];
		tmp ^= invert;
	}

	return min(start + __ffs(tmp), nbits);
}

unsigned long _find_next_bit(const unsigned long *addr1, unsigned long nbits, unsigned long start)
{
	return find_next(addr1, NULL, nbits, start, 0UL);
}

unsigned long _find_next_and_bit(const unsigned long *addr1, const unsigned long *addr2,
				 unsigned long nbits, unsigned long start)
{
	return find_next(addr1, addr2, nbits, start, 0UL);
}

unsigned long _find_next_zero_bit(const unsigned long *addr, unsigned long nbits, unsigned long start)
{
	return find_next(addr, NULL, nbits, start, ~0UL);
}

unsigned long _find_first_bit(const unsigned long *addr, unsigned long size)
{
	return find_next(addr, NULL, size, 0, 0UL);
}

unsigned long _find_first_and_bit(const unsigned long *addr1, const unsigned long *addr2, unsigned long size)
{
	return find_next(addr1, addr2, size, 0, 0UL);
}

unsigned long _find_first_zero_bit(const unsigned long *addr, unsigned long size)
{
	return find_next(addr, NULL, size, 0, ~0UL);
}

unsigned long _find_last_bit(const unsigned long *addr, unsigned long size)
{
	if (size) {
		unsigned long val = BITMAP_LAST_WORD_MASK(size);
		unsigned long idx = (size - 1) / BITS_PER_LONG;

		do {
			val &= addr[idx];
			if (val)
				return idx * BITS_PER_LONG + __fls(val);

			val = ~0ul;
		} while (idx--);
	}
	return size;
}
