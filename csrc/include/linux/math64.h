/* kemu: include/linux/math64.h. wasm32 has native 64-bit division, so every helper is the plain
 * C expression (Linux's 32-bit arches call out-of-line routines); div_u64 & co. are in kernel.h. */
#ifndef _LINUX_MATH64_H
#define _LINUX_MATH64_H
#include <linux/types.h>
#include <linux/kernel.h>

/* Linux's vdso/math64.h: only for small quotients (a loop, no division, in Linux). */
static __always_inline u32 __iter_div_u64_rem(u64 dividend, u32 divisor, u64 *remainder)
{
	u32 ret = 0;

	while (dividend >= divisor) {
		/* The asm keeps the compiler from turning this loop back into a division. */
		__asm__("" : "+r"(dividend));
		dividend -= divisor;
		ret++;
	}
	*remainder = dividend;
	return ret;
}

static inline u32 iter_div_u64_rem(u64 dividend, u32 divisor, u64 *remainder)
{
	return __iter_div_u64_rem(dividend, divisor, remainder);
}

static inline s64 div_s64_rem(s64 dividend, s32 divisor, s32 *remainder)
{
	*remainder = dividend % divisor;
	return dividend / divisor;
}

static inline u64 div64_u64_rem(u64 dividend, u64 divisor, u64 *remainder)
{
	*remainder = dividend % divisor;
	return dividend / divisor;
}

#define div64_ul(x, y)   div_u64((x), (y))
#define div64_long(x, y) div_s64((x), (y))

static inline u64 mul_u32_u32(u32 a, u32 b)
{
	return (u64)a * b;
}

/* Linux's generic versions: no __int128, whose wasm32 multiply is a compiler-rt call
 * (__multi3) that modules cannot link against. */
static inline u64 mul_u64_u32_shr(u64 a, u32 mul, unsigned int shift)
{
	u32 ah, al;
	u64 ret;

	al = a;
	ah = a >> 32;

	ret = mul_u32_u32(al, mul) >> shift;
	if (ah)
		ret += mul_u32_u32(ah, mul) << (32 - shift);
	return ret;
}

static inline u64 mul_u64_u64_shr(u64 a, u64 b, unsigned int shift)
{
	union {
		u64 ll;
		struct {
			u32 low, high;
		} l;
	} rl, rm, rn, rh, a0, b0;
	u64 c;

	a0.ll = a;
	b0.ll = b;

	rl.ll = mul_u32_u32(a0.l.low, b0.l.low);
	rm.ll = mul_u32_u32(a0.l.low, b0.l.high);
	rn.ll = mul_u32_u32(a0.l.high, b0.l.low);
	rh.ll = mul_u32_u32(a0.l.high, b0.l.high);

	rl.l.high = c = (u64)rl.l.high + rm.l.low + rn.l.low;
	rh.l.low = c = (c >> 32) + rm.l.high + rn.l.high + rh.l.low;
	rh.l.high = (c >> 32) + rh.l.high;

	if (shift == 0)
		return rl.ll;
	if (shift < 64)
		return (rl.ll >> shift) | (rh.ll << (64 - shift));
	return rh.ll >> (shift & 63);
}

static inline u64 mul_u64_u32_div(u64 a, u32 mul, u32 divisor)
{
	union {
		u64 ll;
		struct {
			u32 low, high;
		} l;
	} u, rl, rh;

	u.ll = a;
	rl.ll = mul_u32_u32(u.l.low, mul);
	rh.ll = mul_u32_u32(u.l.high, mul) + rl.l.high;

	rl.l.high = do_div(rh.ll, divisor);
	do_div(rl.ll, divisor);
	rl.l.high = rh.l.low;
	return rl.ll;
}

#define DIV64_U64_ROUND_UP(ll, d) ({ u64 _tmp = (d); div64_u64((ll) + _tmp - 1, _tmp); })
#define DIV64_U64_ROUND_CLOSEST(dividend, divisor) ({ u64 _tmp = (divisor); div64_u64((dividend) + _tmp / 2, _tmp); })
#define DIV_U64_ROUND_CLOSEST(dividend, divisor) ({ u32 _tmp = (divisor); div_u64((u64)(dividend) + _tmp / 2, _tmp); })
#define DIV_S64_ROUND_CLOSEST(dividend, divisor) ({				\
	s64 __x = (dividend);							\
	s32 __d = (divisor);							\
	((__x > 0) == (__d > 0)) ? div_s64((__x + (__d / 2)), __d) :		\
				   div_s64((__x - (__d / 2)), __d);		\
})
#define DIV_ROUND_DOWN_ULL(ll, d) ({ unsigned long long _tmp = (ll); do_div(_tmp, d); _tmp; })
#endif
