/* kemu: arch/x86/include/asm/processor.h - only cpu_relax(), x86's "rep; nop" in a spin loop.
 * Every loop head of module code is a kemu preemption point, so a spinning context is still
 * preempted (at a tick) when it may be. */
#ifndef _ASM_X86_PROCESSOR_H
#define _ASM_X86_PROCESSOR_H
#include <linux/compiler.h>

#define cpu_relax()	barrier()
#endif
