/* kemu: kernel/time/timer.c + jiffies.c - the storage of jiffies, which modules read directly.
 * The virtual clock in TS (ts/kernel/time/) writes these words on every tick. On a 32-bit
 * kernel jiffies is the low word of jiffies_64; kemu keeps both, updated together. */
#include <linux/types.h>
#include <linux/compiler.h>

/* Linux starts jiffies 5 minutes before the 32-bit wrap to catch wrap bugs early. */
#define INITIAL_JIFFIES ((unsigned long)(unsigned int)(-300 * 250))

__visible volatile unsigned long jiffies = INITIAL_JIFFIES;
__visible u64 jiffies_64 = INITIAL_JIFFIES;
