/* kemu: include/linux/seqlock.h - sequence counters and sequential locks as in Linux 6.1, all
 * inline as there. A reader samples the sequence, reads, and retries when it changed; a writer
 * makes it odd for the length of its update. seqcount_LOCKNAME_t (seqcount_spinlock_t,
 * seqcount_raw_spinlock_t, seqcount_rwlock_t, seqcount_mutex_t) is chosen with _Generic as in
 * Linux; a seqcount_mutex_t's writer disables preemption itself.
 * Differences: the counters carry no lockdep map (kemu's lockdep validates sleeping locks only),
 * so lockdep_assert_held() of the associated lock and the reader-access annotations do nothing;
 * no PREEMPT_RT reader lock-taking. One CPU: a reader spinning on an odd sequence in
 * read_seqcount_begin() can only go on once the writer runs again (it is preempted at a tick if
 * it may be, as on a uniprocessor Linux). The pre-3.x read_seqbegin_irqsave() and
 * SEQLOCK_UNLOCKED remain for old modules. */
#ifndef __LINUX_SEQLOCK_H
#define __LINUX_SEQLOCK_H
#include <linux/compiler.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/spinlock.h>
#include <asm/barrier.h>
#include <asm/processor.h>

/*
 * Sequence counter only: the writer serialises its updates itself (a lock of its own, or by
 * running where nothing else writes) and must not be preempted by a reader of the same counter
 * (on Linux, lockdep asserts preemption is off for a plain seqcount_t writer).
 */
typedef struct seqcount {
	unsigned sequence;
} seqcount_t;

static inline void __seqcount_init(seqcount_t *s, const char *name, struct lock_class_key *key)
{
	(void)name;
	(void)key;
	s->sequence = 0;
}

#define SEQCOUNT_DEP_MAP_INIT(lockname)
#define seqcount_init(s) __seqcount_init(s, #s, NULL)
#define seqcount_lockdep_reader_access(s) do { (void)(s); } while (0)

/* SEQCNT_ZERO - static initializer for seqcount_t */
#define SEQCNT_ZERO(name) { .sequence = 0, SEQCOUNT_DEP_MAP_INIT(name) }

/*
 * Sequence counters with an associated lock (5.10+): the lock serialises the writers; Linux
 * keeps the lock pointer for lockdep and PREEMPT_RT, kemu always keeps it.
 */
#define SEQCOUNT_LOCKNAME(lockname, locktype, preemptible)			\
typedef struct seqcount_##lockname {						\
	seqcount_t		seqcount;					\
	locktype		*lock;						\
} seqcount_##lockname##_t;							\
										\
static __always_inline seqcount_t *						\
__seqprop_##lockname##_ptr(seqcount_##lockname##_t *s)			\
{										\
	return &s->seqcount;							\
}										\
										\
static __always_inline unsigned							\
__seqprop_##lockname##_sequence(const seqcount_##lockname##_t *s)		\
{										\
	return READ_ONCE(s->seqcount.sequence);					\
}										\
										\
static __always_inline bool							\
__seqprop_##lockname##_preemptible(const seqcount_##lockname##_t *s)		\
{										\
	(void)s;								\
	return preemptible;							\
}										\
										\
static __always_inline void							\
__seqprop_##lockname##_assert(const seqcount_##lockname##_t *s)		\
{										\
	lockdep_assert_held(s->lock);						\
}

static inline seqcount_t *__seqprop_ptr(seqcount_t *s)
{
	return s;
}

static inline unsigned __seqprop_sequence(const seqcount_t *s)
{
	return READ_ONCE(s->sequence);
}

static inline bool __seqprop_preemptible(const seqcount_t *s)
{
	(void)s;
	return false;
}

static inline void __seqprop_assert(const seqcount_t *s)
{
	(void)s;
	lockdep_assert_preemption_disabled();
}

SEQCOUNT_LOCKNAME(raw_spinlock, raw_spinlock_t, false)
SEQCOUNT_LOCKNAME(spinlock, spinlock_t, false)
SEQCOUNT_LOCKNAME(rwlock, rwlock_t, false)
SEQCOUNT_LOCKNAME(mutex, struct mutex, true)

#define seqcount_LOCKNAME_init(s, _lock, lockname)			\
	do {								\
		seqcount_##lockname##_t *____s = (s);			\
		seqcount_init(&____s->seqcount);			\
		____s->lock = (_lock);					\
	} while (0)

#define seqcount_raw_spinlock_init(s, lock)	seqcount_LOCKNAME_init(s, lock, raw_spinlock)
#define seqcount_spinlock_init(s, lock)		seqcount_LOCKNAME_init(s, lock, spinlock)
#define seqcount_rwlock_init(s, lock)		seqcount_LOCKNAME_init(s, lock, rwlock)
#define seqcount_mutex_init(s, lock)		seqcount_LOCKNAME_init(s, lock, mutex)

#define SEQCOUNT_LOCKNAME_ZERO(seq_name, assoc_lock) {			\
	.seqcount		= SEQCNT_ZERO(seq_name.seqcount),	\
	.lock			= (assoc_lock),				\
}

#define SEQCNT_RAW_SPINLOCK_ZERO(name, lock)	SEQCOUNT_LOCKNAME_ZERO(name, lock)
#define SEQCNT_SPINLOCK_ZERO(name, lock)	SEQCOUNT_LOCKNAME_ZERO(name, lock)
#define SEQCNT_RWLOCK_ZERO(name, lock)		SEQCOUNT_LOCKNAME_ZERO(name, lock)
#define SEQCNT_MUTEX_ZERO(name, lock)		SEQCOUNT_LOCKNAME_ZERO(name, lock)
#define SEQCNT_WW_MUTEX_ZERO(name, lock)	SEQCOUNT_LOCKNAME_ZERO(name, lock)

#define __seqprop_case(s, lockname, prop)				\
	seqcount_##lockname##_t: __seqprop_##lockname##_##prop((void *)(s))

#define __seqprop(s, prop) _Generic(*(s),				\
	seqcount_t:		__seqprop_##prop((void *)(s)),		\
	__seqprop_case((s),	raw_spinlock,	prop),			\
	__seqprop_case((s),	spinlock,	prop),			\
	__seqprop_case((s),	rwlock,		prop),			\
	__seqprop_case((s),	mutex,		prop))

#define seqprop_ptr(s)			__seqprop(s, ptr)
#define seqprop_sequence(s)		__seqprop(s, sequence)
#define seqprop_preemptible(s)		__seqprop(s, preemptible)
#define seqprop_assert(s)		__seqprop(s, assert)

/* __read_seqcount_begin() - begin a seqcount read section, waiting while a writer is inside */
#define __read_seqcount_begin(s)					\
({									\
	unsigned __seq;							\
									\
	while ((__seq = seqprop_sequence(s)) & 1)			\
		cpu_relax();						\
									\
	__seq;								\
})

/* raw_read_seqcount_begin() - begin a seqcount read section w/o lockdep */
#define raw_read_seqcount_begin(s)					\
({									\
	unsigned _seq = __read_seqcount_begin(s);			\
									\
	smp_rmb();							\
	_seq;								\
})

/* read_seqcount_begin() - begin a seqcount read critical section */
#define read_seqcount_begin(s)						\
({									\
	seqcount_lockdep_reader_access(seqprop_ptr(s));			\
	raw_read_seqcount_begin(s);					\
})

/* raw_read_seqcount() - read the raw seqcount value, odd while a writer is inside */
#define raw_read_seqcount(s)						\
({									\
	unsigned __seq = seqprop_sequence(s);				\
									\
	smp_rmb();							\
	__seq;								\
})

/* raw_seqcount_begin() - begin without waiting: an odd count makes the retry fail */
#define raw_seqcount_begin(s)						\
({									\
	raw_read_seqcount(s) & ~1;					\
})

#define __read_seqcount_retry(s, start)					\
	do___read_seqcount_retry(seqprop_ptr(s), start)

static inline int do___read_seqcount_retry(const seqcount_t *s, unsigned start)
{
	return unlikely(READ_ONCE(s->sequence) != start);
}

/* read_seqcount_retry() - end a seqcount read section: 1 when it must be retried */
#define read_seqcount_retry(s, start)					\
	do_read_seqcount_retry(seqprop_ptr(s), start)

static inline int do_read_seqcount_retry(const seqcount_t *s, unsigned start)
{
	smp_rmb();
	return do___read_seqcount_retry(s, start);
}

static inline void do_raw_write_seqcount_begin(seqcount_t *s)
{
	s->sequence++;
	smp_wmb();
}

/* raw_write_seqcount_begin() - start a seqcount_t write section w/o lockdep */
#define raw_write_seqcount_begin(s)					\
do {									\
	if (seqprop_preemptible(s))					\
		preempt_disable();					\
									\
	do_raw_write_seqcount_begin(seqprop_ptr(s));			\
} while (0)

static inline void do_raw_write_seqcount_end(seqcount_t *s)
{
	smp_wmb();
	s->sequence++;
}

/* raw_write_seqcount_end() - end a seqcount_t write section w/o lockdep */
#define raw_write_seqcount_end(s)					\
do {									\
	do_raw_write_seqcount_end(seqprop_ptr(s));			\
									\
	if (seqprop_preemptible(s))					\
		preempt_enable();					\
} while (0)

static inline void do_write_seqcount_begin_nested(seqcount_t *s, int subclass)
{
	(void)subclass;
	do_raw_write_seqcount_begin(s);
}

#define write_seqcount_begin_nested(s, subclass)			\
do {									\
	seqprop_assert(s);						\
									\
	if (seqprop_preemptible(s))					\
		preempt_disable();					\
									\
	do_write_seqcount_begin_nested(seqprop_ptr(s), subclass);	\
} while (0)

static inline void do_write_seqcount_begin(seqcount_t *s)
{
	do_write_seqcount_begin_nested(s, 0);
}

/* write_seqcount_begin() - start a seqcount_t write side critical section */
#define write_seqcount_begin(s)						\
do {									\
	seqprop_assert(s);						\
									\
	if (seqprop_preemptible(s))					\
		preempt_disable();					\
									\
	do_write_seqcount_begin(seqprop_ptr(s));			\
} while (0)

static inline void do_write_seqcount_end(seqcount_t *s)
{
	do_raw_write_seqcount_end(s);
}

/* write_seqcount_end() - end a seqcount_t write side critical section */
#define write_seqcount_end(s)						\
do {									\
	do_write_seqcount_end(seqprop_ptr(s));				\
									\
	if (seqprop_preemptible(s))					\
		preempt_enable();					\
} while (0)

static inline void do_raw_write_seqcount_barrier(seqcount_t *s)
{
	s->sequence++;
	smp_wmb();
	s->sequence++;
}

/* raw_write_seqcount_barrier() - do a seqcount_t write barrier: running readers retry */
#define raw_write_seqcount_barrier(s)					\
	do_raw_write_seqcount_barrier(seqprop_ptr(s))

static inline void do_write_seqcount_invalidate(seqcount_t *s)
{
	smp_wmb();
	s->sequence += 2;
}

/* write_seqcount_invalidate() - invalidate in-progress seqcount_t read sections */
#define write_seqcount_invalidate(s)					\
	do_write_seqcount_invalidate(seqprop_ptr(s))

/* 4.x name, renamed write_seqcount_invalidate() in 4.5 */
#define write_seqcount_barrier(s)	write_seqcount_invalidate(s)

/* Latch sequence counters (seqcount_latch_t, 5.10+): readers use the copy the count selects. */
typedef struct {
	seqcount_t seqcount;
} seqcount_latch_t;

#define SEQCNT_LATCH_ZERO(seq_name) {					\
	.seqcount		= SEQCNT_ZERO(seq_name.seqcount),	\
}

#define seqcount_latch_init(s) seqcount_init(&(s)->seqcount)

static inline unsigned raw_read_seqcount_latch(const seqcount_latch_t *s)
{
	return READ_ONCE(s->seqcount.sequence);
}

static inline int read_seqcount_latch_retry(const seqcount_latch_t *s, unsigned start)
{
	return do_read_seqcount_retry(&s->seqcount, start);
}

static inline void raw_write_seqcount_latch(seqcount_latch_t *s)
{
	smp_wmb();
	s->seqcount.sequence++;
	smp_wmb();
}

/*
 * Sequential locks (seqlock_t): a sequence counter with a spinlock that serialises the
 * writers, so a writer runs with preemption (and, for the _bh/_irq forms, softirqs or
 * interrupts) disabled and can never be preempted by a reader.
 */
typedef struct {
	seqcount_spinlock_t seqcount;
	spinlock_t lock;
} seqlock_t;

#define __SEQLOCK_UNLOCKED(lockname)					\
	{								\
		.seqcount = SEQCNT_SPINLOCK_ZERO(lockname, &(lockname).lock), \
		.lock =	__SPIN_LOCK_UNLOCKED(lockname)			\
	}

/* seqlock_init() - dynamic initializer for seqlock_t */
#define seqlock_init(sl)						\
	do {								\
		spin_lock_init(&(sl)->lock);				\
		seqcount_spinlock_init(&(sl)->seqcount,			\
				       &(sl)->lock);			\
	} while (0)

/* DEFINE_SEQLOCK(sl) - define and initialize a seqlock_t */
#define DEFINE_SEQLOCK(sl) \
		seqlock_t sl = __SEQLOCK_UNLOCKED(sl)

/* Before 2.6.39: seqlock_t x = SEQLOCK_UNLOCKED; (no name, so no associated lock pointer) */
#define SEQLOCK_UNLOCKED						\
	{								\
		.seqcount = SEQCOUNT_LOCKNAME_ZERO(old_style_seqlock_init, NULL), \
		.lock =	__SPIN_LOCK_UNLOCKED(old_style_seqlock_init)	\
	}

/* read_seqbegin() - start a seqlock_t read side critical section */
static inline unsigned read_seqbegin(const seqlock_t *sl)
{
	return read_seqcount_begin(&sl->seqcount);
}

/* read_seqretry() - end a seqlock_t read side section: 1 when it must be retried */
static inline unsigned read_seqretry(const seqlock_t *sl, unsigned start)
{
	return read_seqcount_retry(&sl->seqcount, start);
}

/* write_seqlock() - start a seqlock_t write side critical section */
static inline void write_seqlock(seqlock_t *sl)
{
	spin_lock(&sl->lock);
	do_write_seqcount_begin(&sl->seqcount.seqcount);
}

/* write_sequnlock() - end a seqlock_t write side critical section */
static inline void write_sequnlock(seqlock_t *sl)
{
	do_write_seqcount_end(&sl->seqcount.seqcount);
	spin_unlock(&sl->lock);
}

/* write_seqlock_bh() - start a write section, softirqs disabled */
static inline void write_seqlock_bh(seqlock_t *sl)
{
	spin_lock_bh(&sl->lock);
	do_write_seqcount_begin(&sl->seqcount.seqcount);
}

static inline void write_sequnlock_bh(seqlock_t *sl)
{
	do_write_seqcount_end(&sl->seqcount.seqcount);
	spin_unlock_bh(&sl->lock);
}

/* write_seqlock_irq() - start a write section, interrupts disabled */
static inline void write_seqlock_irq(seqlock_t *sl)
{
	spin_lock_irq(&sl->lock);
	do_write_seqcount_begin(&sl->seqcount.seqcount);
}

static inline void write_sequnlock_irq(seqlock_t *sl)
{
	do_write_seqcount_end(&sl->seqcount.seqcount);
	spin_unlock_irq(&sl->lock);
}

static inline unsigned long __write_seqlock_irqsave(seqlock_t *sl)
{
	unsigned long flags;

	spin_lock_irqsave(&sl->lock, flags);
	do_write_seqcount_begin(&sl->seqcount.seqcount);
	return flags;
}

/* write_seqlock_irqsave() - start a write section, interrupt state saved in flags */
#define write_seqlock_irqsave(lock, flags)				\
	do { flags = __write_seqlock_irqsave(lock); } while (0)

static inline void write_sequnlock_irqrestore(seqlock_t *sl, unsigned long flags)
{
	do_write_seqcount_end(&sl->seqcount.seqcount);
	spin_unlock_irqrestore(&sl->lock, flags);
}

/*
 * Locking readers: exclusive against writers and other locking readers, without changing
 * the sequence (so lockless readers do not retry because of them).
 */
static inline void read_seqlock_excl(seqlock_t *sl)
{
	spin_lock(&sl->lock);
}

static inline void read_sequnlock_excl(seqlock_t *sl)
{
	spin_unlock(&sl->lock);
}

static inline void read_seqlock_excl_bh(seqlock_t *sl)
{
	spin_lock_bh(&sl->lock);
}

static inline void read_sequnlock_excl_bh(seqlock_t *sl)
{
	spin_unlock_bh(&sl->lock);
}

static inline void read_seqlock_excl_irq(seqlock_t *sl)
{
	spin_lock_irq(&sl->lock);
}

static inline void read_sequnlock_excl_irq(seqlock_t *sl)
{
	spin_unlock_irq(&sl->lock);
}

static inline unsigned long __read_seqlock_excl_irqsave(seqlock_t *sl)
{
	unsigned long flags;

	spin_lock_irqsave(&sl->lock, flags);
	return flags;
}

#define read_seqlock_excl_irqsave(lock, flags)				\
	do { flags = __read_seqlock_excl_irqsave(lock); } while (0)

static inline void read_sequnlock_excl_irqrestore(seqlock_t *sl, unsigned long flags)
{
	spin_unlock_irqrestore(&sl->lock, flags);
}

/*
 * read_seqbegin_or_lock() - begin a seqlock_t lockless or locking reader: *seq even tries
 * lockless, odd takes the lock (a second pass after need_seqretry() makes it odd).
 */
static inline void read_seqbegin_or_lock(seqlock_t *lock, int *seq)
{
	if (!(*seq & 1))	/* Even */
		*seq = read_seqbegin(lock);
	else			/* Odd */
		read_seqlock_excl(lock);
}

static inline int need_seqretry(seqlock_t *lock, int seq)
{
	return !(seq & 1) && read_seqretry(lock, seq);
}

static inline void done_seqretry(seqlock_t *lock, int seq)
{
	if (seq & 1)
		read_sequnlock_excl(lock);
}

static inline unsigned long read_seqbegin_or_lock_irqsave(seqlock_t *lock, int *seq)
{
	unsigned long flags = 0;

	if (!(*seq & 1))	/* Even */
		*seq = read_seqbegin(lock);
	else			/* Odd */
		read_seqlock_excl_irqsave(lock, flags);

	return flags;
}

static inline void done_seqretry_irqrestore(seqlock_t *lock, int seq, unsigned long flags)
{
	if (seq & 1)
		read_sequnlock_excl_irqrestore(lock, flags);
}

/* Removed in 3.x: readers that disabled interrupts themselves. */
#define read_seqbegin_irqsave(lock, flags)				\
	({ local_irq_save(flags);   read_seqbegin(lock); })

#define read_seqretry_irqrestore(lock, iv, flags)			\
	({								\
		int ret = read_seqretry(lock, iv);			\
		local_irq_restore(flags);				\
		ret;							\
	})
#endif /* __LINUX_SEQLOCK_H */
