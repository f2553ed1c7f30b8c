/* kemu: include/uapi/linux/ioctl.h - as Linux: the generic ioctl numbering. */
#ifndef _UAPI_LINUX_IOCTL_H
#define _UAPI_LINUX_IOCTL_H
#include <asm-generic/ioctl.h>
#endif
