/* kemu: include/linux/poll.h - poll_table and poll_wait as Linux 6.1 has them; fs/select.c's
 * poll(2) runs the driver's ->poll with a table whose queue proc hangs the caller on each
 * wait queue the driver names. EPOLL* bits are the POLL* ones (x86). */
#ifndef _LINUX_POLL_H
#define _LINUX_POLL_H
#include <linux/compiler.h>
#include <linux/wait.h>
#include <linux/fs.h>
#include <linux/types.h>
#include "../uapi/asm-generic/poll.h"

#define EPOLLIN		((__force __poll_t)POLLIN)
#define EPOLLPRI	((__force __poll_t)POLLPRI)
#define EPOLLOUT	((__force __poll_t)POLLOUT)
#define EPOLLERR	((__force __poll_t)POLLERR)
#define EPOLLHUP	((__force __poll_t)POLLHUP)
#define EPOLLNVAL	((__force __poll_t)POLLNVAL)
#define EPOLLRDNORM	((__force __poll_t)POLLRDNORM)
#define EPOLLRDBAND	((__force __poll_t)POLLRDBAND)
#define EPOLLWRNORM	((__force __poll_t)POLLWRNORM)
#define EPOLLWRBAND	((__force __poll_t)POLLWRBAND)
#define EPOLLMSG	((__force __poll_t)POLLMSG)
#define EPOLLRDHUP	((__force __poll_t)POLLRDHUP)

#define DEFAULT_POLLMASK (EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM)

struct poll_table_struct;
struct poll_table_page;
typedef void (*poll_queue_proc)(struct file *, wait_queue_head_t *, struct poll_table_struct *);

typedef struct poll_table_struct {
	poll_queue_proc _qproc;
	__poll_t _key;
} poll_table;

static inline void poll_wait(struct file *filp, wait_queue_head_t *wait_address, poll_table *p)
{
	if (p && p->_qproc && wait_address)
		p->_qproc(filp, wait_address, p);
}

static inline bool poll_does_not_wait(const poll_table *p)
{
	return p == NULL || p->_qproc == NULL;
}

static inline __poll_t poll_requested_events(const poll_table *p)
{
	return p ? p->_key : ~(__poll_t)0;
}

static inline void init_poll_funcptr(poll_table *pt, poll_queue_proc qproc)
{
	pt->_qproc = qproc;
	pt->_key = ~(__poll_t)0;
}

static inline bool file_can_poll(struct file *file)
{
	return file->f_op->poll;
}

static inline __poll_t demangle_poll(u16 val) { return (__force __poll_t)val; }
static inline u16 mangle_poll(__poll_t val) { return (__force u16)val; }

struct poll_table_entry {
	struct file *filp;
	__poll_t key;
	wait_queue_entry_t wait;
	wait_queue_head_t *wait_address;
};

/* fs/select.c: the queue state of one poll(2) call */
struct poll_wqueues {
	poll_table pt;
	struct task_struct *polling_task;
	int triggered;
	int error;
	struct poll_table_page *table;
};

extern void poll_initwait(struct poll_wqueues *pwq);
extern void poll_freewait(struct poll_wqueues *pwq);
extern __poll_t vfs_poll(struct file *file, struct poll_table_struct *pt);

#endif
