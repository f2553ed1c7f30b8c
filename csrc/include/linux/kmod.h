/* kemu: include/linux/kmod.h - request_module() for every era (a macro over __request_module
 * since 2.6.27; a function before, same call syntax), plus kemu's remove_module() extension
 * (the kernel patch of the Korean usermode-helper article; not mainline Linux). */
#ifndef __LINUX_KMOD_H__
#define __LINUX_KMOD_H__
#include <linux/umh.h>
#include <linux/gfp.h>
#include <linux/stddef.h>
#include <linux/errno.h>
#include <linux/compiler.h>
#include <linux/workqueue.h>

#define KMOD_PATH_LEN 256

extern char modprobe_path[];
extern int __request_module(bool wait, const char *name, ...) __attribute__((format(printf, 2, 3)));
#define request_module(mod...) __request_module(true, mod)
#define request_module_nowait(mod...) __request_module(false, mod)
#define try_then_request_module(x, mod...) ((x) ?: (__request_module(true, mod), (x)))

/* kemu extension: `modprobe -r -- NAME` through the usermode helper */
extern int remove_module(const char *name, ...) __attribute__((format(printf, 1, 2)));

#endif /* __LINUX_KMOD_H__ */
