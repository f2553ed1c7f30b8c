/* kemu: arch/x86/include/uapi/asm/ioctl.h - x86 uses the generic numbering. */
#include <asm-generic/ioctl.h>
