/* kemu: arch/x86/include/asm/param.h (= asm-generic/param.h). HZ is CONFIG_HZ (250), fixed
 * because the virtual clock in ts/kernel/time/clock.ts ticks at that rate. */
#ifndef _ASM_GENERIC_PARAM_H
#define _ASM_GENERIC_PARAM_H
#include <generated/autoconf.h>

#define HZ		CONFIG_HZ	/* internal kernel timer frequency */
#define USER_HZ		100		/* what times() and /proc report "ticks" in */
#define CLOCKS_PER_SEC	(USER_HZ)

#define EXEC_PAGESIZE	4096
#ifndef NOGROUP
#define NOGROUP		(-1)
#endif
#define MAXHOSTNAMELEN	64
#endif
