/* kemu: include/asm-generic/ioctl.h - the uapi numbering plus the kernel's compile-time check
 * of a size argument (as Linux: a size too big for _IOC_SIZEBITS fails to link). */
#ifndef _ASM_GENERIC_IOCTL_H
#define _ASM_GENERIC_IOCTL_H
#include "../uapi/asm-generic/ioctl.h"
#endif
