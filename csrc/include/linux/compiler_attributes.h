/* kemu: include/linux/compiler_attributes.h for clang targeting wasm32. */
#ifndef __LINUX_COMPILER_ATTRIBUTES_H
#define __LINUX_COMPILER_ATTRIBUTES_H
#define __alias(symbol) __attribute__((__alias__(#symbol)))
#define __aligned(x) __attribute__((__aligned__(x)))
#define __aligned_largest __attribute__((__aligned__))
#define __always_inline inline __attribute__((__always_inline__))
#define __cold __attribute__((__cold__))
#define __attribute_const__ __attribute__((__const__))
#define __copy(symbol)
#define __deprecated
#define __designated_init
#define __visible __attribute__((__visibility__("default")))
#define __flatten __attribute__((flatten))
#define __gnu_inline __attribute__((__gnu_inline__))
#define __malloc __attribute__((__malloc__))
#define __mode(x) __attribute__((__mode__(x)))
#define __noinline __attribute__((__noinline__))
#define noinline __attribute__((__noinline__))
#define __nonstring
#define __noreturn __attribute__((__noreturn__))
#define __packed __attribute__((__packed__))
#define __pure __attribute__((__pure__))
#define __section(section) __attribute__((__section__(section)))
#define __always_unused __attribute__((__unused__))
#define __maybe_unused __attribute__((__unused__))
#define __used __attribute__((__used__))
#define __must_check __attribute__((__warn_unused_result__))
#define __weak __attribute__((__weak__))
#define __printf(a, b) __attribute__((__format__(printf, a, b)))
#define __scanf(a, b) __attribute__((__format__(scanf, a, b)))
#define fallthrough __attribute__((__fallthrough__))
#define __counted_by(member)
#define __no_sanitize_address
#define __naked
#define __cleanup(func) __attribute__((__cleanup__(func)))
#endif
