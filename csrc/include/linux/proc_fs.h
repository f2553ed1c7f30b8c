/* kemu: include/linux/proc_fs.h of every era, chosen by LINUX_VERSION_CODE as Linux's own header
 * was at the time: the public struct proc_dir_entry of 2.2 (positional initialisers in 2.2's
 * field order, proc_register/proc_unregister/proc_root, get_info), 2.4 and 2.6-3.9
 * (create_proc_entry, read_proc/write_proc, PDE()), the opaque entry of 3.10+, and the
 * proc_create argument: struct file_operations before 5.6, struct proc_ops from 5.6.
 * The core (csrc/fs/proc/generic.c) reads an entry through the era layouts below
 * (struct kemu_pde22/24/26), picked by the running kernel's version.
 * Differs: the 2.6 layout keeps get_info (gone in 2.6.26) and owner (gone in 2.6.30) for every
 * 2.6 - 3.9 kernel, so a module using them builds where Linux would refuse it. */
#ifndef _LINUX_PROC_FS_H
#define _LINUX_PROC_FS_H
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/fs.h>
#include <linux/atomic.h>
#include <linux/version.h>
#include <linux/stat.h>

#ifndef _KEMU_KUID_T
#define _KEMU_KUID_T
typedef struct { unsigned int val; } kuid_t;
typedef struct { unsigned int val; } kgid_t;
#endif

struct proc_dir_entry;
struct seq_file;
struct seq_operations;
struct inode_operations;
struct module;
struct poll_table_struct;
struct vm_area_struct;

/* the handler types of the pre-seq_file interfaces */
#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 4, 0)
typedef int (get_info_t)(char *, char **, off_t, int, int);
#else
typedef int (get_info_t)(char *, char **, off_t, int);
#endif
typedef int (read_proc_t)(char *page, char **start, off_t off, int count, int *eof, void *data);
typedef int (write_proc_t)(struct file *file, const char __user *buffer, unsigned long count, void *data);

/* ---- the era layouts of struct proc_dir_entry (the core reads all three) ---- */

/* Linux 2.2 */
#define KEMU_PDE22_FIELDS						\
	unsigned short low_ino;						\
	unsigned short namelen;						\
	const char *name;						\
	mode_t mode;							\
	nlink_t nlink;							\
	uid_t uid;							\
	gid_t gid;							\
	unsigned long size;						\
	struct inode_operations *ops;					\
	int (*get_info)(char *, char **, off_t, int, int);		\
	void (*fill_inode)(struct inode *, int);			\
	struct proc_dir_entry *next, *parent, *subdir;			\
	void *data;							\
	read_proc_t *read_proc;						\
	write_proc_t *write_proc;					\
	int (*readlink_proc)(struct proc_dir_entry *de, char *page);	\
	unsigned int count;						\
	int deleted;

/* Linux 2.4 */
#define KEMU_PDE24_FIELDS						\
	unsigned short low_ino;						\
	unsigned short namelen;						\
	const char *name;						\
	mode_t mode;							\
	nlink_t nlink;							\
	uid_t uid;							\
	gid_t gid;							\
	unsigned long size;						\
	struct inode_operations *proc_iops;				\
	struct file_operations *proc_fops;				\
	get_info_t *get_info;						\
	struct module *owner;						\
	struct proc_dir_entry *next, *parent, *subdir;			\
	void *data;							\
	read_proc_t *read_proc;						\
	write_proc_t *write_proc;					\
	atomic_t count;							\
	int deleted;							\
	kdev_t rdev;

/* Linux 2.6 - 3.9 */
#define KEMU_PDE26_FIELDS						\
	unsigned int low_ino;						\
	unsigned short namelen;						\
	const char *name;						\
	mode_t mode;							\
	nlink_t nlink;							\
	uid_t uid;							\
	gid_t gid;							\
	loff_t size;							\
	const struct inode_operations *proc_iops;			\
	const struct file_operations *proc_fops;			\
	get_info_t *get_info;						\
	struct module *owner;						\
	struct proc_dir_entry *next, *parent, *subdir;			\
	void *data;							\
	read_proc_t *read_proc;						\
	write_proc_t *write_proc;					\
	atomic_t count;							\
	int pde_users;

struct kemu_pde22 { KEMU_PDE22_FIELDS };
struct kemu_pde24 { KEMU_PDE24_FIELDS };
struct kemu_pde26 { KEMU_PDE26_FIELDS };

#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 4, 0)
struct proc_dir_entry { KEMU_PDE22_FIELDS };
#elif LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 0)
struct proc_dir_entry { KEMU_PDE24_FIELDS };
#elif LINUX_VERSION_CODE < KERNEL_VERSION(3, 10, 0)
struct proc_dir_entry { KEMU_PDE26_FIELDS };
#endif

/* ---- struct proc_ops (5.6+) ---- */
#define PROC_ENTRY_PERMANENT 1U

struct proc_ops {
	unsigned int proc_flags;
	int	(*proc_open)(struct inode *, struct file *);
	ssize_t	(*proc_read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*proc_read_iter)(struct kiocb *, struct iov_iter *);
	ssize_t	(*proc_write)(struct file *, const char __user *, size_t, loff_t *);
	loff_t	(*proc_lseek)(struct file *, loff_t, int);
	int	(*proc_release)(struct inode *, struct file *);
	__poll_t (*proc_poll)(struct file *, struct poll_table_struct *);
	long	(*proc_ioctl)(struct file *, unsigned int, unsigned long);
	long	(*proc_compat_ioctl)(struct file *, unsigned int, unsigned long);
	int	(*proc_mmap)(struct file *, struct vm_area_struct *);
	unsigned long (*proc_get_unmapped_area)(struct file *, unsigned long, unsigned long, unsigned long, unsigned long);
};

/* what proc_create and friends take in this era */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)
#define __kemu_proc_ops file_operations
#else
#define __kemu_proc_ops proc_ops
#endif

/* ---- 2.2: a module-owned entry registered under a directory ---- */
#ifndef __KEMU_PROC_CORE	/* the core defines it as its own record (fs/proc/generic.c) */
extern struct proc_dir_entry proc_root;
#endif
#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 4, 0)
extern int proc_register(struct proc_dir_entry *, struct proc_dir_entry *);
extern int proc_register_dynamic(struct proc_dir_entry *, struct proc_dir_entry *);
extern int proc_unregister(struct proc_dir_entry *, int);
#endif

/* ---- 2.4 - 3.9: create_proc_entry, PDE() ---- */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(2, 4, 0) && LINUX_VERSION_CODE < KERNEL_VERSION(3, 10, 0)
extern struct proc_dir_entry *create_proc_entry(const char *name, mode_t mode, struct proc_dir_entry *parent);
static inline struct proc_dir_entry *create_proc_read_entry(const char *name, mode_t mode,
	struct proc_dir_entry *base, read_proc_t *read_proc, void *data)
{
	struct proc_dir_entry *res = create_proc_entry(name, mode, base);

	if (res) {
		res->read_proc = read_proc;
		res->data = data;
	}
	return res;
}
#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 26)
static inline struct proc_dir_entry *create_proc_info_entry(const char *name, mode_t mode,
	struct proc_dir_entry *base, get_info_t *get_info)
{
	struct proc_dir_entry *res = create_proc_entry(name, mode, base);

	if (res)
		res->get_info = get_info;
	return res;
}
extern struct proc_dir_entry *proc_root_fs, *proc_root_driver, *proc_bus;
#endif
/* the entry of a /proc inode (fs/proc/inode.c's PROC_I(inode)->pde) */
static inline struct proc_dir_entry *PDE(const struct inode *inode)
{
	return (struct proc_dir_entry *)inode->i_private;
}
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(2, 4, 0)
extern struct proc_dir_entry *proc_symlink(const char *, struct proc_dir_entry *, const char *);
extern struct proc_dir_entry *proc_mkdir(const char *, struct proc_dir_entry *);
extern void remove_proc_entry(const char *, struct proc_dir_entry *);
#endif

/* ---- 2.6.25+: proc_create ---- */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(2, 6, 25)
extern struct proc_dir_entry *proc_create_data(const char *, umode_t, struct proc_dir_entry *,
					       const struct __kemu_proc_ops *, void *);
extern struct proc_dir_entry *proc_create(const char *name, umode_t mode, struct proc_dir_entry *parent,
					  const struct __kemu_proc_ops *proc_ops);
extern struct proc_dir_entry *proc_mkdir_mode(const char *, umode_t, struct proc_dir_entry *);
extern struct proc_dir_entry *proc_mkdir_data(const char *, umode_t, struct proc_dir_entry *, void *);
extern int remove_proc_subtree(const char *, struct proc_dir_entry *);
extern void proc_remove(struct proc_dir_entry *);
extern void proc_set_size(struct proc_dir_entry *, loff_t);
extern void proc_set_user(struct proc_dir_entry *, kuid_t, kgid_t);
extern void *proc_get_parent_data(const struct inode *);
#endif

/* the data of a /proc inode: PDE_DATA() 3.10 - 5.16, pde_data() since 5.17 (i_private holds it) */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(3, 10, 0) && LINUX_VERSION_CODE < KERNEL_VERSION(5, 17, 0)
extern void *PDE_DATA(const struct inode *);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(5, 17, 0)
static inline void *pde_data(const struct inode *inode)
{
	return inode->i_private;
}
#endif

/* ---- 4.18+: seq_file shortcuts ---- */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(4, 18, 0)
extern struct proc_dir_entry *proc_create_seq_private(const char *name, umode_t mode,
		struct proc_dir_entry *parent, const struct seq_operations *ops,
		unsigned int state_size, void *data);
#define proc_create_seq_data(name, mode, parent, ops, data) \
	proc_create_seq_private(name, mode, parent, ops, 0, data)
#define proc_create_seq(name, mode, parent, ops) \
	proc_create_seq_private(name, mode, parent, ops, 0, NULL)
extern struct proc_dir_entry *proc_create_single_data(const char *name, umode_t mode,
		struct proc_dir_entry *parent, int (*show)(struct seq_file *, void *), void *data);
#define proc_create_single(name, mode, parent, show) \
	proc_create_single_data(name, mode, parent, show, NULL)
#endif

#endif /* _LINUX_PROC_FS_H */
