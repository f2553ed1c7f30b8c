// SPDX-License-Identifier: GPL-2.0-only
/*
 * kemu: lib/vsprintf.c - the kernel's printf/scanf family with Linux 6.1 output.
 * Differences from Linux, all deliberate:
 *  - %p hashes with SipHash under a fixed key, so hashed pointers are the same on every run;
 *  - symbol lookups (%pS %ps %pB %pF %pf) ask the TypeScript kernel via kemu_sprint_symbol();
 *  - %pF/%pf are still accepted as %pS/%ps (pre-5.x modules), %pB is %pS (no return-address
 *    adjustment in wasm);
 *  - qualifiers Z (=z), j and q (=ll) are accepted instead of stopping the output;
 *  - extensions that dereference kernel objects kemu's C side does not know (%pd %pD %pg %pC
 *    %pG %pO %pfw %pA) print the hashed pointer instead.
 * As in Linux, %n and unknown conversions stop the formatting (the rest of the format and the
 * arguments would be out of sync).
 */
#include <linux/types.h>
#include <linux/stdarg.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kstrtox.h>
#include <linux/sprintf.h>
#include <linux/hex.h>

#ifndef INT_MAX
#define INT_MAX ((int)(~0U >> 1))
#endif
#ifndef SHRT_MAX
#define SHRT_MAX ((short)(0xffffU >> 1))
#endif
#define KEMU_PAGE_SIZE 4096UL
#define KEMU_MAX_ERRNO 4095
#define KEMU_IS_ERR_VALUE(x) ((unsigned long)(void *)(x) >= (unsigned long)-KEMU_MAX_ERRNO)
/* Linux KSYM_SYMBOL_LEN with KSYM_NAME_LEN 512 and a 32-bit long. */
#define KEMU_KSYM_SYMBOL_LEN 646

/*
 * Provided by the TypeScript kernel: writes the kallsyms description of @value into @buf
 * ("name+0xoff/0xsize [module]" with @with_offset, "name" without), NUL-terminated within
 * @size, and returns its length, or 0 when no symbol covers @value.
 */
extern int kemu_sprint_symbol(char *buf, int size, unsigned long value, int with_offset);

/* From kstrtox.c (Linux's private lib/kstrtox.h). */
#define KSTRTOX_OVERFLOW (1U << 31)
const char *_parse_integer_fixup_radix(const char *s, unsigned int *base);
unsigned int _parse_integer_limit(const char *s, unsigned int base, unsigned long long *res,
				  size_t max_chars);

const char *errname(int err);

bool no_hash_pointers;

int no_hash_pointers_enable(char *str)
{
	(void)str;
	no_hash_pointers = true;
	return 0;
}

/* ---- simple_strto*: lenient parsing, stop at the first non-digit ---- */

static unsigned long long simple_strntoull(const char *startp, char **endp, unsigned int base,
					   size_t max_chars)
{
	const char *cp = _parse_integer_fixup_radix(startp, &base);
	size_t prefix_chars = cp - startp;
	unsigned long long result = 0;

	if (prefix_chars < max_chars) {
		unsigned int rv = _parse_integer_limit(cp, base, &result, max_chars - prefix_chars);

		cp += rv & ~KSTRTOX_OVERFLOW;
	} else {
		/* The field is too short for the prefix and a digit: skip it unconverted. */
		cp = startp + max_chars;
	}
	if (endp)
		*endp = (char *)cp;
	return result;
}

static long long simple_strntoll(const char *cp, char **endp, unsigned int base,
				 size_t max_chars)
{
	if (*cp == '-' && max_chars > 0)
		return -simple_strntoull(cp + 1, endp, base, max_chars - 1);
	return simple_strntoull(cp, endp, base, max_chars);
}

unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base)
{
	return simple_strntoull(cp, endp, base, INT_MAX);
}

unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	return simple_strtoull(cp, endp, base);
}

long simple_strtol(const char *cp, char **endp, unsigned int base)
{
	if (*cp == '-')
		return -simple_strtoul(cp + 1, endp, base);
	return simple_strtoul(cp, endp, base);
}

long long simple_strtoll(const char *cp, char **endp, unsigned int base)
{
	return simple_strntoll(cp, endp, base, INT_MAX);
}

static int skip_atoi(const char **s)
{
	int i = 0;

	do {
		i = i * 10 + *((*s)++) - '0';
	} while (isdigit(**s));
	return i;
}

/* Writes the decimal digits of @n in reverse order; returns the end. */
static char *put_dec_rev(char *buf, unsigned long long n)
{
	unsigned int n32;

	while (n > 0xffffffffULL) {
		*buf++ = '0' + n % 10;
		n /= 10;
	}
	n32 = n;
	do {
		*buf++ = '0' + n32 % 10;
		n32 /= 10;
	} while (n32);
	return buf;
}

/* Decimal without terminator, right-aligned in @width spaces; 0 when @size is too small. */
int num_to_str(char *buf, int size, unsigned long long num, unsigned int width)
{
	char tmp[sizeof(num) * 3];
	int idx, len;

	len = put_dec_rev(tmp, num) - tmp;
	if (len > size || width > (unsigned int)size)
		return 0;
	if (width > (unsigned int)len) {
		width -= len;
		for (idx = 0; idx < (int)width; idx++)
			buf[idx] = ' ';
	} else {
		width = 0;
	}
	for (idx = 0; idx < len; idx++)
		buf[idx + width] = tmp[len - idx - 1];
	return len + width;
}

/* ---- formatting core ---- */

#define SIGN 1 /* signed conversion */
#define LEFT 2 /* left justified */
#define PLUS 4 /* show plus */
#define SPACE 8 /* space if plus */
#define ZEROPAD 16 /* pad with zero; ' ' + ZEROPAD == '0' */
#define SMALL 32 /* lower-case hex; 'X' | SMALL == 'x' */
#define SPECIAL 64 /* 0x prefix for hex, 0 for octal */

enum format_type {
	FORMAT_TYPE_NONE,
	FORMAT_TYPE_WIDTH,
	FORMAT_TYPE_PRECISION,
	FORMAT_TYPE_CHAR,
	FORMAT_TYPE_STR,
	FORMAT_TYPE_PTR,
	FORMAT_TYPE_PERCENT_CHAR,
	FORMAT_TYPE_INVALID,
	FORMAT_TYPE_LONG_LONG,
	FORMAT_TYPE_ULONG,
	FORMAT_TYPE_LONG,
	FORMAT_TYPE_UBYTE,
	FORMAT_TYPE_BYTE,
	FORMAT_TYPE_USHORT,
	FORMAT_TYPE_SHORT,
	FORMAT_TYPE_UINT,
	FORMAT_TYPE_INT,
	FORMAT_TYPE_SIZE_T,
	FORMAT_TYPE_PTRDIFF
};

struct printf_spec {
	unsigned char type; /* enum format_type */
	unsigned char flags;
	unsigned char base; /* 8, 10 or 16 */
	int field_width; /* -1: none */
	int precision; /* -1: none */
};

/* Linux keeps these in bitfields of 24 and 16 bits and clamps to them. */
#define FIELD_WIDTH_MAX ((1 << 23) - 1)
#define PRECISION_MAX ((1 << 15) - 1)

static const struct printf_spec default_flag_spec = {
	.base = 16,
	.precision = -1,
	.flags = SPECIAL | SMALL,
};

static const struct printf_spec default_dec_spec = {
	.base = 10,
	.precision = -1,
};

static const struct printf_spec default_dec02_spec = {
	.base = 10,
	.field_width = 2,
	.precision = -1,
	.flags = ZEROPAD,
};

static const struct printf_spec default_dec04_spec = {
	.base = 10,
	.field_width = 4,
	.precision = -1,
	.flags = ZEROPAD,
};

/* Stores @c when it still fits and always advances, so callers can measure the length. */
static inline char *emit(char *buf, char *end, char c)
{
	if (buf < end)
		*buf = c;
	return buf + 1;
}

static char *number(char *buf, char *end, unsigned long long num, struct printf_spec spec)
{
	char tmp[3 * sizeof(num)];
	char sign = 0;
	char locase = spec.flags & SMALL;
	bool need_pfx = (spec.flags & SPECIAL) && spec.base != 10;
	bool is_zero = num == 0;
	int field_width = spec.field_width;
	int precision = spec.precision;
	int i = 0;

	if (spec.flags & LEFT)
		spec.flags &= ~ZEROPAD;
	if (spec.flags & SIGN) {
		if ((long long)num < 0) {
			sign = '-';
			num = -(long long)num;
			field_width--;
		} else if (spec.flags & PLUS) {
			sign = '+';
			field_width--;
		} else if (spec.flags & SPACE) {
			sign = ' ';
			field_width--;
		}
	}
	if (need_pfx) {
		/* Octal zero is just "0": the prefix is the number. */
		if (spec.base == 16)
			field_width -= 2;
		else if (!is_zero)
			field_width--;
	}

	if (spec.base == 10) {
		i = put_dec_rev(tmp, num) - tmp;
	} else {
		int shift = spec.base == 16 ? 4 : 3;
		int mask = spec.base - 1;

		do {
			tmp[i++] = hex_asc_upper[num & mask] | locase;
			num >>= shift;
		} while (num);
	}

	/* A precision shorter than the number does not truncate it. */
	if (i > precision)
		precision = i;
	field_width -= precision;
	if (!(spec.flags & (ZEROPAD | LEFT))) {
		while (--field_width >= 0)
			buf = emit(buf, end, ' ');
	}
	if (sign)
		buf = emit(buf, end, sign);
	if (need_pfx) {
		if (spec.base == 16 || !is_zero)
			buf = emit(buf, end, '0');
		if (spec.base == 16)
			buf = emit(buf, end, 'X' | locase);
	}
	if (!(spec.flags & LEFT)) {
		char c = ' ' + (spec.flags & ZEROPAD);

		while (--field_width >= 0)
			buf = emit(buf, end, c);
	}
	while (i <= --precision)
		buf = emit(buf, end, '0');
	while (--i >= 0)
		buf = emit(buf, end, tmp[i]);
	while (--field_width >= 0)
		buf = emit(buf, end, ' ');
	return buf;
}

/* "0x" followed by exactly 2 * @size hex digits. */
static char *special_hex_number(char *buf, char *end, unsigned long long num, int size)
{
	struct printf_spec spec;

	spec.type = FORMAT_TYPE_PTR;
	spec.field_width = 2 + 2 * size;
	spec.flags = SPECIAL | SMALL | ZEROPAD;
	spec.base = 16;
	spec.precision = -1;
	return number(buf, end, num, spec);
}

static void move_right(char *buf, char *end, unsigned int len, unsigned int spaces)
{
	size_t size;

	if (buf >= end)
		return;
	size = end - buf;
	if (size <= spaces) {
		memset(buf, ' ', size);
		return;
	}
	if (len) {
		if (len > size - spaces)
			len = size - spaces;
		memmove(buf + spaces, buf, len);
	}
	memset(buf, ' ', spaces);
}

/* Pads the @n characters just written before @buf to the field width. */
static char *widen_string(char *buf, int n, char *end, struct printf_spec spec)
{
	unsigned int spaces;

	if (n >= spec.field_width)
		return buf;
	spaces = spec.field_width - n;
	if (!(spec.flags & LEFT)) {
		move_right(buf - n, end, n, spaces);
		return buf + spaces;
	}
	while (spaces--)
		buf = emit(buf, end, ' ');
	return buf;
}

static char *string_nocheck(char *buf, char *end, const char *s, struct printf_spec spec)
{
	int len = 0;
	int lim = spec.precision;

	while (lim--) {
		char c = *s++;

		if (!c)
			break;
		buf = emit(buf, end, c);
		len++;
	}
	return widen_string(buf, len, end, spec);
}

/* Error texts are cut to pointer width unless a precision was given. */
static char *error_string(char *buf, char *end, const char *s, struct printf_spec spec)
{
	if (spec.precision == -1)
		spec.precision = 2 * sizeof(void *);
	return string_nocheck(buf, end, s, spec);
}

static const char *check_pointer_msg(const void *ptr)
{
	if (!ptr)
		return "(null)";
	if ((unsigned long)ptr < KEMU_PAGE_SIZE || KEMU_IS_ERR_VALUE(ptr))
		return "(efault)";
	return NULL;
}

static int check_pointer(char **buf, char *end, const void *ptr, struct printf_spec spec)
{
	const char *err_msg = check_pointer_msg(ptr);

	if (err_msg) {
		*buf = error_string(*buf, end, err_msg, spec);
		return -EFAULT;
	}
	return 0;
}

static char *string(char *buf, char *end, const char *s, struct printf_spec spec)
{
	if (check_pointer(&buf, end, s, spec))
		return buf;
	return string_nocheck(buf, end, s, spec);
}

static char *pointer_string(char *buf, char *end, const void *ptr, struct printf_spec spec)
{
	spec.base = 16;
	spec.flags |= SMALL;
	if (spec.field_width == -1) {
		spec.field_width = 2 * sizeof(ptr);
		spec.flags |= ZEROPAD;
	}
	return number(buf, end, (unsigned long)ptr, spec);
}

/* ---- %p hashing: SipHash-2-4 of the 32-bit address (Linux siphash_1u32), fixed key ---- */

static inline u64 rol64(u64 word, unsigned int shift)
{
	return (word << shift) | (word >> (64 - shift));
}

#define SIPROUND(v0, v1, v2, v3)                                                          \
	do {                                                                              \
		v0 += v1; v1 = rol64(v1, 13); v1 ^= v0; v0 = rol64(v0, 32);               \
		v2 += v3; v3 = rol64(v3, 16); v3 ^= v2;                                   \
		v0 += v3; v3 = rol64(v3, 21); v3 ^= v0;                                   \
		v2 += v1; v1 = rol64(v1, 17); v1 ^= v2; v2 = rol64(v2, 32);               \
	} while (0)

/* Deterministic on purpose: the emulator's logs must be reproducible. */
static const u64 ptr_key[2] = { 0x6b656d752d707472ULL, 0x2d6b65792d763101ULL };

static unsigned long ptr_hash(unsigned long ptr)
{
	u64 v0 = ptr_key[0] ^ 0x736f6d6570736575ULL;
	u64 v1 = ptr_key[1] ^ 0x646f72616e646f6dULL;
	u64 v2 = ptr_key[0] ^ 0x6c7967656e657261ULL;
	u64 v3 = ptr_key[1] ^ 0x7465646279746573ULL;
	u64 b = ((u64)4 << 56) | (u32)ptr;

	v3 ^= b;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	return (unsigned long)((v0 ^ v1) ^ (v2 ^ v3));
}

static char *ptr_to_id(char *buf, char *end, const void *ptr, struct printf_spec spec)
{
	/* NULL and error pointers are not addresses, Linux prints them as they are. */
	if (!ptr || KEMU_IS_ERR_VALUE(ptr))
		return pointer_string(buf, end, ptr, spec);
	return pointer_string(buf, end, (const void *)ptr_hash((unsigned long)ptr), spec);
}

static char *default_pointer(char *buf, char *end, const void *ptr, struct printf_spec spec)
{
	if (no_hash_pointers)
		return pointer_string(buf, end, ptr, spec);
	return ptr_to_id(buf, end, ptr, spec);
}

/* ---- pointer extensions ---- */

static char *symbol_string(char *buf, char *end, void *ptr, struct printf_spec spec,
			   const char *fmt)
{
	char sym[KEMU_KSYM_SYMBOL_LEN];
	unsigned long value = (unsigned long)ptr;
	int with_offset = !(*fmt == 's' || *fmt == 'f');
	int len;

	len = kemu_sprint_symbol(sym, sizeof(sym), value, with_offset);
	if (len <= 0) {
		/* Linux prints the bare address when kallsyms knows nothing about it. */
		len = snprintf(sym, sizeof(sym), "0x%lx", value);
	}
	if (len >= (int)sizeof(sym))
		len = sizeof(sym) - 1;
	sym[len] = '\0';
	return string_nocheck(buf, end, sym, spec);
}

/* struct resource as laid out by <linux/ioport.h>. */
struct kemu_resource {
	resource_size_t start;
	resource_size_t end;
	const char *name;
	unsigned long flags;
	unsigned long desc;
	void *parent, *sibling, *child;
};

#define IORESOURCE_IO 0x00000100
#define IORESOURCE_MEM 0x00000200
#define IORESOURCE_IRQ 0x00000400
#define IORESOURCE_DMA 0x00000800
#define IORESOURCE_BUS 0x00001000
#define IORESOURCE_PREFETCH 0x00002000
#define IORESOURCE_MEM_64 0x00100000
#define IORESOURCE_WINDOW 0x00200000
#define IORESOURCE_DISABLED 0x10000000
#define IORESOURCE_UNSET 0x20000000

static char *resource_string(char *buf, char *end, struct kemu_resource *res,
			     struct printf_spec spec, const char *fmt)
{
	static const struct printf_spec io_spec = {
		.base = 16,
		.field_width = 6,
		.precision = -1,
		.flags = SPECIAL | SMALL | ZEROPAD,
	};
	static const struct printf_spec mem_spec = {
		.base = 16,
		.field_width = 10,
		.precision = -1,
		.flags = SPECIAL | SMALL | ZEROPAD,
	};
	static const struct printf_spec bus_spec = {
		.base = 16,
		.field_width = 2,
		.precision = -1,
		.flags = SMALL | ZEROPAD,
	};
	static const struct printf_spec str_spec = {
		.field_width = -1,
		.precision = 10,
		.flags = LEFT,
	};
	char sym[64];
	char *p = sym, *pend = sym + sizeof(sym);
	bool decode = fmt[0] == 'R';
	const struct printf_spec *specp;

	if (check_pointer(&buf, end, res, spec))
		return buf;

	*p++ = '[';
	if (res->flags & IORESOURCE_IO) {
		p = string_nocheck(p, pend, "io  ", str_spec);
		specp = &io_spec;
	} else if (res->flags & IORESOURCE_MEM) {
		p = string_nocheck(p, pend, "mem ", str_spec);
		specp = &mem_spec;
	} else if (res->flags & IORESOURCE_IRQ) {
		p = string_nocheck(p, pend, "irq ", str_spec);
		specp = &default_dec_spec;
	} else if (res->flags & IORESOURCE_DMA) {
		p = string_nocheck(p, pend, "dma ", str_spec);
		specp = &default_dec_spec;
	} else if (res->flags & IORESOURCE_BUS) {
		p = string_nocheck(p, pend, "bus ", str_spec);
		specp = &bus_spec;
	} else {
		p = string_nocheck(p, pend, "??? ", str_spec);
		specp = &mem_spec;
		decode = false;
	}
	if (decode && (res->flags & IORESOURCE_UNSET)) {
		p = string_nocheck(p, pend, "size ", str_spec);
		p = number(p, pend, res->end - res->start + 1, *specp);
	} else {
		p = number(p, pend, res->start, *specp);
		if (res->start != res->end) {
			*p++ = '-';
			p = number(p, pend, res->end, *specp);
		}
	}
	if (decode) {
		if (res->flags & IORESOURCE_MEM_64)
			p = string_nocheck(p, pend, " 64bit", str_spec);
		if (res->flags & IORESOURCE_PREFETCH)
			p = string_nocheck(p, pend, " pref", str_spec);
		if (res->flags & IORESOURCE_WINDOW)
			p = string_nocheck(p, pend, " window", str_spec);
		if (res->flags & IORESOURCE_DISABLED)
			p = string_nocheck(p, pend, " disabled", str_spec);
	} else {
		p = string_nocheck(p, pend, " flags ", str_spec);
		p = number(p, pend, res->flags, default_flag_spec);
	}
	*p++ = ']';
	*p = '\0';
	return string_nocheck(buf, end, sym, spec);
}

/* %*ph: up to 64 bytes; the field width is the byte count (1 without it). */
static char *hex_string(char *buf, char *end, u8 *addr, struct printf_spec spec, const char *fmt)
{
	int i, len = 1;
	char separator;

	if (spec.field_width == 0)
		return buf;
	if (check_pointer(&buf, end, addr, spec))
		return buf;

	switch (fmt[1]) {
	case 'C':
		separator = ':';
		break;
	case 'D':
		separator = '-';
		break;
	case 'N':
		separator = 0;
		break;
	default:
		separator = ' ';
		break;
	}
	if (spec.field_width > 0)
		len = spec.field_width < 64 ? spec.field_width : 64;
	for (i = 0; i < len; i++) {
		buf = emit(buf, end, hex_asc_hi(addr[i]));
		buf = emit(buf, end, hex_asc_lo(addr[i]));
		if (separator && i != len - 1)
			buf = emit(buf, end, separator);
	}
	return buf;
}

static inline bool bitmap_test(const unsigned long *bitmap, int bit)
{
	return (bitmap[bit / 32] >> (bit % 32)) & 1;
}

/* %*pb: comma separated 32-bit hex chunks, most significant first. */
static char *bitmap_string(char *buf, char *end, const unsigned long *bitmap,
			   struct printf_spec spec, const char *fmt)
{
	const int chunk_bits = 32;
	int nr_bits = spec.field_width > 0 ? spec.field_width : 0;
	int i, chunksz;
	bool first = true;

	(void)fmt;
	if (check_pointer(&buf, end, bitmap, spec))
		return buf;

	spec = (struct printf_spec){ .flags = SMALL | ZEROPAD, .base = 16, .precision = -1 };
	chunksz = nr_bits & (chunk_bits - 1);
	if (chunksz == 0)
		chunksz = chunk_bits;

	for (i = (nr_bits + chunk_bits - 1) / chunk_bits * chunk_bits - chunk_bits; i >= 0;
	     i -= chunk_bits) {
		u32 chunkmask = (u32)((1ULL << chunksz) - 1);
		u32 val = bitmap[i / 32] & chunkmask;

		if (!first)
			buf = emit(buf, end, ',');
		first = false;
		spec.field_width = (chunksz + 3) / 4;
		buf = number(buf, end, val, spec);
		chunksz = chunk_bits;
	}
	return buf;
}

/* %*pbl: ranges of set bits, "0,3-5,9". */
static char *bitmap_list_string(char *buf, char *end, const unsigned long *bitmap,
				struct printf_spec spec, const char *fmt)
{
	int nr_bits = spec.field_width > 0 ? spec.field_width : 0;
	bool first = true;
	int rbot = 0, rtop;

	(void)fmt;
	if (check_pointer(&buf, end, bitmap, spec))
		return buf;

	for (;;) {
		while (rbot < nr_bits && !bitmap_test(bitmap, rbot))
			rbot++;
		if (rbot >= nr_bits)
			break;
		rtop = rbot;
		while (rtop + 1 < nr_bits && bitmap_test(bitmap, rtop + 1))
			rtop++;
		if (!first)
			buf = emit(buf, end, ',');
		first = false;
		buf = number(buf, end, rbot, default_dec_spec);
		if (rtop != rbot) {
			buf = emit(buf, end, '-');
			buf = number(buf, end, rtop, default_dec_spec);
		}
		rbot = rtop + 1;
	}
	return buf;
}

static char *mac_address_string(char *buf, char *end, u8 *addr, struct printf_spec spec,
				const char *fmt)
{
	char mac_addr[sizeof("xx:xx:xx:xx:xx:xx")];
	char *p = mac_addr;
	char separator = ':';
	bool reversed = false;
	int i;

	if (check_pointer(&buf, end, addr, spec))
		return buf;

	if (fmt[1] == 'F')
		separator = '-';
	else if (fmt[1] == 'R')
		reversed = true;

	for (i = 0; i < 6; i++) {
		p = hex_byte_pack(p, addr[reversed ? 5 - i : i]);
		if (fmt[0] == 'M' && i != 5)
			*p++ = separator;
	}
	*p = '\0';
	return string_nocheck(buf, end, mac_addr, spec);
}

/* fmt[0] 'i' adds leading zeros, fmt[2] picks the byte order (h = host = little endian). */
static char *ip4_string(char *p, const u8 *addr, const char *fmt)
{
	bool leading_zeros = fmt[0] == 'i';
	int index = 0, step = 1;
	int i;

	if (fmt[2] == 'h' || fmt[2] == 'l') {
		index = 3;
		step = -1;
	}
	for (i = 0; i < 4; i++) {
		char temp[4];
		int digits = put_dec_rev(temp, addr[index]) - temp;

		if (leading_zeros) {
			if (digits < 3)
				*p++ = '0';
			if (digits < 2)
				*p++ = '0';
		}
		while (digits--)
			*p++ = temp[digits];
		if (i < 3)
			*p++ = '.';
		index += step;
	}
	*p = '\0';
	return p;
}

static char *ip6_compressed_string(char *p, const u8 *addr)
{
	int i, j, range;
	unsigned char zerolength[8];
	int longest = 1;
	int colonpos = -1;
	bool needcolon = false;
	bool use_ipv4;
	u16 words[8];

	for (i = 0; i < 8; i++)
		words[i] = (addr[2 * i] << 8) | addr[2 * i + 1];

	/* v4-mapped ::ffff:a.b.c.d and ISATAP ...:0:5efe:a.b.c.d end in dotted quad. */
	use_ipv4 = (!words[0] && !words[1] && !words[2] && !words[3] && !words[4] &&
		    words[5] == 0xffff) ||
		   ((addr[8] | 0x02) == 0x02 && addr[9] == 0 && addr[10] == 0x5e &&
		    addr[11] == 0xfe);
	range = use_ipv4 ? 6 : 8;

	memset(zerolength, 0, sizeof(zerolength));
	for (i = 0; i < range; i++) {
		for (j = i; j < range; j++) {
			if (words[j] != 0)
				break;
			zerolength[i]++;
		}
	}
	for (i = 0; i < range; i++) {
		if (zerolength[i] > longest) {
			longest = zerolength[i];
			colonpos = i;
		}
	}
	if (longest == 1) /* a single 0 is not compressed */
		colonpos = -1;

	for (i = 0; i < range; i++) {
		u8 hi, lo;

		if (i == colonpos) {
			if (needcolon || i == 0)
				*p++ = ':';
			*p++ = ':';
			needcolon = false;
			i += longest - 1;
			continue;
		}
		if (needcolon) {
			*p++ = ':';
			needcolon = false;
		}
		hi = words[i] >> 8;
		lo = words[i] & 0xff;
		if (hi) {
			if (hi > 0x0f)
				p = hex_byte_pack(p, hi);
			else
				*p++ = hex_asc_lo(hi);
			p = hex_byte_pack(p, lo);
		} else if (lo > 0x0f) {
			p = hex_byte_pack(p, lo);
		} else {
			*p++ = hex_asc_lo(lo);
		}
		needcolon = true;
	}
	if (use_ipv4) {
		if (needcolon)
			*p++ = ':';
		p = ip4_string(p, &addr[12], "I4");
	}
	*p = '\0';
	return p;
}

static char *ip6_string(char *p, const u8 *addr, const char *fmt)
{
	int i;

	for (i = 0; i < 8; i++) {
		p = hex_byte_pack(p, *addr++);
		p = hex_byte_pack(p, *addr++);
		if (fmt[0] == 'I' && i != 7)
			*p++ = ':';
	}
	*p = '\0';
	return p;
}

static char *ip6_addr_string(char *buf, char *end, const u8 *addr, struct printf_spec spec,
			     const char *fmt)
{
	char ip6_addr[sizeof("xxxx:xxxx:xxxx:xxxx:xxxx:xxxx:255.255.255.255")];

	if (fmt[0] == 'I' && fmt[2] == 'c')
		ip6_compressed_string(ip6_addr, addr);
	else
		ip6_string(ip6_addr, addr, fmt);
	return string_nocheck(buf, end, ip6_addr, spec);
}

static char *ip4_addr_string(char *buf, char *end, const u8 *addr, struct printf_spec spec,
			     const char *fmt)
{
	char ip4_addr[sizeof("255.255.255.255")];

	ip4_string(ip4_addr, addr, fmt);
	return string_nocheck(buf, end, ip4_addr, spec);
}

/* struct sockaddr_in / sockaddr_in6 field offsets (uapi layout, network byte order). */
#define KEMU_AF_INET 2
#define KEMU_AF_INET6 10

static inline u16 load_be16(const u8 *p)
{
	return (p[0] << 8) | p[1];
}

static inline u32 load_be32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

static char *ip6_addr_string_sa(char *buf, char *end, const u8 *sa, struct printf_spec spec,
				const char *fmt)
{
	bool have_p = false, have_s = false, have_f = false, have_c = false;
	char ip6_addr[sizeof("[xxxx:xxxx:xxxx:xxxx:xxxx:xxxx:255.255.255.255]") + sizeof(":12345") +
		      sizeof("/123456789") + sizeof("%1234567890")];
	char *p = ip6_addr, *pend = ip6_addr + sizeof(ip6_addr);
	const u8 *addr = sa + 8;
	char fmt6[2] = { fmt[0], '6' };
	u8 off = 0;

	fmt++;
	while (isalpha(*++fmt)) {
		switch (*fmt) {
		case 'p':
			have_p = true;
			break;
		case 'f':
			have_f = true;
			break;
		case 's':
			have_s = true;
			break;
		case 'c':
			have_c = true;
			break;
		}
	}
	if (have_p || have_s || have_f) {
		*p = '[';
		off = 1;
	}
	if (fmt6[0] == 'I' && have_c)
		p = ip6_compressed_string(ip6_addr + off, addr);
	else
		p = ip6_string(ip6_addr + off, addr, fmt6);
	if (have_p || have_s || have_f)
		*p++ = ']';
	if (have_p) {
		*p++ = ':';
		p = number(p, pend, load_be16(sa + 2), spec);
	}
	if (have_f) {
		*p++ = '/';
		p = number(p, pend, load_be32(sa + 4) & 0x0fffffff, spec);
	}
	if (have_s) {
		*p++ = '%';
		p = number(p, pend, *(const u32 *)(sa + 24), spec);
	}
	*p = '\0';
	return string_nocheck(buf, end, ip6_addr, spec);
}

static char *ip4_addr_string_sa(char *buf, char *end, const u8 *sa, struct printf_spec spec,
				const char *fmt)
{
	bool have_p = false;
	char *p, ip4_addr[sizeof("255.255.255.255") + sizeof(":12345")];
	char *pend = ip4_addr + sizeof(ip4_addr);
	char fmt4[3] = { fmt[0], '4', 0 };

	fmt++;
	while (isalpha(*++fmt)) {
		switch (*fmt) {
		case 'p':
			have_p = true;
			break;
		case 'h':
		case 'l':
		case 'n':
		case 'b':
			fmt4[2] = *fmt;
			break;
		}
	}
	p = ip4_string(ip4_addr, sa + 4, fmt4);
	if (have_p) {
		*p++ = ':';
		p = number(p, pend, load_be16(sa + 2), spec);
	}
	*p = '\0';
	return string_nocheck(buf, end, ip4_addr, spec);
}

static char *ip_addr_string(char *buf, char *end, const void *ptr, struct printf_spec spec,
			    const char *fmt)
{
	if (check_pointer(&buf, end, ptr, spec))
		return buf;

	switch (fmt[1]) {
	case '6':
		return ip6_addr_string(buf, end, ptr, spec, fmt);
	case '4':
		return ip4_addr_string(buf, end, ptr, spec, fmt);
	case 'S':
		switch (*(const u16 *)ptr) {
		case KEMU_AF_INET:
			return ip4_addr_string_sa(buf, end, ptr, spec, fmt);
		case KEMU_AF_INET6:
			return ip6_addr_string_sa(buf, end, ptr, spec, fmt);
		default:
			return error_string(buf, end, "(einval)", spec);
		}
	}
	return error_string(buf, end, fmt[0] == 'i' ? "(%pi?)" : "(%pI?)", spec);
}

/* lib/string_helpers.c string_escape_mem() flags reachable from %pE. */
#define ESCAPE_SPACE 0x01
#define ESCAPE_SPECIAL 0x02
#define ESCAPE_NULL 0x04
#define ESCAPE_OCTAL 0x08
#define ESCAPE_ANY (ESCAPE_SPACE | ESCAPE_OCTAL | ESCAPE_SPECIAL | ESCAPE_NULL)
#define ESCAPE_NP 0x10
#define ESCAPE_ANY_NP (ESCAPE_ANY | ESCAPE_NP)
#define ESCAPE_HEX 0x20

static char *escape_pair(char *p, char *end, char c)
{
	p = emit(p, end, '\\');
	return emit(p, end, c);
}

static char *escape_one(char *p, char *end, unsigned char c, unsigned int flags)
{
	if ((flags & ESCAPE_NP) && isprint(c))
		return emit(p, end, c);
	if (flags & ESCAPE_SPACE) {
		switch (c) {
		case '\n':
			return escape_pair(p, end, 'n');
		case '\r':
			return escape_pair(p, end, 'r');
		case '\t':
			return escape_pair(p, end, 't');
		case '\v':
			return escape_pair(p, end, 'v');
		case '\f':
			return escape_pair(p, end, 'f');
		}
	}
	if (flags & ESCAPE_SPECIAL) {
		switch (c) {
		case '\\':
			return escape_pair(p, end, '\\');
		case '\a':
			return escape_pair(p, end, 'a');
		case 0x1b:
			return escape_pair(p, end, 'e');
		case '"':
			return escape_pair(p, end, '"');
		}
	}
	if ((flags & ESCAPE_NULL) && c == '\0')
		return escape_pair(p, end, '0');
	if (flags & ESCAPE_OCTAL) {
		p = emit(p, end, '\\');
		p = emit(p, end, ((c >> 6) & 07) + '0');
		p = emit(p, end, ((c >> 3) & 07) + '0');
		return emit(p, end, (c & 07) + '0');
	}
	if (flags & ESCAPE_HEX) {
		p = escape_pair(p, end, 'x');
		p = emit(p, end, hex_asc_hi(c));
		return emit(p, end, hex_asc_lo(c));
	}
	return emit(p, end, c);
}

/* %*pE[achnops]: the field width is the input length (1 without it). */
static char *escaped_string(char *buf, char *end, u8 *addr, struct printf_spec spec,
			    const char *fmt)
{
	bool found = true;
	int count = 1;
	unsigned int flags = 0;
	int len;

	if (spec.field_width == 0)
		return buf;
	if (check_pointer(&buf, end, addr, spec))
		return buf;

	do {
		switch (fmt[count++]) {
		case 'a':
			flags |= ESCAPE_ANY;
			break;
		case 'c':
			flags |= ESCAPE_SPECIAL;
			break;
		case 'h':
			flags |= ESCAPE_HEX;
			break;
		case 'n':
			flags |= ESCAPE_NULL;
			break;
		case 'o':
			flags |= ESCAPE_OCTAL;
			break;
		case 'p':
			flags |= ESCAPE_NP;
			break;
		case 's':
			flags |= ESCAPE_SPACE;
			break;
		default:
			found = false;
			break;
		}
	} while (found);

	if (!flags)
		flags = ESCAPE_ANY_NP;
	len = spec.field_width < 0 ? 1 : spec.field_width;
	while (len--)
		buf = escape_one(buf, end, *addr++, flags);
	return buf;
}

/* struct va_format of <linux/printk.h>. */
struct kemu_va_format {
	const char *fmt;
	va_list *va;
};

static char *va_format(char *buf, char *end, struct kemu_va_format *va_fmt,
		       struct printf_spec spec, const char *fmt)
{
	va_list va;

	(void)fmt;
	if (check_pointer(&buf, end, va_fmt, spec))
		return buf;
	va_copy(va, *va_fmt->va);
	buf += vsnprintf(buf, end > buf ? end - buf : 0, va_fmt->fmt, va);
	va_end(va);
	return buf;
}

static char *uuid_string(char *buf, char *end, const u8 *addr, struct printf_spec spec,
			 const char *fmt)
{
	static const u8 guid_index[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	static const u8 uuid_index[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
	char uuid[36 + 1];
	char *p = uuid;
	const u8 *index = uuid_index;
	bool uc = false;
	int i;

	if (check_pointer(&buf, end, addr, spec))
		return buf;

	switch (fmt[1]) {
	case 'L':
		uc = true;
		fallthrough;
	case 'l':
		index = guid_index;
		break;
	case 'B':
		uc = true;
		break;
	}
	for (i = 0; i < 16; i++) {
		if (uc)
			p = hex_byte_pack_upper(p, addr[index[i]]);
		else
			p = hex_byte_pack(p, addr[index[i]]);
		if (i == 3 || i == 5 || i == 7 || i == 9)
			*p++ = '-';
	}
	*p = '\0';
	return string_nocheck(buf, end, uuid, spec);
}

static char *netdev_bits(char *buf, char *end, const void *addr, struct printf_spec spec,
			 const char *fmt)
{
	if (check_pointer(&buf, end, addr, spec))
		return buf;
	if (fmt[1] != 'F')
		return error_string(buf, end, "(%pN?)", spec);
	/* netdev_features_t is u64. */
	return special_hex_number(buf, end, *(const u64 *)addr, sizeof(u64));
}

static char *fourcc_string(char *buf, char *end, const u32 *fourcc, struct printf_spec spec,
			   const char *fmt)
{
	char output[sizeof("0123 little-endian (0x01234567)")];
	char *p = output;
	unsigned int i;
	u32 orig, val;

	if (fmt[1] != 'c' || fmt[2] != 'c')
		return error_string(buf, end, "(%p4?)", spec);
	if (check_pointer(&buf, end, fourcc, spec))
		return buf;

	orig = *fourcc;
	val = orig & ~(1U << 31);
	for (i = 0; i < sizeof(u32); i++) {
		unsigned char c = val >> (i * 8);

		*p++ = isascii(c) && isprint(c) ? c : '.';
	}
	*p++ = ' ';
	strcpy(p, orig & (1U << 31) ? "big-endian" : "little-endian");
	p += strlen(p);
	*p++ = ' ';
	*p++ = '(';
	p = special_hex_number(p, output + sizeof(output) - 2, orig, sizeof(u32));
	*p++ = ')';
	*p = '\0';
	return string(buf, end, output, spec);
}

/* %pa[p] phys_addr_t, %pad dma_addr_t, both passed by reference and 32 bits here. */
static char *address_val(char *buf, char *end, const void *addr, struct printf_spec spec,
			 const char *fmt)
{
	unsigned long long num;
	int size;

	if (check_pointer(&buf, end, addr, spec))
		return buf;
	if (fmt[1] == 'd') {
		num = *(const dma_addr_t *)addr;
		size = sizeof(dma_addr_t);
	} else {
		num = *(const phys_addr_t *)addr;
		size = sizeof(phys_addr_t);
	}
	return special_hex_number(buf, end, num, size);
}

/* struct rtc_time of <linux/rtc.h>. */
struct kemu_rtc_time {
	int tm_sec;
	int tm_min;
	int tm_hour;
	int tm_mday;
	int tm_mon;
	int tm_year;
	int tm_wday;
	int tm_yday;
	int tm_isdst;
};

static char *date_str(char *buf, char *end, const struct kemu_rtc_time *tm, bool r)
{
	int year = tm->tm_year + (r ? 0 : 1900);
	int mon = tm->tm_mon + (r ? 0 : 1);

	buf = number(buf, end, year, default_dec04_spec);
	buf = emit(buf, end, '-');
	buf = number(buf, end, mon, default_dec02_spec);
	buf = emit(buf, end, '-');
	return number(buf, end, tm->tm_mday, default_dec02_spec);
}

static char *time_str(char *buf, char *end, const struct kemu_rtc_time *tm)
{
	buf = number(buf, end, tm->tm_hour, default_dec02_spec);
	buf = emit(buf, end, ':');
	buf = number(buf, end, tm->tm_min, default_dec02_spec);
	buf = emit(buf, end, ':');
	return number(buf, end, tm->tm_sec, default_dec02_spec);
}

/* %pt[RT][dt][r][s]: ISO 8601 date and/or time, r = raw rtc fields, s = space separator. */
static char *rtc_str(char *buf, char *end, const struct kemu_rtc_time *tm,
		     struct printf_spec spec, const char *fmt)
{
	bool have_t = true, have_d = true;
	bool raw = false, iso8601_separator = true;
	bool found = true;
	int count = 2;

	if (check_pointer(&buf, end, tm, spec))
		return buf;

	switch (fmt[count]) {
	case 'd':
		have_t = false;
		count++;
		break;
	case 't':
		have_d = false;
		count++;
		break;
	}
	do {
		switch (fmt[count++]) {
		case 'r':
			raw = true;
			break;
		case 's':
			iso8601_separator = false;
			break;
		default:
			found = false;
			break;
		}
	} while (found);

	if (have_d)
		buf = date_str(buf, end, tm, raw);
	if (have_d && have_t)
		buf = emit(buf, end, iso8601_separator ? 'T' : ' ');
	if (have_t)
		buf = time_str(buf, end, tm);
	return buf;
}

/* time64_to_tm() for UTC: civil date from days since the epoch (proleptic Gregorian). */
static void time64_to_rtc(s64 t, struct kemu_rtc_time *tm)
{
	s64 days = t / 86400;
	s64 rem = t % 86400;
	s64 era, year;
	u32 doe, yoe, doy, mp, mon;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	tm->tm_hour = rem / 3600;
	tm->tm_min = rem % 3600 / 60;
	tm->tm_sec = rem % 60;
	tm->tm_wday = (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */

	days += 719468; /* shift the epoch to 0000-03-01 */
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	mon = mp < 10 ? mp + 3 : mp - 9;
	year = (s64)yoe + era * 400 + (mon <= 2);

	tm->tm_mday = doy - (153 * mp + 2) / 5 + 1;
	tm->tm_mon = mon - 1;
	tm->tm_year = year - 1900;
	tm->tm_yday = 0;
	tm->tm_isdst = 0;
}

static char *time_and_date(char *buf, char *end, void *ptr, struct printf_spec spec,
			   const char *fmt)
{
	struct kemu_rtc_time tm;

	switch (fmt[1]) {
	case 'R':
		return rtc_str(buf, end, ptr, spec, fmt);
	case 'T':
		if (check_pointer(&buf, end, ptr, spec))
			return buf;
		time64_to_rtc(*(const s64 *)ptr, &tm);
		return rtc_str(buf, end, &tm, spec, fmt);
	default:
		return error_string(buf, end, "(%pt?)", spec);
	}
}

/* lib/errname.c: "-EFOO" for the error codes of <linux/errno.h>, aliases excluded. */
#define E(err) [err] = "-" #err
static const char *const names_0[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG), E(ENOEXEC),
	E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(ENOTBLK), E(EBUSY),
	E(EEXIST), E(EXDEV), E(ENODEV), E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE),
	E(ENOTTY), E(ETXTBSY), E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK), E(EPIPE),
	E(EDOM), E(ERANGE), E(EDEADLK), E(ENAMETOOLONG), E(ENOLCK), E(ENOSYS), E(ENOTEMPTY),
	E(ELOOP), E(ENOMSG), E(EIDRM), E(ECHRNG), E(EL2NSYNC), E(EL3HLT), E(EL3RST), E(ELNRNG),
	E(EUNATCH), E(ENOCSI), E(EL2HLT), E(EBADE), E(EBADR), E(EXFULL), E(ENOANO), E(EBADRQC),
	E(EBADSLT), E(EBFONT), E(ENOSTR), E(ENODATA), E(ETIME), E(ENOSR), E(ENONET), E(ENOPKG),
	E(EREMOTE), E(ENOLINK), E(EADV), E(ESRMNT), E(ECOMM), E(EPROTO), E(EMULTIHOP), E(EDOTDOT),
	E(EBADMSG), E(EOVERFLOW), E(ENOTUNIQ), E(EBADFD), E(EREMCHG), E(ELIBACC), E(ELIBBAD),
	E(ELIBSCN), E(ELIBMAX), E(ELIBEXEC), E(EILSEQ), E(ERESTART), E(ESTRPIPE), E(EUSERS),
	E(ENOTSOCK), E(EDESTADDRREQ), E(EMSGSIZE), E(EPROTOTYPE), E(ENOPROTOOPT),
	E(EPROTONOSUPPORT), E(ESOCKTNOSUPPORT), E(EOPNOTSUPP), E(EPFNOSUPPORT), E(EAFNOSUPPORT),
	E(EADDRINUSE), E(EADDRNOTAVAIL), E(ENETDOWN), E(ENETUNREACH), E(ENETRESET),
	E(ECONNABORTED), E(ECONNRESET), E(ENOBUFS), E(EISCONN), E(ENOTCONN), E(ESHUTDOWN),
	E(ETOOMANYREFS), E(ETIMEDOUT), E(ECONNREFUSED), E(EHOSTDOWN), E(EHOSTUNREACH),
	E(EALREADY), E(EINPROGRESS), E(ESTALE), E(EUCLEAN), E(ENOTNAM), E(ENAVAIL), E(EISNAM),
	E(EREMOTEIO), E(EDQUOT), E(ENOMEDIUM), E(EMEDIUMTYPE), E(ECANCELED), E(ENOKEY),
	E(EKEYEXPIRED), E(EKEYREVOKED), E(EKEYREJECTED), E(EOWNERDEAD), E(ENOTRECOVERABLE),
	E(ERFKILL), E(EHWPOISON),
};
#undef E

#define E(err) [err - 512] = "-" #err
static const char *const names_512[] = {
	E(ERESTARTSYS), E(ERESTARTNOINTR), E(ERESTARTNOHAND), E(ENOIOCTLCMD),
	E(ERESTART_RESTARTBLOCK), E(EPROBE_DEFER), E(EOPENSTALE), E(ENOPARAM), E(EBADHANDLE),
	E(ENOTSYNC), E(EBADCOOKIE), E(ENOTSUPP), E(ETOOSMALL), E(ESERVERFAULT), E(EBADTYPE),
	E(EJUKEBOX), E(EIOCBQUEUED), E(ERECALLCONFLICT), E(ENOGRACE),
};
#undef E

/* "-ENOMEM" for -ENOMEM, "ENOMEM" for ENOMEM, NULL for unknown codes. */
const char *errname(int err)
{
	unsigned int abs_err = err < 0 ? -(unsigned int)err : (unsigned int)err;
	const char *name = NULL;

	if (abs_err < sizeof(names_0) / sizeof(names_0[0]))
		name = names_0[abs_err];
	else if (abs_err >= 512 && abs_err - 512 < sizeof(names_512) / sizeof(names_512[0]))
		name = names_512[abs_err - 512];
	if (!name)
		return NULL;
	return err > 0 ? name + 1 : name;
}

static char *err_ptr(char *buf, char *end, void *ptr, struct printf_spec spec)
{
	int err = (long)ptr;
	const char *sym = errname(err);

	if (sym)
		return string_nocheck(buf, end, sym, spec);
	/* Unknown codes print in decimal. */
	spec.flags |= SIGN;
	spec.base = 10;
	return number(buf, end, err, spec);
}

/* @fmt points just after the 'p'. */
static char *pointer(const char *fmt, char *buf, char *end, void *ptr, struct printf_spec spec)
{
	switch (*fmt) {
	case 'f':
		if (fmt[1] == 'w')
			return default_pointer(buf, end, ptr, spec);
		fallthrough;
	case 'F':
	case 'S':
	case 's':
	case 'B':
		return symbol_string(buf, end, ptr, spec, fmt);
	case 'R':
	case 'r':
		return resource_string(buf, end, ptr, spec, fmt);
	case 'h':
		return hex_string(buf, end, ptr, spec, fmt);
	case 'b':
		if (fmt[1] == 'l')
			return bitmap_list_string(buf, end, ptr, spec, fmt);
		return bitmap_string(buf, end, ptr, spec, fmt);
	case 'M':
	case 'm':
		return mac_address_string(buf, end, ptr, spec, fmt);
	case 'I':
	case 'i':
		return ip_addr_string(buf, end, ptr, spec, fmt);
	case 'E':
		return escaped_string(buf, end, ptr, spec, fmt);
	case 'U':
		return uuid_string(buf, end, ptr, spec, fmt);
	case 'V':
		return va_format(buf, end, ptr, spec, fmt);
	case 'K':
		/* kptr_restrict is 0: %pK hashes like %p. */
		return default_pointer(buf, end, ptr, spec);
	case 'N':
		return netdev_bits(buf, end, ptr, spec, fmt);
	case '4':
		return fourcc_string(buf, end, ptr, spec, fmt);
	case 'a':
		return address_val(buf, end, ptr, spec, fmt);
	case 't':
		return time_and_date(buf, end, ptr, spec, fmt);
	case 'x':
		return pointer_string(buf, end, ptr, spec);
	case 'e':
		/* %pe of something that is not an ERR_PTR is a plain %p. */
		if (!KEMU_IS_ERR_VALUE(ptr))
			return default_pointer(buf, end, ptr, spec);
		return err_ptr(buf, end, ptr, spec);
	case 'u':
	case 'k':
		if (fmt[1] == 's')
			return string(buf, end, ptr, spec);
		return error_string(buf, end, "(einval)", spec);
	default:
		return default_pointer(buf, end, ptr, spec);
	}
}

/*
 * Decodes one token of @fmt into @spec and returns how many characters it used. A '*' width or
 * precision returns early with FORMAT_TYPE_WIDTH/PRECISION; the caller fetches the argument and
 * calls again with @spec unchanged to continue the same conversion.
 */
static int format_decode(const char *fmt, struct printf_spec *spec)
{
	const char *start = fmt;
	char qualifier;

	if (spec->type == FORMAT_TYPE_WIDTH) {
		if (spec->field_width < 0) {
			spec->field_width = -spec->field_width;
			spec->flags |= LEFT;
		}
		spec->type = FORMAT_TYPE_NONE;
		goto precision;
	}
	if (spec->type == FORMAT_TYPE_PRECISION) {
		if (spec->precision < 0)
			spec->precision = 0;
		spec->type = FORMAT_TYPE_NONE;
		goto qualifier;
	}

	spec->type = FORMAT_TYPE_NONE;
	while (*fmt && *fmt != '%')
		fmt++;
	/* Literal text up to the next conversion. */
	if (fmt != start || !*fmt)
		return fmt - start;

	spec->flags = 0;
	for (;;) {
		++fmt;
		if (*fmt == '-')
			spec->flags |= LEFT;
		else if (*fmt == '+')
			spec->flags |= PLUS;
		else if (*fmt == ' ')
			spec->flags |= SPACE;
		else if (*fmt == '#')
			spec->flags |= SPECIAL;
		else if (*fmt == '0')
			spec->flags |= ZEROPAD;
		else
			break;
	}

	spec->field_width = -1;
	if (isdigit(*fmt)) {
		spec->field_width = skip_atoi(&fmt);
		if (spec->field_width > FIELD_WIDTH_MAX)
			spec->field_width = FIELD_WIDTH_MAX;
	} else if (*fmt == '*') {
		spec->type = FORMAT_TYPE_WIDTH;
		return ++fmt - start;
	}

precision:
	spec->precision = -1;
	if (*fmt == '.') {
		++fmt;
		if (isdigit(*fmt)) {
			spec->precision = skip_atoi(&fmt);
			if (spec->precision < 0)
				spec->precision = 0;
			if (spec->precision > PRECISION_MAX)
				spec->precision = PRECISION_MAX;
		} else if (*fmt == '*') {
			spec->type = FORMAT_TYPE_PRECISION;
			return ++fmt - start;
		}
	}

qualifier:
	qualifier = 0;
	if (*fmt == 'h' || _tolower(*fmt) == 'l' || *fmt == 'z' || *fmt == 'Z' || *fmt == 't' ||
	    *fmt == 'j' || *fmt == 'q') {
		qualifier = *fmt++;
		if (qualifier == *fmt) {
			if (qualifier == 'l') {
				qualifier = 'L';
				++fmt;
			} else if (qualifier == 'h') {
				qualifier = 'H';
				++fmt;
			}
		}
		if (qualifier == 'Z')
			qualifier = 'z';
		else if (qualifier == 'j' || qualifier == 'q')
			qualifier = 'L';
	}

	spec->base = 10;
	switch (*fmt) {
	case 'c':
		spec->type = FORMAT_TYPE_CHAR;
		return ++fmt - start;
	case 's':
		spec->type = FORMAT_TYPE_STR;
		return ++fmt - start;
	case 'p':
		spec->type = FORMAT_TYPE_PTR;
		return ++fmt - start;
	case '%':
		spec->type = FORMAT_TYPE_PERCENT_CHAR;
		return ++fmt - start;
	case 'o':
		spec->base = 8;
		break;
	case 'x':
		spec->flags |= SMALL;
		fallthrough;
	case 'X':
		spec->base = 16;
		break;
	case 'd':
	case 'i':
		spec->flags |= SIGN;
		break;
	case 'u':
		break;
	default:
		/* %n is refused like any unknown conversion. */
		spec->type = FORMAT_TYPE_INVALID;
		return fmt - start;
	}

	if (qualifier == 'L')
		spec->type = FORMAT_TYPE_LONG_LONG;
	else if (qualifier == 'l')
		spec->type = FORMAT_TYPE_ULONG + (spec->flags & SIGN);
	else if (qualifier == 'z')
		spec->type = FORMAT_TYPE_SIZE_T;
	else if (qualifier == 't')
		spec->type = FORMAT_TYPE_PTRDIFF;
	else if (qualifier == 'H')
		spec->type = FORMAT_TYPE_UBYTE + (spec->flags & SIGN);
	else if (qualifier == 'h')
		spec->type = FORMAT_TYPE_USHORT + (spec->flags & SIGN);
	else
		spec->type = FORMAT_TYPE_UINT + (spec->flags & SIGN);
	return ++fmt - start;
}

static void set_field_width(struct printf_spec *spec, int width)
{
	if (width > FIELD_WIDTH_MAX)
		width = FIELD_WIDTH_MAX;
	else if (width < -FIELD_WIDTH_MAX)
		width = -FIELD_WIDTH_MAX;
	spec->field_width = width;
}

static void set_precision(struct printf_spec *spec, int prec)
{
	/* Linux only clamps values that overflow its 16-bit field. */
	if (prec > PRECISION_MAX || prec < -PRECISION_MAX - 1)
		prec = prec > 0 ? PRECISION_MAX : 0;
	spec->precision = prec;
}

/*
 * Returns the length the complete output would have (C99), even when it was truncated to
 * @size - 1 characters. The output is NUL-terminated whenever @size > 0.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	unsigned long long num;
	char *str, *end;
	struct printf_spec spec = { 0 };

	if (size > INT_MAX)
		return 0;

	str = buf;
	end = buf + size;
	/* Keep end >= buf for buffers near the top of the address space. */
	if (end < buf) {
		end = (void *)-1;
		size = end - buf;
	}

	while (*fmt) {
		const char *old_fmt = fmt;
		int read = format_decode(fmt, &spec);

		fmt += read;

		switch (spec.type) {
		case FORMAT_TYPE_NONE: {
			int copy = read;

			if (str < end) {
				if (copy > end - str)
					copy = end - str;
				memcpy(str, old_fmt, copy);
			}
			str += read;
			break;
		}
		case FORMAT_TYPE_WIDTH:
			set_field_width(&spec, va_arg(args, int));
			break;
		case FORMAT_TYPE_PRECISION:
			set_precision(&spec, va_arg(args, int));
			break;
		case FORMAT_TYPE_CHAR: {
			char c;

			if (!(spec.flags & LEFT)) {
				while (--spec.field_width > 0)
					str = emit(str, end, ' ');
			}
			c = (unsigned char)va_arg(args, int);
			str = emit(str, end, c);
			while (--spec.field_width > 0)
				str = emit(str, end, ' ');
			break;
		}
		case FORMAT_TYPE_STR:
			str = string(str, end, va_arg(args, char *), spec);
			break;
		case FORMAT_TYPE_PTR:
			str = pointer(fmt, str, end, va_arg(args, void *), spec);
			while (isalnum(*fmt))
				fmt++;
			break;
		case FORMAT_TYPE_PERCENT_CHAR:
			str = emit(str, end, '%');
			break;
		case FORMAT_TYPE_INVALID:
			goto out;
		default:
			switch (spec.type) {
			case FORMAT_TYPE_LONG_LONG:
				num = va_arg(args, long long);
				break;
			case FORMAT_TYPE_ULONG:
				num = va_arg(args, unsigned long);
				break;
			case FORMAT_TYPE_LONG:
				num = va_arg(args, long);
				break;
			case FORMAT_TYPE_SIZE_T:
				if (spec.flags & SIGN)
					num = va_arg(args, ssize_t);
				else
					num = va_arg(args, size_t);
				break;
			case FORMAT_TYPE_PTRDIFF:
				num = va_arg(args, ptrdiff_t);
				break;
			case FORMAT_TYPE_UBYTE:
				num = (unsigned char)va_arg(args, int);
				break;
			case FORMAT_TYPE_BYTE:
				num = (signed char)va_arg(args, int);
				break;
			case FORMAT_TYPE_USHORT:
				num = (unsigned short)va_arg(args, int);
				break;
			case FORMAT_TYPE_SHORT:
				num = (short)va_arg(args, int);
				break;
			case FORMAT_TYPE_INT:
				num = (int)va_arg(args, int);
				break;
			default:
				num = va_arg(args, unsigned int);
				break;
			}
			str = number(str, end, num, spec);
		}
	}

out:
	if (size > 0) {
		if (str < end)
			*str = '\0';
		else
			end[-1] = '\0';
	}
	return str - buf;
}

/* Returns what was actually written (without the NUL), 0 when @size is 0. */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int i = vsnprintf(buf, size, fmt, args);

	if ((size_t)i < size)
		return i;
	if (size != 0)
		return size - 1;
	return 0;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int i;

	va_start(args, fmt);
	i = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return i;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int i;

	va_start(args, fmt);
	i = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return i;
}

int vsprintf(char *buf, const char *fmt, va_list args)
{
	return vsnprintf(buf, INT_MAX, fmt, args);
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list args;
	int i;

	va_start(args, fmt);
	i = vsnprintf(buf, INT_MAX, fmt, args);
	va_end(args);
	return i;
}

char *kvasprintf(gfp_t gfp, const char *fmt, va_list ap)
{
	unsigned int first;
	char *p;
	va_list aq;

	va_copy(aq, ap);
	first = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);

	p = __kmalloc(first + 1, gfp);
	if (!p)
		return NULL;
	vsnprintf(p, first + 1, fmt, ap);
	return p;
}

/* Avoids formatting (and, in Linux, copying .rodata) for constant or "%s" formats. */
const char *kvasprintf_const(gfp_t gfp, const char *fmt, va_list ap)
{
	if (!strchr(fmt, '%'))
		return kstrdup_const(fmt, gfp);
	if (!strcmp(fmt, "%s"))
		return kstrdup_const(va_arg(ap, const char *), gfp);
	return kvasprintf(gfp, fmt, ap);
}

char *kasprintf(gfp_t gfp, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = kvasprintf(gfp, fmt, ap);
	va_end(ap);
	return p;
}

/* ---- scanf ---- */

static inline void set_bit_local(unsigned long *set, unsigned int bit)
{
	set[bit / 32] |= 1UL << (bit % 32);
}

/*
 * Returns the number of conversions assigned. Kernel deviations from C kept as in Linux:
 * %[ has no ranges and needs a width, %*... skips up to the next white space in the input.
 */
int vsscanf(const char *buf, const char *fmt, va_list args)
{
	const char *str = buf;
	char *next;
	char digit;
	int num = 0;
	u8 qualifier;
	unsigned int base;
	union {
		long long s;
		unsigned long long u;
	} val;
	s16 field_width;
	bool is_sign;

	while (*fmt) {
		/* White space in the format matches any amount of it, including none. */
		if (isspace(*fmt)) {
			fmt = skip_spaces(++fmt);
			str = skip_spaces(str);
		}

		if (*fmt != '%' && *fmt) {
			if (*fmt++ != *str++)
				break;
			continue;
		}
		if (!*fmt)
			break;
		++fmt;

		if (*fmt == '*') {
			if (!*str)
				break;
			while (!isspace(*fmt) && *fmt != '%' && *fmt) {
				/* '%*[' is not supported */
				if (*fmt == '[')
					return num;
				fmt++;
			}
			while (!isspace(*str) && *str)
				str++;
			continue;
		}

		field_width = -1;
		if (isdigit(*fmt)) {
			field_width = skip_atoi(&fmt);
			if (field_width <= 0)
				break;
		}

		qualifier = -1;
		if (*fmt == 'h' || _tolower(*fmt) == 'l' || *fmt == 'z') {
			qualifier = *fmt++;
			if (qualifier == *fmt) {
				if (qualifier == 'h') {
					qualifier = 'H';
					fmt++;
				} else if (qualifier == 'l') {
					qualifier = 'L';
					fmt++;
				}
			}
		}

		if (!*fmt)
			break;

		if (*fmt == 'n') {
			*va_arg(args, int *) = str - buf;
			++fmt;
			continue;
		}

		if (!*str)
			break;

		base = 10;
		is_sign = false;

		switch (*fmt++) {
		case 'c': {
			char *s = va_arg(args, char *);

			if (field_width == -1)
				field_width = 1;
			do {
				*s++ = *str++;
			} while (--field_width > 0 && *str);
			num++;
			continue;
		}
		case 's': {
			char *s = va_arg(args, char *);

			if (field_width == -1)
				field_width = SHRT_MAX;
			str = skip_spaces(str);
			while (*str && !isspace(*str) && field_width--)
				*s++ = *str++;
			*s = '\0';
			num++;
			continue;
		}
		case '[': {
			char *s = va_arg(args, char *);
			unsigned long set[256 / 32] = { 0 };
			unsigned int len = 0;
			bool negate = *fmt == '^';
			unsigned int i;

			if (field_width == -1)
				return num;
			if (negate)
				++fmt;
			for (; *fmt && *fmt != ']'; ++fmt, ++len)
				set_bit_local(set, (u8)*fmt);
			if (!*fmt || !len)
				return num;
			++fmt;
			if (negate) {
				for (i = 0; i < 256 / 32; i++)
					set[i] = ~set[i];
				set[0] &= ~1UL; /* never match the terminating NUL */
			}
			if (!bitmap_test(set, (u8)*str))
				return num;
			while (bitmap_test(set, (u8)*str) && field_width--)
				*s++ = *str++;
			*s = '\0';
			++num;
			continue;
		}
		case 'o':
			base = 8;
			break;
		case 'x':
		case 'X':
			base = 16;
			break;
		case 'i':
			base = 0;
			fallthrough;
		case 'd':
			is_sign = true;
			fallthrough;
		case 'u':
			break;
		case '%':
			if (*str++ != '%')
				return num;
			continue;
		default:
			return num;
		}

		/* An integer conversion: skip white space, then require a digit. */
		str = skip_spaces(str);

		digit = *str;
		if (is_sign && digit == '-') {
			if (field_width == 1)
				break;
			digit = *(str + 1);
		}

		if (!digit || (base == 16 && !isxdigit(digit)) ||
		    (base == 10 && !isdigit(digit)) || (base == 8 && !isodigit(digit)) ||
		    (base == 0 && !isdigit(digit)))
			break;

		if (is_sign)
			val.s = simple_strntoll(str, &next, base,
						field_width >= 0 ? field_width : INT_MAX);
		else
			val.u = simple_strntoull(str, &next, base,
						 field_width >= 0 ? field_width : INT_MAX);

		switch (qualifier) {
		case 'H': /* hh */
			if (is_sign)
				*va_arg(args, signed char *) = val.s;
			else
				*va_arg(args, unsigned char *) = val.u;
			break;
		case 'h':
			if (is_sign)
				*va_arg(args, short *) = val.s;
			else
				*va_arg(args, unsigned short *) = val.u;
			break;
		case 'l':
			if (is_sign)
				*va_arg(args, long *) = val.s;
			else
				*va_arg(args, unsigned long *) = val.u;
			break;
		case 'L':
			if (is_sign)
				*va_arg(args, long long *) = val.s;
			else
				*va_arg(args, unsigned long long *) = val.u;
			break;
		case 'z':
			*va_arg(args, size_t *) = val.u;
			break;
		default:
			if (is_sign)
				*va_arg(args, int *) = val.s;
			else
				*va_arg(args, unsigned int *) = val.u;
			break;
		}
		num++;

		if (!next)
			break;
		str = next;
	}
	return num;
}

int sscanf(const char *buf, const char *fmt, ...)
{
	va_list args;
	int i;

	va_start(args, fmt);
	i = vsscanf(buf, fmt, args);
	va_end(args);
	return i;
}
