/* kemu: include/linux/fs.h - struct file, struct inode and struct file_operations as drivers
 * see them. One struct file/inode layout for every era (old field names are macros); the
 * file_operations layout follows the era: 2.2 and 2.4 positional initialisers keep working. */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H
#include <linux/types.h>
#include <linux/kdev_t.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/stat.h>
#include <linux/wait.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/compiler.h>
#include <linux/version.h>
#include <linux/time64.h>
#include <linux/init.h>
#include <linux/export.h>
#include <linux/uaccess.h>

struct module;
struct file;
struct inode;
struct dentry;
struct cdev;
struct kiocb;
struct iov_iter;
struct vm_area_struct;
struct poll_table_struct;
struct super_block;
struct file_lock;
struct io_comp_batch;
struct dir_context;
struct seq_file;

typedef unsigned int __poll_t;
typedef int (*filldir_t)(void *, const char *, int, loff_t, u64, unsigned);

#define FMODE_READ		((fmode_t)0x1)
#define FMODE_WRITE		((fmode_t)0x2)
#define FMODE_LSEEK		((fmode_t)0x4)
#define FMODE_PREAD		((fmode_t)0x8)
#define FMODE_PWRITE		((fmode_t)0x10)
#define FMODE_EXEC		((fmode_t)0x20)
#define FMODE_NDELAY		((fmode_t)0x40)
#define FMODE_EXCL		((fmode_t)0x80)
#define FMODE_ATOMIC_POS	((fmode_t)0x8000)
#define FMODE_STREAM		((fmode_t)0x200000)

#define MAX_LFS_FILESIZE	((loff_t)LLONG_MAX)
#define MAX_NON_LFS		((1UL << 31) - 1)

/* lseek whence */
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define SEEK_DATA	3
#define SEEK_HOLE	4
#define SEEK_MAX	SEEK_HOLE

/* open flags (uapi/asm-generic/fcntl.h) */
#ifndef O_ACCMODE
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_DSYNC		00010000
#define O_DIRECT	00040000
#define O_LARGEFILE	00100000
#define O_DIRECTORY	00200000
#define O_NOFOLLOW	00400000
#define O_NOATIME	01000000
#define O_CLOEXEC	02000000
#define O_NDELAY	O_NONBLOCK
#endif

struct qstr {
	u32 hash;
	u32 len;
	const unsigned char *name;
};

struct dentry {
	struct qstr d_name;
	struct inode *d_inode;
	struct dentry *d_parent;
	void *d_fsdata;
	unsigned char d_iname[32];
};

struct vfsmount;
struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

struct inode {
	umode_t i_mode;
	unsigned short i_opflags;
	unsigned int i_uid;
	unsigned int i_gid;
	unsigned int i_flags;
	unsigned long i_ino;
	unsigned int i_nlink;
	dev_t i_rdev;
	loff_t i_size;
	struct timespec64 i_atime, i_mtime, i_ctime;
	const struct file_operations *i_fop;
	struct super_block *i_sb;
	struct cdev *i_cdev;
	struct list_head i_devices;
	void *i_private;
	union {
		void *generic_ip;	/* before 2.6.19 */
	} u;
	atomic_t i_count;
	void *kemu_vfs;			/* the TS inode */
};

struct fown_struct {
	int pid;
	int uid, euid;
	int signum;
};

struct file {
	struct path f_path;
	struct inode *f_inode;
	const struct file_operations *f_op;
	atomic_long_t f_count;
	unsigned int f_flags;
	fmode_t f_mode;
	loff_t f_pos;
	struct fown_struct f_owner;
	u64 f_version;
	void *private_data;
	void *f_security;
	int kemu_fd_handle;		/* the TS open file description */
};
#define f_dentry	f_path.dentry
#define f_vfsmnt	f_path.mnt

static inline struct inode *file_inode(const struct file *f) { return f->f_inode; }
static inline struct dentry *file_dentry(const struct file *file) { return file->f_path.dentry; }
static inline loff_t i_size_read(const struct inode *inode) { return inode->i_size; }
static inline void i_size_write(struct inode *inode, loff_t i_size) { inode->i_size = i_size; }
#define OFFSET_MAX MAX_LFS_FILESIZE
static inline unsigned iminor(const struct inode *inode) { return MINOR(inode->i_rdev); }
static inline unsigned imajor(const struct inode *inode) { return MAJOR(inode->i_rdev); }

typedef struct files_struct *fl_owner_t;

#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 4, 0)
/* Linux 2.2 (include/linux/fs.h): no owner field; modules counted themselves (MOD_INC_USE_COUNT) */
struct file_operations {
	loff_t (*llseek)(struct file *, loff_t, int);
	ssize_t (*read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*write)(struct file *, const char __user *, size_t, loff_t *);
	int (*readdir)(struct file *, void *, filldir_t);
	unsigned int (*poll)(struct file *, struct poll_table_struct *);
	int (*ioctl)(struct inode *, struct file *, unsigned int, unsigned long);
	int (*mmap)(struct file *, struct vm_area_struct *);
	int (*open)(struct inode *, struct file *);
	int (*flush)(struct file *);
	int (*release)(struct inode *, struct file *);
	int (*fsync)(struct file *, struct dentry *);
	int (*fasync)(int, struct file *, int);
	int (*check_media_change)(kdev_t dev);
	int (*revalidate)(kdev_t dev);
	int (*lock)(struct file *, int, struct file_lock *);
};
#elif LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 0)
/* Linux 2.4 */
struct file_operations {
	struct module *owner;
	loff_t (*llseek)(struct file *, loff_t, int);
	ssize_t (*read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*write)(struct file *, const char __user *, size_t, loff_t *);
	int (*readdir)(struct file *, void *, filldir_t);
	unsigned int (*poll)(struct file *, struct poll_table_struct *);
	int (*ioctl)(struct inode *, struct file *, unsigned int, unsigned long);
	int (*mmap)(struct file *, struct vm_area_struct *);
	int (*open)(struct inode *, struct file *);
	int (*flush)(struct file *);
	int (*release)(struct inode *, struct file *);
	int (*fsync)(struct file *, struct dentry *, int datasync);
	int (*fasync)(int, struct file *, int);
	int (*lock)(struct file *, int, struct file_lock *);
	ssize_t (*readv)(struct file *, const void *, unsigned long, loff_t *);
	ssize_t (*writev)(struct file *, const void *, unsigned long, loff_t *);
	ssize_t (*sendpage)(struct file *, void *, int, size_t, loff_t *, int);
	unsigned long (*get_unmapped_area)(struct file *, unsigned long, unsigned long, unsigned long, unsigned long);
};
#else
/* 2.6 to 6.x, in 6.1's order; fields later removed (ioctl: 2.6.36, readdir: 3.11, aio_*: 4.1)
 * are kept at the end so that designated initialisers of every era compile. */
struct file_operations {
	struct module *owner;
	loff_t (*llseek)(struct file *, loff_t, int);
	ssize_t (*read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*write)(struct file *, const char __user *, size_t, loff_t *);
	ssize_t (*read_iter)(struct kiocb *, struct iov_iter *);
	ssize_t (*write_iter)(struct kiocb *, struct iov_iter *);
	int (*iopoll)(struct kiocb *kiocb, struct io_comp_batch *, unsigned int flags);
	int (*iterate)(struct file *, struct dir_context *);
	int (*iterate_shared)(struct file *, struct dir_context *);
	__poll_t (*poll)(struct file *, struct poll_table_struct *);
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	long (*compat_ioctl)(struct file *, unsigned int, unsigned long);
	int (*mmap)(struct file *, struct vm_area_struct *);
	unsigned long mmap_supported_flags;
	int (*open)(struct inode *, struct file *);
	int (*flush)(struct file *, fl_owner_t id);
	int (*release)(struct inode *, struct file *);
	int (*fsync)(struct file *, loff_t, loff_t, int datasync);
	int (*fasync)(int, struct file *, int);
	int (*lock)(struct file *, int, struct file_lock *);
	ssize_t (*sendpage)(struct file *, void *, int, size_t, loff_t *, int);
	unsigned long (*get_unmapped_area)(struct file *, unsigned long, unsigned long, unsigned long, unsigned long);
	int (*check_flags)(int);
	int (*flock)(struct file *, int, struct file_lock *);
	ssize_t (*splice_write)(void *, struct file *, loff_t *, size_t, unsigned int);
	ssize_t (*splice_read)(struct file *, loff_t *, void *, size_t, unsigned int);
	int (*setlease)(struct file *, long, struct file_lock **, void **);
	long (*fallocate)(struct file *file, int mode, loff_t offset, loff_t len);
	void (*show_fdinfo)(struct seq_file *m, struct file *f);
	ssize_t (*copy_file_range)(struct file *, loff_t, struct file *, loff_t, size_t, unsigned int);
	loff_t (*remap_file_range)(struct file *file_in, loff_t pos_in, struct file *file_out, loff_t pos_out, loff_t len, unsigned int remap_flags);
	int (*fadvise)(struct file *, loff_t, loff_t, int);
	/* removed from Linux, kept for older modules */
	int (*ioctl)(struct inode *, struct file *, unsigned int, unsigned long);
	int (*readdir)(struct file *, void *, filldir_t);
	ssize_t (*aio_read)(struct kiocb *, const void *, unsigned long, loff_t);
	ssize_t (*aio_write)(struct kiocb *, const void *, unsigned long, loff_t);
};
#endif

#define fops_get(fops) (fops)
#define fops_put(fops) do { } while (0)

/* fs/read_write.c */
extern loff_t no_llseek(struct file *file, loff_t offset, int whence);
extern loff_t noop_llseek(struct file *file, loff_t offset, int whence);
extern loff_t default_llseek(struct file *file, loff_t offset, int whence);
extern loff_t generic_file_llseek(struct file *file, loff_t offset, int whence);
extern loff_t generic_file_llseek_size(struct file *file, loff_t offset, int whence, loff_t maxsize, loff_t eof);
extern loff_t fixed_size_llseek(struct file *file, loff_t offset, int whence, loff_t size);
extern loff_t no_seek_end_llseek(struct file *file, loff_t offset, int whence);
extern loff_t vfs_setpos(struct file *file, loff_t offset, loff_t maxsize);
extern int generic_file_open(struct inode *inode, struct file *filp);
extern int nonseekable_open(struct inode *inode, struct file *filp);
extern int stream_open(struct inode *inode, struct file *filp);

/* fs/libfs.c */
extern ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos, const void *from, size_t available);
extern ssize_t simple_write_to_buffer(void *to, size_t available, loff_t *ppos, const void __user *from, size_t count);
extern ssize_t memory_read_from_buffer(void *to, size_t count, loff_t *ppos, const void *from, size_t available);

/* fs/char_dev.c */
#define CHRDEV_MAJOR_MAX 512
#define CHRDEV_MAJOR_DYN_END 234
#define CHRDEV_MAJOR_DYN_EXT_START 511
#define CHRDEV_MAJOR_DYN_EXT_END 384
extern int register_chrdev_region(dev_t from, unsigned count, const char *name);
extern int alloc_chrdev_region(dev_t *dev, unsigned baseminor, unsigned count, const char *name);
extern void unregister_chrdev_region(dev_t from, unsigned count);
extern int __register_chrdev(unsigned int major, unsigned int baseminor, unsigned int count,
			     const char *name, const struct file_operations *fops);
extern void __unregister_chrdev(unsigned int major, unsigned int baseminor, unsigned int count, const char *name);
static inline int register_chrdev(unsigned int major, const char *name, const struct file_operations *fops)
{
	return __register_chrdev(major, 0, 256, name, fops);
}
#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 23)
/* before 2.6.23 unregister_chrdev returned int */
static inline int unregister_chrdev(unsigned int major, const char *name)
{
	__unregister_chrdev(major, 0, 256, name);
	return 0;
}
#else
static inline void unregister_chrdev(unsigned int major, const char *name)
{
	__unregister_chrdev(major, 0, 256, name);
}
#endif
extern int chrdev_open(struct inode *inode, struct file *filp);
extern const struct file_operations def_chr_fops;

#endif /* _LINUX_FS_H */
