/* kemu: include/linux/irqflags.h - one emulated CPU whose interrupt flag is a word of the C
 * core; timer ticks (and the softirqs they run) are held off while it is set. */
#ifndef _LINUX_IRQFLAGS_H
#define _LINUX_IRQFLAGS_H
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/typecheck.h>

extern unsigned long kemu_irq_flags;	/* 1: interrupts disabled */
static __always_inline unsigned long arch_local_save_flags(void) { return READ_ONCE(kemu_irq_flags); }
static __always_inline void arch_local_irq_disable(void) { WRITE_ONCE(kemu_irq_flags, 1); barrier(); }
static __always_inline void arch_local_irq_enable(void) { barrier(); WRITE_ONCE(kemu_irq_flags, 0); }
static __always_inline unsigned long arch_local_irq_save(void) { unsigned long f = arch_local_save_flags(); arch_local_irq_disable(); return f; }
static __always_inline void arch_local_irq_restore(unsigned long f) { barrier(); WRITE_ONCE(kemu_irq_flags, f); }
static __always_inline int arch_irqs_disabled_flags(unsigned long f) { return f != 0; }
static __always_inline int arch_irqs_disabled(void) { return arch_local_save_flags() != 0; }

#define local_irq_enable() arch_local_irq_enable()
#define local_irq_disable() arch_local_irq_disable()
#define local_irq_save(flags) do { typecheck(unsigned long, flags); (flags) = arch_local_irq_save(); } while (0)
#define local_irq_restore(flags) do { typecheck(unsigned long, flags); arch_local_irq_restore(flags); } while (0)
#define local_save_flags(flags) do { typecheck(unsigned long, flags); (flags) = arch_local_save_flags(); } while (0)
#define irqs_disabled_flags(flags) ({ typecheck(unsigned long, flags); arch_irqs_disabled_flags(flags); })
#define irqs_disabled() arch_irqs_disabled()
#define safe_halt() do { } while (0)
#define raw_local_irq_save(flags) local_irq_save(flags)
#define raw_local_irq_restore(flags) local_irq_restore(flags)
#define raw_local_irq_disable() local_irq_disable()
#define raw_local_irq_enable() local_irq_enable()
#define lockdep_assert_irqs_disabled() do { } while (0)
#define lockdep_assert_irqs_enabled() do { } while (0)
/* 2.4-era names */
#define save_flags(x) local_save_flags(x)
#define restore_flags(x) local_irq_restore(x)
#define cli() local_irq_disable()
#define sti() local_irq_enable()
#endif
