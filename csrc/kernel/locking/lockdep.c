/* kemu: kernel/locking/lockdep.c - the reports of Linux's lock validator that a module author
 * meets: recursive locking, bad unlock balance, locks still held at exit or on the return to
 * user space, a held lock freed, and RCU_LOCKDEP_WARN()'s "suspicious RCU usage". It validates
 * sleeping locks (mutex, rw_semaphore) and SRCU readers only and keeps no dependency graph, so
 * there are no circular-dependency or irq-inversion reports.
 * Held locks live in one table for all tasks (task_struct has no held_locks[]), and an acquire
 * site is a JS stack trace saved by TS once per call site (wasm has no return addresses). */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/lockdep.h>
#include <linux/debug_locks.h>
#include <linux/printk.h>
#include <linux/string.h>

/* TS (ts/kernel/locking/exports.ts) */
extern void kemu_print_kernel_ident(void);
extern void kemu_locking_report(void);
extern int kemu_lockdep_save_trace(void);
extern void kemu_lockdep_put_trace(int id);
extern int kemu_lockdep_sprint_trace(int id, char *buf, int size);
extern void dump_stack(void);

/* Room for every task's locks; Linux's limit is MAX_LOCK_DEPTH per task. */
#define KEMU_MAX_HELD_LOCKS 512

struct held_lock {
	struct task_struct	*task;
	struct lockdep_map	*instance;
	struct lockdep_map	*nest_lock;
	struct lock_class_key	*key;
	unsigned int		subclass;
	int			trace;		/* saved stack trace id (TS), 0 if none */
	unsigned char		pinned;		/* the trace belongs to a call site, not to this hold */
	unsigned char		read;
	unsigned char		trylock;
};

static struct held_lock held_locks[KEMU_MAX_HELD_LOCKS];
static int nr_held_locks;

/* Set by the __KEMU_LOCK_SITE() wrappers of <linux/mutex.h> and <linux/rwsem.h>. */
__visible int *kemu_lock_site;

/* debug_locks never comes back on: once lock_acquire() has seen it off, it stops asking. */
static bool lockdep_stopped;

/* lock_usage_bit, HARDIRQ and SOFTIRQ states (kernel/locking/lockdep_internals.h) */
enum {
	LOCK_USED_IN_HARDIRQ = 0,
	LOCK_USED_IN_HARDIRQ_READ,
	LOCK_ENABLED_HARDIRQ,
	LOCK_ENABLED_HARDIRQ_READ,
	LOCK_USED_IN_SOFTIRQ,
	LOCK_USED_IN_SOFTIRQ_READ,
	LOCK_ENABLED_SOFTIRQ,
	LOCK_ENABLED_SOFTIRQ_READ,
};
#define LOCK_USAGE_DIR_MASK 2

static const char *task_comm(struct task_struct *t)
{
	return t ? t->comm : "swapper/0";
}

static int task_pid(struct task_struct *t)
{
	return t ? task_pid_nr(t) : 0;
}

static void mark_usage(struct lockdep_map *lock, int read, int trylock)
{
	unsigned int r = read ? 1 : 0;
	u8 usage = lock->kemu_usage;

	if (!trylock) {
		if (in_hardirq())
			usage |= 1 << (LOCK_USED_IN_HARDIRQ + r);
		if (in_serving_softirq())
			usage |= 1 << (LOCK_USED_IN_SOFTIRQ + r);
	}
	if (!irqs_disabled()) {
		usage |= 1 << (LOCK_ENABLED_HARDIRQ + r);
		if (!softirq_count())
			usage |= 1 << (LOCK_ENABLED_SOFTIRQ + r);
	}
	lock->kemu_usage = usage;
}

static char get_usage_char(u8 mask, int bit)
{
	char c = '.';

	if (mask & (1 << (bit + LOCK_USAGE_DIR_MASK))) {
		c = '+';
		if (mask & (1 << bit))
			c = '?';
	} else if (mask & (1 << bit)) {
		c = '-';
	}
	return c;
}

/* " (name){usage}-{outer:inner}" as print_lock_name() prints it */
static int sprint_lock_name(char *buf, size_t size, struct lockdep_map *lock, unsigned int subclass)
{
	char usage[5];
	char sub[16] = "";
	u8 m = lock->kemu_usage;
	int inner = lock->wait_type_inner, outer = lock->wait_type_outer;

	usage[0] = get_usage_char(m, LOCK_USED_IN_HARDIRQ);
	usage[1] = get_usage_char(m, LOCK_USED_IN_HARDIRQ_READ);
	usage[2] = get_usage_char(m, LOCK_USED_IN_SOFTIRQ);
	usage[3] = get_usage_char(m, LOCK_USED_IN_SOFTIRQ_READ);
	usage[4] = '\0';
	if (subclass)
		snprintf(sub, sizeof(sub), "/%u", subclass);
	return snprintf(buf, size, " (%s%s){%s}-{%d:%d}", lock->name ? lock->name : "(null)", sub,
			usage, outer ? outer : inner, inner);
}

static void print_lock(const char *prefix, struct held_lock *hlock)
{
	char name[160], where[192];

	sprint_lock_name(name, sizeof(name), hlock->instance, hlock->subclass);
	kemu_lockdep_sprint_trace(hlock->trace, where, sizeof(where));
	pr_warn("%s%px%s, at: %s\n", prefix, hlock->instance, name, where);
}

static int task_lock_depth(struct task_struct *p)
{
	int i, depth = 0;

	for (i = 0; i < nr_held_locks; i++)
		if (held_locks[i].task == p)
			depth++;
	return depth;
}

/* lockdep_depth(): Linux reads tsk->lockdep_depth, which stays 0 once debug_locks is off. */
int kemu_lockdep_depth(struct task_struct *p)
{
	return debug_locks ? task_lock_depth(p) : 0;
}

static void lockdep_print_held_locks(struct task_struct *p)
{
	int i, n = 0, depth = task_lock_depth(p);
	char prefix[16];

	if (!depth) {
		pr_warn("no locks held by %s/%d.\n", task_comm(p), task_pid(p));
		return;
	}
	pr_warn("%d lock%s held by %s/%d:\n", depth, depth > 1 ? "s" : "", task_comm(p), task_pid(p));
	for (i = 0; i < nr_held_locks; i++) {
		if (held_locks[i].task != p)
			continue;
		snprintf(prefix, sizeof(prefix), " #%d: ", n++);
		print_lock(prefix, &held_locks[i]);
	}
}

static void print_deadlock_bug(struct task_struct *curr, struct held_lock *prev, struct held_lock *next)
{
	char pname[160], nname[160];

	if (!debug_locks_off())
		return;
	kemu_locking_report();

	pr_warn("\n");
	pr_warn("============================================\n");
	pr_warn("WARNING: possible recursive locking detected\n");
	kemu_print_kernel_ident();
	pr_warn("--------------------------------------------\n");
	pr_warn("%s/%d is trying to acquire lock:\n", task_comm(curr), task_pid(curr));
	print_lock("", next);
	pr_warn("\nbut task is already holding lock:\n");
	print_lock("", prev);

	pr_warn("\nother info that might help us debug this:\n");
	/* print_deadlock_scenario(): the bare class names, without usage */
	snprintf(pname, sizeof(pname), "%s", prev->instance->name ? prev->instance->name : "(null)");
	snprintf(nname, sizeof(nname), "%s", next->instance->name ? next->instance->name : "(null)");
	if (prev->subclass)
		snprintf(pname + strlen(pname), sizeof(pname) - strlen(pname), "/%u", prev->subclass);
	if (next->subclass)
		snprintf(nname + strlen(nname), sizeof(nname) - strlen(nname), "/%u", next->subclass);
	pr_warn(" Possible unsafe locking scenario:\n\n");
	pr_warn("       CPU0\n");
	pr_warn("       ----\n");
	pr_warn("  lock(%s);\n", pname);
	pr_warn("  lock(%s);\n", nname);
	pr_warn("\n *** DEADLOCK ***\n\n");
	pr_warn(" May be due to missing lock nesting notation\n\n");
	lockdep_print_held_locks(curr);

	pr_warn("\nstack backtrace:\n");
	dump_stack();
}

static void print_unlock_imbalance_bug(struct task_struct *curr, struct lockdep_map *lock)
{
	char where[192];

	if (!debug_locks_off())
		return;
	kemu_locking_report();

	pr_warn("\n");
	pr_warn("=====================================\n");
	pr_warn("WARNING: bad unlock balance detected!\n");
	kemu_print_kernel_ident();
	pr_warn("-------------------------------------\n");
	pr_warn("%s/%d is trying to release lock (%s) at:\n", task_comm(curr), task_pid(curr),
		lock->name ? lock->name : "(null)");
	/* print_ip_sym() prints "[<address>] symbol"; wasm code has no addresses */
	kemu_lockdep_sprint_trace(0, where, sizeof(where));
	pr_warn("%s\n", where);
	pr_warn("but there are no more locks to release!\n");
	pr_warn("\nother info that might help us debug this:\n");
	lockdep_print_held_locks(curr);

	pr_warn("\nstack backtrace:\n");
	dump_stack();
}

void lockdep_init_map_type(struct lockdep_map *lock, const char *name, struct lock_class_key *key,
			   int subclass, u8 inner, u8 outer, u8 lock_type)
{
	(void)subclass;
	lock->name = name ? name : "NULL";
	lock->key = key;
	lock->wait_type_inner = inner;
	lock->wait_type_outer = outer;
	lock->lock_type = lock_type;
	lock->kemu_usage = 0;
}

static void drop_held_lock(int i)
{
	if (!held_locks[i].pinned)
		kemu_lockdep_put_trace(held_locks[i].trace);
	memmove(&held_locks[i], &held_locks[i + 1], (nr_held_locks - i - 1) * sizeof(held_locks[0]));
	nr_held_locks--;
}

void lock_acquire(struct lockdep_map *lock, unsigned int subclass, int trylock, int read,
		  int check, struct lockdep_map *nest_lock, unsigned long ip)
{
	struct task_struct *curr = current;
	struct held_lock *hlock, *nest = NULL;
	int *site = (int *)ip;	/* kemu: the caller's site word (see <linux/lockdep.h>), or 0 */
	int i, trace, pinned = 0;

	if (lockdep_stopped)
		return;
	/* Capturing a JS stack trace costs tens of microseconds: once per call site is enough. */
	if (site && *site) {
		trace = *site;
		pinned = 1;
	} else {
		/* 0 when lock debugging is off: then lockdep tracks nothing, as in Linux */
		trace = kemu_lockdep_save_trace();
		if (!trace) {
			lockdep_stopped = true;
			return;
		}
		if (site) {
			*site = trace;
			pinned = 1;
		}
	}
	/* A lock that was never initialised is keyed by its own address (a static object). */
	if (!lock->key)
		lock->key = (struct lock_class_key *)lock;
	mark_usage(lock, read, trylock);

	if (task_lock_depth(curr) >= MAX_LOCK_DEPTH || nr_held_locks >= KEMU_MAX_HELD_LOCKS) {
		if (!pinned)
			kemu_lockdep_put_trace(trace);
		if (!debug_locks_off())
			return;
		kemu_locking_report();
		printk(KERN_DEBUG "BUG: MAX_LOCK_DEPTH too low!\n");
		printk(KERN_DEBUG "turning off the locking correctness validator.\n");
		printk(KERN_DEBUG "depth: %i  max: %lu!\n", task_lock_depth(curr), MAX_LOCK_DEPTH);
		lockdep_print_held_locks(curr);
		dump_stack();
		return;
	}

	hlock = &held_locks[nr_held_locks];
	hlock->task = curr;
	hlock->instance = lock;
	hlock->nest_lock = nest_lock;
	hlock->key = lock->key;
	hlock->subclass = subclass;
	hlock->trace = trace;
	hlock->pinned = pinned;
	hlock->read = read;
	hlock->trylock = trylock;

	/* check_deadlock(): a lock of the same class already held by this task */
	if (!trylock && check) {
		for (i = 0; i < nr_held_locks; i++) {
			struct held_lock *prev = &held_locks[i];

			if (prev->task != curr)
				continue;
			if (nest_lock && prev->instance == nest_lock)
				nest = prev;
			if (prev->key != hlock->key || prev->subclass != subclass)
				continue;
			if (read == 2 && prev->read)
				continue;
			if (nest)
				break;
			print_deadlock_bug(curr, prev, hlock);
			/* Linux does not record the lock after the report (and stops validating). */
			if (!pinned)
				kemu_lockdep_put_trace(trace);
			return;
		}
	}
	nr_held_locks++;
}

static int find_held_lock(struct task_struct *curr, struct lockdep_map *lock)
{
	int i;

	for (i = nr_held_locks - 1; i >= 0; i--)
		if (held_locks[i].task == curr && held_locks[i].instance == lock)
			return i;
	return -1;
}

void lock_release(struct lockdep_map *lock, unsigned long ip)
{
	struct task_struct *curr = current;
	int i = find_held_lock(curr, lock);

	(void)ip;
	if (i < 0) {
		print_unlock_imbalance_bug(curr, lock);
		return;
	}
	drop_held_lock(i);
}

void lock_downgrade(struct lockdep_map *lock, unsigned long ip)
{
	struct task_struct *curr = current;
	int i = find_held_lock(curr, lock);

	(void)ip;
	if (i < 0) {
		print_unlock_imbalance_bug(curr, lock);
		return;
	}
	WARN(held_locks[i].read, "downgrading a read lock");
	held_locks[i].read = 1;
}

int lock_is_held_type(const struct lockdep_map *lock, int read)
{
	int i = find_held_lock(current, (struct lockdep_map *)lock);

	if (i < 0)
		return 0;
	return read == -1 || !!held_locks[i].read == read;
}

/* rcu_read_unlock() without rcu_read_lock(): lockdep's rcu_lock_map is what it releases. */
void kemu_lockdep_rcu_unlock_imbalance(void)
{
	static struct lockdep_map rcu_lock_map = { .name = "rcu_read_lock" };

	print_unlock_imbalance_bug(current, &rcu_lock_map);
}

/* RCU_LOCKDEP_WARN()'s report (kemu: used by SRCU's synchronize_srcu() check). */
void lockdep_rcu_suspicious(const char *file, const int line, const char *s)
{
	struct task_struct *curr = current;
	int dl = debug_locks;

	if (!debug_locks_off())
		return;
	kemu_locking_report();
	pr_warn("\n");
	pr_warn("=============================\n");
	pr_warn("WARNING: suspicious RCU usage\n");
	kemu_print_kernel_ident();
	pr_warn("-----------------------------\n");
	pr_warn("%s:%d %s!\n", file, line, s);
	pr_warn("\nother info that might help us debug this:\n\n");
	pr_warn("\nrcu_scheduler_active = %d, debug_locks = %d\n", 2 /* RCU_SCHEDULER_RUNNING */, dl);
	lockdep_print_held_locks(curr);
	pr_warn("\nstack backtrace:\n");
	dump_stack();
}

static void print_freed_lock_bug(struct task_struct *curr, const void *mem_from, const void *mem_to,
				 struct held_lock *hlock)
{
	if (!debug_locks_off())
		return;
	kemu_locking_report();

	pr_warn("\n");
	pr_warn("=========================\n");
	pr_warn("WARNING: held lock freed!\n");
	kemu_print_kernel_ident();
	pr_warn("-------------------------\n");
	pr_warn("%s/%d is freeing memory %px-%px, with a lock still held there!\n",
		task_comm(curr), task_pid(curr), mem_from, mem_to - 1);
	print_lock("", hlock);
	lockdep_print_held_locks(curr);

	pr_warn("\nstack backtrace:\n");
	dump_stack();
}

/* Called when kernel memory is freed or a lock is (re)initialised. */
void debug_check_no_locks_freed(const void *mem_from, unsigned long mem_len)
{
	struct task_struct *curr = current;
	int i;

	for (i = 0; i < nr_held_locks; i++) {
		struct held_lock *hlock = &held_locks[i];
		const void *lock_from = hlock->instance;

		if (hlock->task != curr)
			continue;
		if ((const char *)lock_from + sizeof(*hlock->instance) <= (const char *)mem_from ||
		    (const char *)mem_from + mem_len <= (const char *)lock_from)
			continue;
		print_freed_lock_bug(curr, mem_from, (const char *)mem_from + mem_len, hlock);
		break;
	}
}

/* do_exit(): a task must not die holding locks. */
void debug_check_no_locks_held(void)
{
	struct task_struct *curr = current;

	if (!task_lock_depth(curr))
		return;
	if (!debug_locks_off())
		return;
	kemu_locking_report();
	pr_warn("\n");
	pr_warn("====================================\n");
	pr_warn("WARNING: %s/%d still has locks held!\n", task_comm(curr), task_pid(curr));
	kemu_print_kernel_ident();
	pr_warn("------------------------------------\n");
	lockdep_print_held_locks(curr);
	pr_warn("\nstack backtrace:\n");
	dump_stack();
}

/* The end of a system call (insmod's init_module, rmmod's delete_module, a file operation...). */
void lockdep_sys_exit(void)
{
	struct task_struct *curr = current;

	if (!task_lock_depth(curr))
		return;
	if (!debug_locks_off())
		return;
	kemu_locking_report();
	pr_warn("\n");
	pr_warn("================================================\n");
	pr_warn("WARNING: lock held when returning to user space!\n");
	kemu_print_kernel_ident();
	pr_warn("------------------------------------------------\n");
	pr_warn("%s/%d is leaving the kernel with locks still held!\n", task_comm(curr), task_pid(curr));
	lockdep_print_held_locks(curr);
}

/* kemu: the task is gone; forget its locks (Linux frees them with the task_struct). */
void kemu_lockdep_task_exit(struct task_struct *p)
{
	int i;

	for (i = nr_held_locks - 1; i >= 0; i--)
		if (held_locks[i].task == p)
			drop_held_lock(i);
}

void debug_show_held_locks(struct task_struct *task)
{
	if (unlikely(!debug_locks)) {
		printk("INFO: lockdep is turned off.\n");
		return;
	}
	lockdep_print_held_locks(task);
}

void debug_show_all_locks(void)
{
	int i, j;

	if (unlikely(!debug_locks)) {
		pr_warn("INFO: lockdep is turned off.\n");
		return;
	}
	pr_warn("\nShowing all locks held in the system:\n");
	for (i = 0; i < nr_held_locks; i++) {
		struct task_struct *p = held_locks[i].task;

		for (j = 0; j < i; j++)
			if (held_locks[j].task == p)
				break;
		if (j == i)
			lockdep_print_held_locks(p);
	}
	pr_warn("\n");
	pr_warn("=============================================\n\n");
}
