/* kemu: include/linux/kdev_t.h - device numbers (12-bit major, 20-bit minor) as Linux has used
 * in the kernel since 2.6; old_encode_dev/new_encode_dev for what user space sees. */
#ifndef _LINUX_KDEV_T_H
#define _LINUX_KDEV_T_H
#include <linux/types.h>

#define MINORBITS	20
#define MINORMASK	((1U << MINORBITS) - 1)

#define MAJOR(dev)	((unsigned int) ((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int) ((dev) & MINORMASK))
#define MKDEV(ma, mi)	(((ma) << MINORBITS) | (mi))

static inline bool old_valid_dev(dev_t dev) { return MAJOR(dev) < 256 && MINOR(dev) < 256; }
static inline u16 old_encode_dev(dev_t dev) { return (MAJOR(dev) << 8) | MINOR(dev); }
static inline dev_t old_decode_dev(u16 val) { return MKDEV((val >> 8) & 255, val & 255); }
static inline u32 new_encode_dev(dev_t dev)
{
	unsigned major = MAJOR(dev), minor = MINOR(dev);
	return (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12);
}
static inline dev_t new_decode_dev(u32 dev)
{
	unsigned major = (dev & 0xfff00) >> 8, minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
	return MKDEV(major, minor);
}
/* 2.4: kdev_t and its helpers */
typedef dev_t kdev_t;
#define kdev_t_to_nr(dev)	(dev)
#define to_kdev_t(dev)		(dev)
#define MAJOR_NR_OF(dev)	MAJOR(dev)
#endif
