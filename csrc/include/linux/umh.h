/* kemu: include/linux/umh.h (and the usermode-helper half of 2.6's kmod.h) for every era.
 * The kernel side speaks Linux 3.4+'s flags; older wait values are mapped here:
 * before 3.4, enum umh_wait was NO_WAIT -1, WAIT_EXEC 0, WAIT_PROC 1, and before 2.6.23 the
 * wait argument was a plain int (0: wait for the exec, 1: wait for the process). */
#ifndef __LINUX_UMH_H__
#define __LINUX_UMH_H__
#include <linux/gfp.h>
#include <linux/stddef.h>
#include <linux/errno.h>
#include <linux/compiler.h>
#include <linux/workqueue.h>
#include <linux/version.h>

struct cred;
struct file;
struct key;

#if LINUX_VERSION_CODE < KERNEL_VERSION(3, 4, 0)
enum umh_wait {
	UMH_NO_WAIT = -1,	/* don't wait at all */
	UMH_WAIT_EXEC = 0,	/* wait for the exec, but not the process */
	UMH_WAIT_PROC = 1,	/* wait for the process to complete */
};
#define __KEMU_UMH_WAIT(w) ((int)(w) + 1)
#else
#define UMH_NO_WAIT	0x00	/* don't wait at all */
#define UMH_WAIT_EXEC	0x01	/* wait for the exec, but not the process */
#define UMH_WAIT_PROC	0x02	/* wait for the process to complete */
#define UMH_KILLABLE	0x04	/* wait for EXEC/PROC killable */
#define UMH_FREEZABLE	0x08	/* wait for EXEC/PROC freezable */
#define __KEMU_UMH_WAIT(w) (w)
#endif

struct subprocess_info {
	struct work_struct work;
	struct completion *complete;
	const char *path;
	char **argv;
	char **envp;
	int wait;
	int retval;
	int (*init)(struct subprocess_info *info, struct cred *new);
	void (*cleanup)(struct subprocess_info *info);
	void *data;
	/* kemu: callbacks with the older signatures (wasm calls must match exactly) */
	int (*kemu_init_old)(struct subprocess_info *info);
	void (*kemu_cleanup_old)(char **argv, char **envp);
};

extern int call_usermodehelper(const char *path, char **argv, char **envp, int wait);
extern struct subprocess_info *call_usermodehelper_setup(const char *path, char **argv,
		char **envp, gfp_t gfp_mask,
		int (*init)(struct subprocess_info *info, struct cred *new),
		void (*cleanup)(struct subprocess_info *), void *data);
extern int call_usermodehelper_exec(struct subprocess_info *info, int wait);
extern void call_usermodehelper_freeinfo(struct subprocess_info *info);
extern void call_usermodehelper_setfns(struct subprocess_info *info,
		int (*init)(struct subprocess_info *info),
		void (*cleanup)(struct subprocess_info *info), void *data);
extern void call_usermodehelper_setcleanup(struct subprocess_info *info,
		void (*cleanup)(char **argv, char **envp));
extern void call_usermodehelper_setkeys(struct subprocess_info *info, struct key *session_keyring);
extern int usermodehelper_disable(void);
extern void usermodehelper_enable(void);
extern int __usermodehelper_disable(int depth);
extern void __usermodehelper_set_disable_depth(int depth);

/* setup with 3 (2.6.23-2.6.3x), 4 (to 3.9) or 7 (3.10+) arguments */
#define __KEMU_UMH_SETUP(_1, _2, _3, _4, _5, _6, _7, N, ...) N
#define call_usermodehelper_setup(...) \
	__KEMU_UMH_SETUP(__VA_ARGS__, __kemu_umh_setup7, __kemu_umh_setup6, __kemu_umh_setup5, \
			 __kemu_umh_setup4, __kemu_umh_setup3, , )(__VA_ARGS__)
#define __kemu_umh_setup3(p, a, e) (call_usermodehelper_setup)((p), (a), (e), GFP_ATOMIC, NULL, NULL, NULL)
#define __kemu_umh_setup4(p, a, e, g) (call_usermodehelper_setup)((p), (a), (e), (g), NULL, NULL, NULL)
#define __kemu_umh_setup7(p, a, e, g, i, c, d) (call_usermodehelper_setup)((p), (a), (e), (g), (i), (c), (d))

#define call_usermodehelper_exec(info, wait) (call_usermodehelper_exec)((info), __KEMU_UMH_WAIT(wait))
#define call_usermodehelper(path, argv, envp, wait) \
	(call_usermodehelper)((path), (argv), (envp), __KEMU_UMH_WAIT(wait))

#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 23)
/* 2.6.2x: the session keyring variant, same semantics without keys */
#define call_usermodehelper_keys(path, argv, envp, keys, wait) call_usermodehelper(path, argv, envp, wait)
#endif

#endif /* __LINUX_UMH_H__ */
