/* kemu: include/linux/hardirq.h - the context tests live in preempt.h; irq_enter/irq_exit are
 * what the emulated timer interrupt runs (kernel/softirq.c). */
#ifndef LINUX_HARDIRQ_H
#define LINUX_HARDIRQ_H
#include <linux/preempt.h>
extern void irq_enter(void);
extern void irq_exit(void);
#endif
