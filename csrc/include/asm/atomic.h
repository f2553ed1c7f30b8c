/* kemu: arch/x86/include/asm/atomic.h - modules before 3.x included it directly; the operations
 * themselves are in <linux/atomic.h>. */
#ifndef _ASM_ATOMIC_H
#define _ASM_ATOMIC_H
#include <linux/atomic.h>
#endif
