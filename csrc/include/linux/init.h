/* kemu: include/linux/init.h. kemu does not free init sections after load, so __init code
 * stays callable (Linux would oops); the markers are accepted and ignored. */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H
#include <linux/compiler.h>
#include <linux/types.h>
#define __init
#define __initdata
#define __initconst
#define __exit
#define __exitdata
#define __exit_call
#define __refdata
#define __ref
#define __initref
#define __meminit
#define __meminitdata
#define __devinit
#define __devinitdata
#define __devexit
#define __devexit_p(x) x
#define __exit_p(x) x
#define __init_or_module
#define __nosavedata
#define __read_mostly
typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);
#ifdef MODULE
#define module_init(initfn) \
	static inline initcall_t __maybe_unused __inittest(void) { return initfn; } \
	int init_module(void) __attribute__((__alias__(#initfn)));
#define module_exit(exitfn) \
	static inline exitcall_t __maybe_unused __exittest(void) { return exitfn; } \
	void cleanup_module(void) __attribute__((__alias__(#exitfn)));
#else
#define module_init(x) __initcall(x);
#define module_exit(x) __exitcall(x);
#endif
#define __initcall(fn) static initcall_t __maybe_unused __kemu_initcall_##fn = fn
#define __exitcall(fn) static exitcall_t __maybe_unused __kemu_exitcall_##fn = fn
#define core_initcall(fn) __initcall(fn)
#define postcore_initcall(fn) __initcall(fn)
#define arch_initcall(fn) __initcall(fn)
#define subsys_initcall(fn) __initcall(fn)
#define fs_initcall(fn) __initcall(fn)
#define device_initcall(fn) __initcall(fn)
#define late_initcall(fn) __initcall(fn)
#define __setup(str, fn)
#define early_param(str, fn)
#endif
