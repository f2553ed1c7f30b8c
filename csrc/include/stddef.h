/* kemu: freestanding <stddef.h>; kernel code normally includes <linux/stddef.h>. */
#include <linux/stddef.h>
