/* kemu: include/linux/sysctl.h - struct ctl_table in the layout of each era (binary ctl_name
 * and strategy before 2.6.33, parent 2.6.21-3.3, poll from 2.6.36, no child from 6.6), the
 * proc_handler signature of each era (a struct file * argument before 2.6.32) and the
 * registration calls of each era. kemu has no sysctl(2) system call: strategy routines are
 * accepted and never called. */
#ifndef _LINUX_SYSCTL_H
#define _LINUX_SYSCTL_H
#include <linux/types.h>
#include <linux/list.h>
#include <linux/compiler.h>
#include <linux/version.h>
#include <linux/stddef.h>
#include <linux/kernel.h>
#include <linux/wait.h>
#include <linux/atomic.h>

struct ctl_table;
struct ctl_table_header;
struct file;
struct completion;

/* binary sysctl names of the old sysctl(2) (include/uapi/linux/sysctl.h) */
enum {
	CTL_KERN = 1, CTL_VM = 2, CTL_NET = 3, CTL_PROC = 4, CTL_FS = 5, CTL_DEBUG = 6,
	CTL_DEV = 7, CTL_BUS = 8, CTL_ABI = 9, CTL_CPU = 10, CTL_ARLAN = 254, CTL_S390DBF = 5677,
	CTL_SUNRPC = 7249, CTL_PM = 9899, CTL_FRV = 9898,
};
#define CTL_ANY		-1	/* Matches any name */
#define CTL_NONE	0
#define CTL_UNNUMBERED	CTL_NONE	/* sysctl without a binary number */
enum {
	KERN_OSTYPE = 1, KERN_OSRELEASE = 2, KERN_OSREV = 3, KERN_VERSION = 4, KERN_SECUREMASK = 5,
	KERN_PROF = 6, KERN_NODENAME = 7, KERN_DOMAINNAME = 8, KERN_PANIC = 15, KERN_REALROOTDEV = 16,
	KERN_CTLALTDEL = 19, KERN_PRINTK = 20, KERN_MODPROBE = 38, KERN_HOTPLUG = 49,
};

#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 32)
typedef int proc_handler(struct ctl_table *ctl, int write, struct file *filp,
			 void __user *buffer, size_t *lenp, loff_t *ppos);
#elif LINUX_VERSION_CODE < KERNEL_VERSION(5, 8, 0)
typedef int proc_handler(struct ctl_table *ctl, int write, void __user *buffer, size_t *lenp, loff_t *ppos);
#else
typedef int proc_handler(struct ctl_table *ctl, int write, void *buffer, size_t *lenp, loff_t *ppos);
#endif
typedef int ctl_handler(struct ctl_table *table, int __user *name, int nlen,
			void __user *oldval, size_t __user *oldlenp, void __user *newval, size_t newlen);

struct ctl_table_poll {
	atomic_t event;
	wait_queue_head_t wait;
};

#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 21)
struct ctl_table {
	int ctl_name;
	const char *procname;
	void *data;
	int maxlen;
	mode_t mode;
	struct ctl_table *child;
	proc_handler *proc_handler;
	ctl_handler *strategy;
	struct proc_dir_entry *de;
	void *extra1;
	void *extra2;
};
#elif LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 33)
struct ctl_table {
	int ctl_name;
	const char *procname;
	void *data;
	int maxlen;
	mode_t mode;
	struct ctl_table *child;
	struct ctl_table *parent;
	proc_handler *proc_handler;
	ctl_handler *strategy;
	void *extra1;
	void *extra2;
};
#elif LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 36)
struct ctl_table {
	const char *procname;
	void *data;
	int maxlen;
	mode_t mode;
	struct ctl_table *child;
	struct ctl_table *parent;
	proc_handler *proc_handler;
	void *extra1;
	void *extra2;
};
#elif LINUX_VERSION_CODE < KERNEL_VERSION(3, 4, 0)
struct ctl_table {
	const char *procname;
	void *data;
	int maxlen;
	mode_t mode;
	struct ctl_table *child;
	struct ctl_table *parent;
	proc_handler *proc_handler;
	struct ctl_table_poll *poll;
	void *extra1;
	void *extra2;
};
#elif LINUX_VERSION_CODE < KERNEL_VERSION(6, 6, 0)
struct ctl_table {
	const char *procname;
	void *data;
	int maxlen;
	umode_t mode;
	struct ctl_table *child;
	proc_handler *proc_handler;
	struct ctl_table_poll *poll;
	void *extra1;
	void *extra2;
};
#else
struct ctl_table {
	const char *procname;
	void *data;
	int maxlen;
	umode_t mode;
	enum { SYSCTL_TABLE_TYPE_DEFAULT, SYSCTL_TABLE_TYPE_PERMANENTLY_EMPTY } type;
	proc_handler *proc_handler;
	struct ctl_table_poll *poll;
	void *extra1;
	void *extra2;
};
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(3, 17, 0)
typedef struct ctl_table ctl_table;
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 33)
struct ctl_path {
	const char *procname;
	int ctl_name;
};
#else
struct ctl_path {
	const char *procname;
};
#endif

/* shared constants for extra1/extra2 (5.6+) */
extern const int sysctl_vals[];
#define SYSCTL_NEG_ONE		((void *)&sysctl_vals[0])
#define SYSCTL_ZERO		((void *)&sysctl_vals[1])
#define SYSCTL_ONE		((void *)&sysctl_vals[2])
#define SYSCTL_TWO		((void *)&sysctl_vals[3])
#define SYSCTL_THREE		((void *)&sysctl_vals[4])
#define SYSCTL_FOUR		((void *)&sysctl_vals[5])
#define SYSCTL_ONE_HUNDRED	((void *)&sysctl_vals[6])
#define SYSCTL_TWO_HUNDRED	((void *)&sysctl_vals[7])
#define SYSCTL_ONE_THOUSAND	((void *)&sysctl_vals[8])
#define SYSCTL_THREE_THOUSAND	((void *)&sysctl_vals[9])
#define SYSCTL_INT_MAX		((void *)&sysctl_vals[10])
#define SYSCTL_MAXOLDUID	((void *)&sysctl_vals[11])
extern const unsigned long sysctl_long_vals[];
#define SYSCTL_LONG_ZERO	((void *)&sysctl_long_vals[0])
#define SYSCTL_LONG_ONE		((void *)&sysctl_long_vals[1])
#define SYSCTL_LONG_MAX		((void *)&sysctl_long_vals[2])

#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 32)
/* the handlers of this era take a struct file *: kemu exports them under their own names */
#define proc_dostring			kemu_proc_dostring_filp
#define proc_dointvec			kemu_proc_dointvec_filp
#define proc_dointvec_minmax		kemu_proc_dointvec_minmax_filp
#define proc_dointvec_jiffies		kemu_proc_dointvec_jiffies_filp
#define proc_dointvec_userhz_jiffies	kemu_proc_dointvec_userhz_jiffies_filp
#define proc_dointvec_ms_jiffies	kemu_proc_dointvec_ms_jiffies_filp
#define proc_doulongvec_minmax		kemu_proc_doulongvec_minmax_filp
#define proc_doulongvec_ms_jiffies_minmax kemu_proc_doulongvec_ms_jiffies_minmax_filp
#endif
extern proc_handler proc_dostring;
extern proc_handler proc_dobool;
extern proc_handler proc_dointvec;
extern proc_handler proc_douintvec;
extern proc_handler proc_dointvec_minmax;
extern proc_handler proc_douintvec_minmax;
extern proc_handler proc_dou8vec_minmax;
extern proc_handler proc_dointvec_jiffies;
extern proc_handler proc_dointvec_userhz_jiffies;
extern proc_handler proc_dointvec_ms_jiffies;
extern proc_handler proc_doulongvec_minmax;
extern proc_handler proc_doulongvec_ms_jiffies_minmax;

/* strategy routines of the binary sysctl(2) (before 2.6.33) */
extern ctl_handler sysctl_data;
extern ctl_handler sysctl_string;
extern ctl_handler sysctl_intvec;
extern ctl_handler sysctl_jiffies;
extern ctl_handler sysctl_ms_jiffies;

extern struct ctl_table_header *register_sysctl_sz(const char *path, struct ctl_table *table, size_t table_size);
extern struct ctl_table_header *register_sysctl_paths(const struct ctl_path *path, struct ctl_table *table);
extern void unregister_sysctl_table(struct ctl_table_header *table);

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define register_sysctl(path, table) register_sysctl_sz(path, table, ARRAY_SIZE(table))
#else
extern struct ctl_table_header *register_sysctl(const char *path, struct ctl_table *table);
#endif
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 6, 0)
extern struct ctl_table_header *register_sysctl_table(struct ctl_table *table);
#endif
#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 21)
/* 2.6.20 and before: register_sysctl_table(table, insert_at_head) */
#define register_sysctl_table(table, insert_at_head) register_sysctl_table(table)
#endif

#endif /* _LINUX_SYSCTL_H */
