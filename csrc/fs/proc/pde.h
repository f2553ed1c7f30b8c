/* kemu: the private half of fs/proc/internal.h that procfs entries need (fs/proc/internal.h
 * itself is the sysctl code's): the kernel's own record of a /proc entry. Linux's struct
 * proc_dir_entry is both the module-visible struct (2.2 - 3.9) and the kernel's record; here the
 * record is struct kemu_pde, whose first member is the module-visible struct in the running
 * era's layout (or, for 2.2 proc_register, points at the module's own struct). */
#ifndef _KEMU_PROC_PDE_H
#define _KEMU_PROC_PDE_H
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/list.h>
#include <linux/completion.h>

/* how a file's handlers are reached */
enum pde_kind {
	PDE_KIND_NONE,		/* directory, symlink */
	PDE_KIND_LEGACY,	/* read_proc/get_info/write_proc (fs/proc/generic.c's proc_file_operations) */
	PDE_KIND_FOPS,		/* the module's struct file_operations, in the era's layout */
	PDE_KIND_PROC_OPS,	/* a struct proc_ops (5.6+ modules, and the core's single/seq shortcuts) */
};

#define PDE_BIAS (-1 << 30)	/* in_use after removal started (fs/proc/internal.h's BIAS) */

struct proc_inode {
	struct kemu_pde *pde;
	struct inode vfs_inode;
};

struct kemu_pde {
	union {
		struct kemu_pde22 e22;
		struct kemu_pde24 e24;
		struct kemu_pde26 e26;
	} pub;				/* what modules see and write (2.2 - 3.9); must be first */
	void *ent;			/* the module-visible struct: &pub, or a 2.2 module's own */
	char *name;			/* kemu's copy */
	unsigned int namelen;
	umode_t mode;			/* the type and mode at registration */
	unsigned int low_ino;
	struct kemu_pde *parent;
	struct list_head subdir;	/* children, in registration order */
	struct list_head sibling;
	struct list_head all;		/* every entry ever registered and not freed */
	const void *ops;		/* proc_ops (5.6+) or file_operations given to proc_create */
	enum pde_kind kind;		/* of ops when set at creation (3.10+), else resolved at open */
	unsigned int flags;
	atomic_t in_use;		/* handlers running; PDE_BIAS added by removal */
	struct completion *unload;	/* removal waits here for in_use */
	struct list_head openers;	/* struct pde_opener of files open on it */
	struct proc_inode *inode;	/* C inode of a file (NULL for directories and symlinks) */
	void *single_show;		/* proc_create_single */
	const struct seq_operations *seq_ops;	/* proc_create_seq */
	unsigned int state_size;
	char *link;			/* symlink target */
	int refcnt;
};

#define PDE_F_PERMANENT	0x1	/* the core's own directories (driver, fs, bus, tty) */
#define PDE_F_REMOVED	0x2	/* unlinked from its parent */
#define PDE_F_HIDDEN	0x4	/* a duplicate name old kernels accepted: in the tree, not in the VFS */
#define PDE_F_LEAKED	0x8	/* a non-empty directory removed with remove_proc_entry */

/* per open file: fs/proc/inode.c's struct pde_opener, plus what ->open resolved */
struct pde_opener {
	struct list_head lh;
	struct file *file;
	bool closing;
	bool released;
	enum pde_kind kind;
	const void *ops;
	struct module *owner;	/* reference held while open (before 2.6.24) */
};

/* printk with a level the running kernel's printk parses ("<4>" before 3.6, KERN_SOH "4" after) */
#define era_printk(lvl, fmt, ...) \
	printk(kemu_version_code >= KERNEL_VERSION(3, 6, 0) ? "\001" lvl fmt : "<" lvl ">" fmt, ##__VA_ARGS__)

/* fs/proc/generic.c */
extern int kemu_version_code;
unsigned long pde_get(const struct kemu_pde *de, int field);
void pde_set(struct kemu_pde *de, int field, unsigned long v);
enum {
	PF_LOW_INO, PF_NAMELEN, PF_NAME, PF_MODE, PF_NLINK, PF_UID, PF_GID, PF_SIZE, PF_IOPS, PF_FOPS,
	PF_GET_INFO, PF_FILL_INODE, PF_OWNER, PF_NEXT, PF_PARENT, PF_SUBDIR, PF_DATA, PF_READ_PROC,
	PF_WRITE_PROC, PF_NR
};
void *pde_data_of(const struct kemu_pde *de);
struct kemu_pde *kemu_pde_of_inode(const struct inode *inode);
void kemu_pde_put(struct kemu_pde *de);

/* fs/proc/inode.c */
extern const struct file_operations *kemu_proc_reg_fops(void);
struct inode *kemu_proc_inode(struct kemu_pde *de);
void kemu_proc_entry_rundown(struct kemu_pde *de);
extern const struct file_operations kemu_proc_legacy_marker;	/* Linux's proc_file_operations */
extern const void *const kemu_proc_iops22_marker[20];	/* 2.2's proc_file_inode_operations */
extern const struct proc_ops kemu_proc_single_ops, kemu_proc_seq_ops;

#endif
