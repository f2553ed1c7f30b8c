/* kq.h - the ioctl interface of kq.c, shared by the module and its user programs. */
#ifndef KQ_H
#define KQ_H
#include <linux/ioctl.h>

struct kq_pair {
	int a, b, sum;
};

#define KQ_MAGIC 'k'
#define KQ_SET _IOW(KQ_MAGIC, 1, int)		/* value = *arg */
#define KQ_GET _IOR(KQ_MAGIC, 2, int)		/* *arg = value */
#define KQ_ADD _IOWR(KQ_MAGIC, 3, struct kq_pair)	/* arg->sum = arg->a + arg->b */
#define KQ_TWICE _IO(KQ_MAGIC, 4)		/* returns 2 * arg */
#define KQ_MSG _IOW(KQ_MAGIC, 5, char *)	/* the read message becomes the string at arg */
#define KQ_OOPS _IO(KQ_MAGIC, 6)		/* the handler dereferences a NULL function pointer */
#endif
