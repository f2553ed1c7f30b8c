/* kemu: the one source of truth for struct layouts and constants shared by C and TS.
 * scripts/gen-layout.mjs compiles this for wasm32 and writes ts/generated/layout.ts. */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/export.h>
#include <linux/ratelimit_types.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/time.h>
#include <linux/time64.h>
#include <linux/timer.h>
#include <linux/interrupt.h>
#include <linux/hrtimer.h>
#include <linux/fs.h>

struct layout_entry {
	const char *name;
	unsigned int value;
};

#define S(s) { #s ".SIZE", sizeof(struct s) },
#define F(s, f) { #s "." #f, offsetof(struct s, f) },
#define C(c) { "const." #c, (unsigned int)(c) },

__attribute__((visibility("default"))) const struct layout_entry layout_table[] = {
	S(list_head) F(list_head, next) F(list_head, prev)
	S(kernel_symbol) F(kernel_symbol, value) F(kernel_symbol, name) F(kernel_symbol, namespace) F(kernel_symbol, gplonly)
	S(kernel_param) F(kernel_param, name) F(kernel_param, mod) F(kernel_param, ops) F(kernel_param, perm)
	F(kernel_param, level) F(kernel_param, flags) F(kernel_param, arg)
	S(kernel_param_ops) F(kernel_param_ops, flags) F(kernel_param_ops, set) F(kernel_param_ops, get) F(kernel_param_ops, free)
	S(kparam_string) F(kparam_string, maxlen) F(kparam_string, string)
	S(kparam_array) F(kparam_array, max) F(kparam_array, elemsize) F(kparam_array, num) F(kparam_array, ops) F(kparam_array, elem)
	S(module) F(module, state) F(module, list) F(module, name) F(module, version) F(module, srcversion)
	F(module, init) F(module, exit) F(module, refcnt) F(module, taints) F(module, num_kp) F(module, kp) F(module, kemu_private)
	S(ratelimit_state) F(ratelimit_state, interval) F(ratelimit_state, burst) F(ratelimit_state, printed)
	F(ratelimit_state, missed) F(ratelimit_state, begin) F(ratelimit_state, flags)
	S(task_struct) F(task_struct, __state) F(task_struct, stack) F(task_struct, flags) F(task_struct, prio)
	F(task_struct, static_prio) F(task_struct, normal_prio) F(task_struct, policy) F(task_struct, exit_state) F(task_struct, exit_code)
	F(task_struct, pid) F(task_struct, tgid) F(task_struct, real_parent)
	F(task_struct, parent) F(task_struct, children) F(task_struct, sibling) F(task_struct, tasks) F(task_struct, comm)
	F(task_struct, kemu_sigpending) F(task_struct, kemu_sigkill) F(task_struct, kemu_kthread) F(task_struct, kemu_id)
	F(task_struct, usage) F(task_struct, rcu_read_lock_nesting) F(task_struct, mm)
	F(task_struct, kemu_ubase) F(task_struct, kemu_ulen)
	S(file) F(file, f_pos) F(file, f_flags) F(file, f_mode) F(file, f_op) F(file, f_inode) F(file, private_data)
	S(inode) F(inode, i_size) F(inode, i_mode) F(inode, i_rdev) F(inode, i_fop) F(inode, i_private) F(inode, kemu_vfs)
	C(FMODE_READ) C(FMODE_WRITE) C(FMODE_LSEEK) C(FMODE_PREAD) C(FMODE_PWRITE) C(FMODE_ATOMIC_POS) C(FMODE_STREAM)
	S(kthread) F(kthread, flags) F(kthread, result) F(kthread, threadfn) F(kthread, data) F(kthread, exited) F(kthread, full_name)
	S(timespec64) F(timespec64, tv_sec) F(timespec64, tv_nsec)
	S(timespec) F(timespec, tv_sec) F(timespec, tv_nsec) S(timeval) F(timeval, tv_sec) F(timeval, tv_usec)
	S(tm) F(tm, tm_sec) F(tm, tm_min) F(tm, tm_hour) F(tm, tm_mday) F(tm, tm_mon) F(tm, tm_year) F(tm, tm_wday) F(tm, tm_yday)
	S(timer_list) F(timer_list, entry) F(timer_list, expires) F(timer_list, function) F(timer_list, kemu_data) F(timer_list, flags)
	S(tasklet_struct) F(tasklet_struct, next) F(tasklet_struct, state) F(tasklet_struct, count) F(tasklet_struct, use_callback)
	F(tasklet_struct, func) F(tasklet_struct, data)
	S(hrtimer) F(hrtimer, node) F(hrtimer, expires) F(hrtimer, function) F(hrtimer, state)
	C(TASK_RUNNING) C(TASK_INTERRUPTIBLE) C(TASK_UNINTERRUPTIBLE) C(TASK_WAKEKILL) C(TASK_NOLOAD) C(TASK_DEAD) C(TASK_PARKED)
	C(TASK_KILLABLE) C(TASK_NORMAL) C(TASK_COMM_LEN) C(PF_KTHREAD) C(PF_WQ_WORKER) C(PF_EXITING) C(PF_NOFREEZE)
	C(SOFTIRQ_OFFSET) C(HARDIRQ_OFFSET) C(SOFTIRQ_DISABLE_OFFSET) C(PREEMPT_MASK) C(SOFTIRQ_MASK) C(HARDIRQ_MASK)
	C(MODULE_NAME_LEN) C(KERNEL_PARAM_OPS_FL_NOARG) C(KERNEL_PARAM_FL_UNSAFE)
	C(MODULE_STATE_LIVE) C(MODULE_STATE_COMING) C(MODULE_STATE_GOING) C(MODULE_STATE_UNFORMED)
	C(__GFP_ZERO) C(__GFP_DIRECT_RECLAIM) C(__GFP_HIGH) C(__GFP_NOWARN) C(__GFP_ATOMIC) C(__GFP_NOFAIL)
	C(GFP_KERNEL) C(GFP_ATOMIC) C(GFP_NOWAIT) C(GFP_USER) C(GFP_DMA)
	C(PAGE_SIZE) C(PAGE_SHIFT) C(ZERO_SIZE_PTR) C(KMALLOC_MAX_CACHE_SIZE)
	C(TAINT_PROPRIETARY_MODULE) C(TAINT_FORCED_MODULE) C(TAINT_WARN) C(TAINT_OOT_MODULE) C(TAINT_DIE)
	C(TAINT_CRAP) C(TAINT_UNSIGNED_MODULE) C(TAINT_FLAGS_COUNT)
	C(BUGFLAG_WARNING) C(BUGFLAG_ONCE) C(BUGFLAG_NO_CUT_HERE)
};
__attribute__((visibility("default"))) const unsigned int layout_count = sizeof(layout_table) / sizeof(layout_table[0]);
