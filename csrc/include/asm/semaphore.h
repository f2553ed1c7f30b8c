/* kemu: include/asm-x86/semaphore.h - where 2.6 modules (before 2.6.26) found semaphores. */
#ifndef _ASM_SEMAPHORE_H
#define _ASM_SEMAPHORE_H
#include <linux/semaphore.h>
#endif
