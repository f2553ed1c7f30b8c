/* kemu: include/generated/uapi/linux/version.h. The version comes from `--kernel-version`
 * (KEMU_LINUX_VERSION_CODE, set by the build driver); 6.1.0 by default. */
#ifndef _LINUX_VERSION_H
#define _LINUX_VERSION_H
#ifndef KEMU_LINUX_VERSION_CODE
#define KEMU_LINUX_VERSION_CODE 393472
#endif
#define LINUX_VERSION_CODE KEMU_LINUX_VERSION_CODE
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#define LINUX_VERSION_MAJOR (LINUX_VERSION_CODE >> 16)
#define LINUX_VERSION_PATCHLEVEL ((LINUX_VERSION_CODE >> 8) & 0xff)
#define LINUX_VERSION_SUBLEVEL (LINUX_VERSION_CODE & 0xff)
#endif
