/* kemu: include/linux/ioctl.h - as Linux. */
#ifndef _LINUX_IOCTL_H
#define _LINUX_IOCTL_H
#include <asm-generic/ioctl.h>
/* fs/ioctl.c: generic commands the VFS answers before a driver sees them */
#define FIOCLEX		0x5451
#define FIONCLEX	0x5450
#define FIONBIO		0x5421
#define FIOASYNC	0x5452
#define FIONREAD	0x541B
#define FIOQSIZE	0x5460
#endif
