/* kemu: <stdbool.h>; the kernel defines bool/true/false in <linux/types.h>. */
#include <linux/types.h>
