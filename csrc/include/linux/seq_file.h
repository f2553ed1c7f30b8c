/* kemu: include/linux/seq_file.h of Linux 6.1. One struct seq_file for every era (modules use its
 * fields by name); before 4.3 seq_printf/seq_puts/seq_putc/seq_write returned int (0, or -1 when
 * the buffer overflowed): those eras get int-valued macros over the same void functions. */
#ifndef _LINUX_SEQ_FILE_H
#define _LINUX_SEQ_FILE_H
#include <linux/types.h>
#include <linux/string.h>
#include <linux/stdarg.h>
#include <linux/bug.h>
#include <linux/mutex.h>
#include <linux/list.h>
#include <linux/fs.h>
#include <linux/version.h>

struct seq_operations;

struct seq_file {
	char *buf;
	size_t size;
	size_t from;
	size_t count;
	size_t pad_until;
	loff_t index;
	loff_t read_pos;
	struct mutex lock;
	const struct seq_operations *op;
	int poll_event;
	const struct file *file;
	void *private;
};

struct seq_operations {
	void * (*start) (struct seq_file *m, loff_t *pos);
	void (*stop) (struct seq_file *m, void *v);
	void * (*next) (struct seq_file *m, void *v, loff_t *pos);
	int (*show) (struct seq_file *m, void *v);
};

#define SEQ_SKIP 1

static inline bool seq_has_overflowed(struct seq_file *m)
{
	return m->count == m->size;
}

static inline size_t seq_get_buf(struct seq_file *m, char **bufp)
{
	BUG_ON(m->count > m->size);
	if (m->count < m->size)
		*bufp = m->buf + m->count;
	else
		*bufp = NULL;
	return m->size - m->count;
}

static inline void seq_commit(struct seq_file *m, int num)
{
	if (num < 0) {
		m->count = m->size;
	} else {
		BUG_ON(m->count + num > m->size);
		m->count += num;
	}
}

static inline void seq_setwidth(struct seq_file *m, size_t size)
{
	m->pad_until = m->count + size;
}

struct kiocb;
struct iov_iter;

extern int seq_open(struct file *, const struct seq_operations *);
extern ssize_t seq_read(struct file *, char __user *, size_t, loff_t *);
extern ssize_t seq_read_iter(struct kiocb *iocb, struct iov_iter *iter);
extern loff_t seq_lseek(struct file *, loff_t, int);
extern int seq_release(struct inode *, struct file *);
extern int seq_write(struct seq_file *seq, const void *data, size_t len);

extern void seq_vprintf(struct seq_file *m, const char *fmt, va_list args);
extern void seq_printf(struct seq_file *m, const char *fmt, ...) __printf(2, 3);
extern void seq_putc(struct seq_file *m, char c);
extern void seq_puts(struct seq_file *m, const char *s);
extern void seq_put_decimal_ull(struct seq_file *m, const char *delimiter, unsigned long long num);
extern void seq_put_decimal_ll(struct seq_file *m, const char *delimiter, long long num);
extern void seq_pad(struct seq_file *m, char c);
extern void seq_hex_dump(struct seq_file *m, const char *prefix_str, int prefix_type, int rowsize,
			 int groupsize, const void *buf, size_t len, bool ascii);

extern int single_open(struct file *, int (*)(struct seq_file *, void *), void *);
extern int single_open_size(struct file *, int (*)(struct seq_file *, void *), void *, size_t);
extern int single_release(struct inode *, struct file *);
extern void *__seq_open_private(struct file *, const struct seq_operations *, int);
extern int seq_open_private(struct file *, const struct seq_operations *, int);
extern int seq_release_private(struct inode *, struct file *);

#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 3, 0)
/* 2.6 - 4.2: these returned 0, or -1 when the record did not fit */
#define seq_printf(m, ...) ({ struct seq_file *__kemu_m = (m); seq_printf(__kemu_m, __VA_ARGS__); \
	seq_has_overflowed(__kemu_m) ? -1 : 0; })
#define seq_vprintf(m, f, a) ({ struct seq_file *__kemu_m = (m); seq_vprintf(__kemu_m, f, a); \
	seq_has_overflowed(__kemu_m) ? -1 : 0; })
#define seq_puts(m, s) ({ struct seq_file *__kemu_m = (m); seq_puts(__kemu_m, s); \
	seq_has_overflowed(__kemu_m) ? -1 : 0; })
#define seq_putc(m, c) ({ struct seq_file *__kemu_m = (m); seq_putc(__kemu_m, c); \
	seq_has_overflowed(__kemu_m) ? -1 : 0; })
#endif

#define SEQ_START_TOKEN ((void *)1)

/* helpers for the common list-walking seq_operations */
extern struct list_head *seq_list_start(struct list_head *head, loff_t pos);
extern struct list_head *seq_list_start_head(struct list_head *head, loff_t pos);
extern struct list_head *seq_list_next(void *v, struct list_head *head, loff_t *ppos);
extern struct hlist_node *seq_hlist_start(struct hlist_head *head, loff_t pos);
extern struct hlist_node *seq_hlist_start_head(struct hlist_head *head, loff_t pos);
extern struct hlist_node *seq_hlist_next(void *v, struct hlist_head *head, loff_t *ppos);

/* DEFINE_SHOW_ATTRIBUTE (4.16+) and DEFINE_SEQ_ATTRIBUTE (5.9+) */
#define DEFINE_SEQ_ATTRIBUTE(__name)					\
static int __name ## _open(struct inode *inode, struct file *file)	\
{									\
	int ret = seq_open(file, &__name ## _sops);			\
	if (!ret && inode->i_private) {					\
		struct seq_file *seq_f = file->private_data;		\
		seq_f->private = inode->i_private;			\
	}								\
	return ret;							\
}									\
static const struct file_operations __name ## _fops = {			\
	.owner		= THIS_MODULE,					\
	.open		= __name ## _open,				\
	.read		= seq_read,					\
	.llseek		= seq_lseek,					\
	.release	= seq_release,					\
}

#define DEFINE_SHOW_ATTRIBUTE(__name)					\
static int __name ## _open(struct inode *inode, struct file *file)	\
{									\
	return single_open(file, __name ## _show, inode->i_private);	\
}									\
static const struct file_operations __name ## _fops = {			\
	.owner		= THIS_MODULE,					\
	.open		= __name ## _open,				\
	.read		= seq_read,					\
	.llseek		= seq_lseek,					\
	.release	= single_release,				\
}

#define DEFINE_PROC_SHOW_ATTRIBUTE(__name)				\
static int __name ## _open(struct inode *inode, struct file *file)	\
{									\
	return single_open(file, __name ## _show, pde_data(inode));	\
}									\
static const struct proc_ops __name ## _proc_ops = {			\
	.proc_open	= __name ## _open,				\
	.proc_read	= seq_read,					\
	.proc_lseek	= seq_lseek,					\
	.proc_release	= single_release,				\
}

#endif
