// SPDX-License-Identifier: GPL-2.0
/* kemu: lib/hexdump.c - hex conversion helpers and hex_dump_to_buffer(), Linux 6.1 output.
 * print_hex_dump() is left to the printk side; mac_pton() (lib/net_utils.c in Linux) is here
 * because it is only a hex parser. */
#include <linux/types.h>
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/hex.h>
#include <linux/string.h>
#include <linux/sprintf.h>

const char hex_asc[] = "0123456789abcdef";
const char hex_asc_upper[] = "0123456789ABCDEF";

/* Returns 0..15 for a hex digit of either case, -1 otherwise. */
int hex_to_bin(unsigned char ch)
{
	unsigned char lc = ch | 0x20;

	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (lc >= 'a' && lc <= 'f')
		return lc - 'a' + 10;
	return -1;
}

/* Decodes @count bytes from 2 * @count hex digits; -EINVAL at the first non-hex digit. */
int hex2bin(u8 *dst, const char *src, size_t count)
{
	while (count--) {
		int hi = hex_to_bin(*src++);
		int lo;

		if (hi < 0)
			return -EINVAL;
		lo = hex_to_bin(*src++);
		if (lo < 0)
			return -EINVAL;
		*dst++ = (hi << 4) | lo;
	}
	return 0;
}

/* Writes 2 * @count lower-case digits, no terminator; returns the end of the output. */
char *bin2hex(char *dst, const void *src, size_t count)
{
	const unsigned char *s = src;

	while (count--)
		dst = hex_byte_pack(dst, *s++);
	return dst;
}

/* Parses "xx:xx:xx:xx:xx:xx"; @mac is only written when the whole string is valid. */
bool mac_pton(const char *s, u8 *mac)
{
	size_t maxlen = 3 * 6 - 1;
	int i;

	if (strnlen(s, maxlen) < maxlen)
		return false;
	for (i = 0; i < 6; i++) {
		if (!isxdigit(s[i * 3]) || !isxdigit(s[i * 3 + 1]))
			return false;
		if (i != 5 && s[i * 3 + 2] != ':')
			return false;
	}
	for (i = 0; i < 6; i++)
		mac[i] = (hex_to_bin(s[i * 3]) << 4) | hex_to_bin(s[i * 3 + 1]);
	return true;
}

static u64 load_le(const u8 *p, int size)
{
	u64 v = 0;

	while (size--)
		v = (v << 8) | p[size];
	return v;
}

/*
 * Formats one line (at most @rowsize bytes, 16 or 32) of @buf into @linebuf as groups of
 * @groupsize bytes (1, 2, 4 or 8, read in CPU order), optionally followed by an ASCII column.
 * Returns the length written, or the length that would have been needed when @linebuf is
 * too small (the output is then truncated, but stays NUL-terminated if @linebuflen > 0).
 */
int hex_dump_to_buffer(const void *buf, size_t len, int rowsize, int groupsize, char *linebuf,
		       size_t linebuflen, bool ascii)
{
	const u8 *ptr = buf;
	int ngroups, ascii_column, j, lx = 0;
	u8 ch;

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	if (len > (size_t)rowsize)
		len = rowsize;
	if (groupsize != 1 && groupsize != 2 && groupsize != 4 && groupsize != 8)
		groupsize = 1;
	if (len % groupsize)
		groupsize = 1;

	ngroups = len / groupsize;
	ascii_column = rowsize * 2 + rowsize / groupsize + 1;

	if (!linebuflen)
		goto overflow1;
	if (!len)
		goto nil;

	if (groupsize > 1) {
		for (j = 0; j < ngroups; j++) {
			int ret = snprintf(linebuf + lx, linebuflen - lx, "%s%0*llx", j ? " " : "",
					   groupsize * 2,
					   load_le(ptr + j * groupsize, groupsize));

			if ((size_t)ret >= linebuflen - lx)
				goto overflow1;
			lx += ret;
		}
	} else {
		for (j = 0; j < (int)len; j++) {
			if (linebuflen < (size_t)lx + 2)
				goto overflow2;
			ch = ptr[j];
			linebuf[lx++] = hex_asc_hi(ch);
			if (linebuflen < (size_t)lx + 2)
				goto overflow2;
			linebuf[lx++] = hex_asc_lo(ch);
			if (linebuflen < (size_t)lx + 2)
				goto overflow2;
			linebuf[lx++] = ' ';
		}
		if (j)
			lx--;
	}
	if (!ascii)
		goto nil;

	while (lx < ascii_column) {
		if (linebuflen < (size_t)lx + 2)
			goto overflow2;
		linebuf[lx++] = ' ';
	}
	for (j = 0; j < (int)len; j++) {
		if (linebuflen < (size_t)lx + 2)
			goto overflow2;
		ch = ptr[j];
		linebuf[lx++] = (isascii(ch) && isprint(ch)) ? ch : '.';
	}
nil:
	linebuf[lx] = '\0';
	return lx;
overflow2:
	linebuf[lx++] = '\0';
overflow1:
	return ascii ? ascii_column + (int)len : (groupsize * 2 + 1) * ngroups - 1;
}
