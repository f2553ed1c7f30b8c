/* kemu: include/linux/lockdep.h - the annotations modules write. kemu validates mutexes and
 * rw_semaphores (recursion, bad unlock, locks held at exit) through lock_acquire() and
 * lock_release(); the class-changing and assertion annotations are accepted and do nothing,
 * as in a kernel without CONFIG_LOCKDEP. */
#ifndef __LINUX_LOCKDEP_H
#define __LINUX_LOCKDEP_H
#include <linux/lockdep_types.h>
#include <linux/compiler.h>

struct task_struct;

/* Wasm code has no return addresses: each call site of a lock-acquiring function hands the
 * lock code a static word of its own (kernel/locking/lockdep.c keeps the site's stack trace in
 * it the first time, so lockdep can print "at: caller+0x../0x.."). */
extern int *kemu_lock_site;
#ifdef __KEMU_NO_LOCK_SITES
#define __KEMU_LOCK_SITE(call) (call)
#else
#define __KEMU_LOCK_SITE(call) ({ static int __kemu_site; kemu_lock_site = &__kemu_site; call; })
#endif
static inline unsigned long __kemu_take_lock_site(void)
{
	int *site = kemu_lock_site;

	kemu_lock_site = (int *)0;
	return (unsigned long)site;
}

#define SINGLE_DEPTH_NESTING	1
#define MAX_LOCK_DEPTH		48UL

extern void lock_acquire(struct lockdep_map *lock, unsigned int subclass, int trylock, int read,
			 int check, struct lockdep_map *nest_lock, unsigned long ip);
extern void lock_release(struct lockdep_map *lock, unsigned long ip);
extern void lock_downgrade(struct lockdep_map *lock, unsigned long ip);
extern int lock_is_held_type(const struct lockdep_map *lock, int read);
extern void lockdep_sys_exit(void);
extern void lockdep_init_map_type(struct lockdep_map *lock, const char *name, struct lock_class_key *key,
				  int subclass, u8 inner, u8 outer, u8 lock_type);

static inline void lockdep_init_map(struct lockdep_map *lock, const char *name, struct lock_class_key *key, int subclass)
{ lockdep_init_map_type(lock, name, key, subclass, LD_WAIT_INV, LD_WAIT_INV, LD_LOCK_NORMAL); }
#define lockdep_init_map_wait(lock, name, key, sub, inner) \
	lockdep_init_map_type(lock, name, key, sub, inner, LD_WAIT_INV, LD_LOCK_NORMAL)
#define STATIC_LOCKDEP_MAP_INIT(_name, _key) { .name = (_name), .key = (void *)(_key), }

#define lockdep_set_class(lock, key)				do { (void)(key); } while (0)
#define lockdep_set_class_and_name(lock, key, name)		do { (void)(key); (void)(name); } while (0)
#define lockdep_set_class_and_subclass(lock, key, sub)		do { (void)(key); } while (0)
#define lockdep_set_subclass(lock, sub)				do { } while (0)
#define lockdep_set_novalidate_class(lock)			do { } while (0)
#define lockdep_set_notrack_class(lock)				do { } while (0)
#define lockdep_match_class(lock, key)				1
#define lockdep_register_key(key)				do { (void)(key); } while (0)
#define lockdep_unregister_key(key)				do { (void)(key); } while (0)

#define lockdep_is_held(lock)					1
#define lockdep_is_held_type(lock, r)				1
#define lockdep_assert(c)					do { } while (0)
#define lockdep_assert_once(c)					do { } while (0)
#define lockdep_assert_held(l)					do { (void)(l); } while (0)
#define lockdep_assert_not_held(l)				do { (void)(l); } while (0)
#define lockdep_assert_held_write(l)				do { (void)(l); } while (0)
#define lockdep_assert_held_read(l)				do { (void)(l); } while (0)
#define lockdep_assert_held_once(l)				do { (void)(l); } while (0)
#define lockdep_assert_none_held_once()				do { } while (0)
#define lockdep_assert_preemption_enabled()			do { } while (0)
#define lockdep_assert_preemption_disabled()			do { } while (0)
#define lockdep_assert_in_softirq()				do { } while (0)
#define lockdep_recursing(tsk)					(0)
#define lockdep_off()						do { } while (0)
#define lockdep_on()						do { } while (0)
#define lockdep_pin_lock(l)					({ struct pin_cookie cookie = { 0 }; cookie; })
#define lockdep_repin_lock(l, c)				do { (void)(l); (void)(c); } while (0)
#define lockdep_unpin_lock(l, c)				do { (void)(l); (void)(c); } while (0)
extern int kemu_lockdep_depth(struct task_struct *tsk);
#define lockdep_depth(tsk)					kemu_lockdep_depth(tsk)
#define lockdep_init()						do { } while (0)
#define lockdep_reset_lock(lock)				do { } while (0)
#define lockdep_free_key_range(start, size)			do { } while (0)
#define NIL_COOKIE						(struct pin_cookie){ .val = 0U, }

#define might_lock(lock)					do { } while (0)
#define might_lock_read(lock)					do { } while (0)
#define might_lock_nested(lock, subclass)			do { } while (0)
#define lock_map_acquire(l)					do { } while (0)
#define lock_map_acquire_read(l)				do { } while (0)
#define lock_map_acquire_tryread(l)				do { } while (0)
#define lock_map_release(l)					do { } while (0)
#define lock_set_subclass(l, s, i)				do { } while (0)
#define lock_set_class(l, n, k, s, i)				do { } while (0)

#define lock_contended(lockdep_map, ip)				do { } while (0)
#define lock_acquired(lockdep_map, ip)				do { } while (0)
#define LOCK_CONTENDED(_lock, try, lock)			lock(_lock)
#define LOCK_CONTENDED_RETURN(_lock, try, lock)			lock(_lock)

#define print_irqtrace_events(curr)				do { } while (0)
#endif
