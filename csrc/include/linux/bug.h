/* kemu: include/linux/bug.h + asm-generic/bug.h. BUG() and WARN() call into the kernel, which
 * prints Linux's report; BUG() then oopses (a wasm trap would give no file:line). */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H
#include <linux/compiler.h>
#include <linux/build_bug.h>
#define BUGFLAG_WARNING (1 << 0)
#define BUGFLAG_ONCE (1 << 1)
#define BUGFLAG_DONE (1 << 2)
#define BUGFLAG_NO_CUT_HERE (1 << 3)
#define BUGFLAG_TAINT(taint) ((taint) << 8)
extern __noreturn void __kemu_bug(const char *file, int line);
extern void __kemu_warn(const char *file, int line, unsigned flags);
extern __printf(1, 2) void __warn_printk(const char *fmt, ...);
#define BUG() do { __kemu_bug(__FILE__, __LINE__); } while (0)
#define BUG_ON(condition) do { if (unlikely(condition)) BUG(); } while (0)
#define __WARN_FLAGS(flags) __kemu_warn(__FILE__, __LINE__, (flags))
#define __WARN() __WARN_FLAGS(BUGFLAG_TAINT(9))
#define __WARN_printf(taint, arg...) do { __warn_printk(arg); __WARN_FLAGS(BUGFLAG_NO_CUT_HERE | BUGFLAG_TAINT(taint)); } while (0)
#define WARN_ON(condition) ({ int __ret_warn_on = !!(condition); if (unlikely(__ret_warn_on)) __WARN(); unlikely(__ret_warn_on); })
#define WARN(condition, format...) ({ int __ret_warn_on = !!(condition); if (unlikely(__ret_warn_on)) __WARN_printf(9, format); unlikely(__ret_warn_on); })
#define WARN_TAINT(condition, taint, format...) ({ int __ret_warn_on = !!(condition); if (unlikely(__ret_warn_on)) __WARN_printf(taint, format); unlikely(__ret_warn_on); })
#define WARN_ON_ONCE(condition) ({ static bool __warned; int __ret_warn_once = !!(condition); \
	if (unlikely(__ret_warn_once && !__warned)) { __warned = true; __WARN(); } unlikely(__ret_warn_once); })
#define WARN_ONCE(condition, format...) ({ static bool __warned; int __ret_warn_once = !!(condition); \
	if (unlikely(__ret_warn_once && !__warned)) { __warned = true; __WARN_printf(9, format); } unlikely(__ret_warn_once); })
#define WARN_TAINT_ONCE(condition, taint, format...) WARN_ONCE(condition, format)
#define WARN_ON_SMP(x) ({ 0; })
#endif
