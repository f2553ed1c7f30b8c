// Sequence counters and seqlocks (<linux/seqlock.h>): readers retry when a writer updated the
// data under them, read_seqcount_begin() waits while a writer is inside, the writer forms
// disable preemption, softirqs or interrupts as their spinlock does.
import { describe, it, expect } from "vitest";
import { bootKernel, buildC, moduleLines } from "../helpers/kemu.js";

const HEAD = `#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/completion.h>
#include <linux/wait.h>
#include <linux/seqlock.h>

static DECLARE_WAIT_QUEUE_HEAD(park_wq);
static int park(int ret)
{
	wait_event_interruptible(park_wq, kthread_should_stop());
	return ret;
}
`;

describe("seqcount_t", () => {
  it("a reader sees the odd sequence of a writer sleeping in its write section, retries, and read_seqcount_begin() waits for it", async () => {
    const ko = await buildC("seqcount_sleep", HEAD + `
static seqcount_t sc = SEQCNT_ZERO(sc);
static int data[2];
static struct task_struct *w, *r;
static DECLARE_COMPLETION(reader_done);

static int writer(void *arg)
{
	write_seqcount_begin(&sc);
	data[0] = 1;
	pr_info("writer: inside, sequence %u\\n", raw_read_seqcount(&sc));
	schedule_timeout_uninterruptible(10);	/* a bare seqcount_t: nothing stops it sleeping here */
	data[1] = 1;
	write_seqcount_end(&sc);
	pr_info("writer: done, sequence %u\\n", raw_read_seqcount(&sc));
	return park(0);
}

static int reader(void *arg)
{
	unsigned seq;
	int a, b, tries = 0;

	pr_info("reader: sequence %u\\n", raw_read_seqcount(&sc));
	do {
		seq = raw_seqcount_begin(&sc);	/* does not wait: an odd count fails the retry */
		a = data[0];
		b = data[1];
		tries++;
		pr_info("reader: try %d began at %u, saw %d %d\\n", tries, seq, a, b);
	} while (read_seqcount_retry(&sc, seq) && tries < 2);
	pr_info("reader: gave up lockless tries, retry %d\\n", read_seqcount_retry(&sc, seq));
	seq = read_seqcount_begin(&sc);	/* spins until the writer has left */
	a = data[0];
	b = data[1];
	pr_info("reader: read_seqcount_begin returned %u, saw %d %d, retry %d\\n", seq, a, b, read_seqcount_retry(&sc, seq));
	complete(&reader_done);
	return park(0);
}

static int __init sc_init(void)
{
	w = kthread_run(writer, NULL, "sc_writer");
	msleep(1);
	r = kthread_run(reader, NULL, "sc_reader");
	wait_for_completion(&reader_done);
	return 0;
}

static void __exit sc_exit(void)
{
	kthread_stop(w);
	kthread_stop(r);
}

module_init(sc_init);
module_exit(sc_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect((await sys.rmmod("seqcount_sleep")).status).toBe(0);
    expect(moduleLines(sys)).toEqual([
      "writer: inside, sequence 1",
      "reader: sequence 1",
      "reader: try 1 began at 0, saw 1 0",
      "reader: try 2 began at 0, saw 1 0",
      "reader: gave up lockless tries, retry 1",
      "writer: done, sequence 2",
      "reader: read_seqcount_begin returned 2, saw 1 1, retry 0",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("seqcount_mutex_t's writer disables preemption; barrier and invalidate make readers retry", async () => {
    const ko = await buildC("seqcount_api", HEAD + `
#include <linux/mutex.h>
static DEFINE_MUTEX(m);
static seqcount_mutex_t smc;
static seqcount_t sc;

static int __init sc_init(void)
{
	unsigned s;

	seqcount_mutex_init(&smc, &m);
	seqcount_init(&sc);
	mutex_lock(&m);
	write_seqcount_begin(&smc);
	pr_info("mutex seqcount: writing with preempt_count %d, sequence %u\\n", preempt_count(), raw_read_seqcount(&smc));
	write_seqcount_end(&smc);
	mutex_unlock(&m);
	pr_info("mutex seqcount: done, preempt_count %d, sequence %u\\n", preempt_count(), read_seqcount_begin(&smc));

	s = read_seqcount_begin(&sc);
	raw_write_seqcount_barrier(&sc);
	pr_info("after raw_write_seqcount_barrier: sequence %u, retry %d\\n", raw_read_seqcount(&sc), read_seqcount_retry(&sc, s));
	s = read_seqcount_begin(&sc);
	write_seqcount_invalidate(&sc);
	pr_info("after write_seqcount_invalidate: sequence %u, retry %d\\n", raw_read_seqcount(&sc), read_seqcount_retry(&sc, s));
	preempt_disable();
	raw_write_seqcount_begin(&sc);
	pr_info("raw writer inside: sequence %u, raw_seqcount_begin %u\\n", raw_read_seqcount(&sc), raw_seqcount_begin(&sc));
	raw_write_seqcount_end(&sc);
	preempt_enable();
	pr_info("raw writer done: sequence %u\\n", raw_read_seqcount(&sc));
	return 0;
}

module_init(sc_init);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(moduleLines(sys)).toEqual([
      "mutex seqcount: writing with preempt_count 1, sequence 1",
      "mutex seqcount: done, preempt_count 0, sequence 2",
      "after raw_write_seqcount_barrier: sequence 2, retry 1",
      "after write_seqcount_invalidate: sequence 4, retry 1",
      "raw writer inside: sequence 5, raw_seqcount_begin 4",
      "raw writer done: sequence 6",
    ]);
    expect(sys.reports).toBe(0);
  });
});

describe("seqlock_t", () => {
  it("a reader that slept between read_seqbegin() and read_seqretry() retries after a writer kthread's update", async () => {
    const ko = await buildC("seqlock_retry", HEAD + `
static DEFINE_SEQLOCK(sl);
static int a, b;	/* a == b whenever no writer is inside */
static struct task_struct *w;

static int writer(void *arg)
{
	write_seqlock(&sl);
	a++;
	b++;
	pr_info("writer: %d %d, preempt_count %d\\n", a, b, preempt_count());
	write_sequnlock(&sl);
	return park(0);
}

static int __init sl_init(void)
{
	unsigned seq;
	int x, y, tries = 0;

	do {
		seq = read_seqbegin(&sl);
		tries++;
		x = a;
		if (tries == 1) {
			w = kthread_run(writer, NULL, "sl_writer");
			msleep(5);	/* the writer runs while this reader is inside */
		}
		y = b;
		pr_info("reader: try %d at sequence %u saw %d %d\\n", tries, seq, x, y);
	} while (read_seqretry(&sl, seq));
	pr_info("reader: consistent %d %d after %d tries\\n", x, y, tries);
	return 0;
}

static void __exit sl_exit(void)
{
	kthread_stop(w);
}

module_init(sl_init);
module_exit(sl_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect((await sys.rmmod("seqlock_retry")).status).toBe(0);
    expect(moduleLines(sys)).toEqual([
      "writer: 1 1, preempt_count 1",
      "reader: try 1 at sequence 0 saw 0 1",
      "reader: try 2 at sequence 2 saw 1 1",
      "reader: consistent 1 1 after 2 tries",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("write_seqlock_bh/_irq/_irqsave, locking readers and read_seqbegin_or_lock", async () => {
    const ko = await buildC("seqlock_api", HEAD + `
static seqlock_t sl;
static seqlock_t old = SEQLOCK_UNLOCKED;

static int __init sl_init(void)
{
	unsigned long flags;
	int seq = 0, pass = 0;

	seqlock_init(&sl);
	write_seqlock(&sl);
	pr_info("write_seqlock: preempt_count %x, locked %d, sequence %u\\n", preempt_count(), spin_is_locked(&sl.lock), raw_read_seqcount(&sl.seqcount));
	write_sequnlock(&sl);
	write_seqlock_bh(&sl);
	pr_info("write_seqlock_bh: in_softirq %d, sequence %u\\n", in_softirq() != 0, raw_read_seqcount(&sl.seqcount));
	write_sequnlock_bh(&sl);
	write_seqlock_irq(&sl);
	pr_info("write_seqlock_irq: irqs_disabled %d\\n", irqs_disabled());
	write_sequnlock_irq(&sl);
	write_seqlock_irqsave(&sl, flags);
	pr_info("write_seqlock_irqsave: irqs_disabled %d, flags %lu\\n", irqs_disabled(), flags);
	write_sequnlock_irqrestore(&sl, flags);
	pr_info("writers done: sequence %u, preempt_count %x, irqs_disabled %d\\n", read_seqbegin(&sl), preempt_count(), irqs_disabled());

	read_seqlock_excl(&sl);
	pr_info("read_seqlock_excl: locked %d, sequence %u (unchanged)\\n", spin_is_locked(&sl.lock), raw_read_seqcount(&sl.seqcount));
	read_sequnlock_excl(&sl);

	do {
		read_seqbegin_or_lock(&sl, &seq);
		pass++;
		pr_info("pass %d: %s\\n", pass, (seq & 1) ? "locked" : "lockless");
		if (pass == 1) {
			write_seqlock(&sl);	/* as if another CPU had written meanwhile */
			write_sequnlock(&sl);
		}
		if (!need_seqretry(&sl, seq))
			break;
		seq = 1;	/* second pass: take the lock */
	} while (1);
	done_seqretry(&sl, seq);
	pr_info("read_seqbegin_or_lock: %d passes, locked after %d\\n", pass, spin_is_locked(&sl.lock));
	pr_info("SEQLOCK_UNLOCKED: sequence %u\\n", read_seqbegin(&old));
	return 0;
}

module_init(sl_init);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(moduleLines(sys)).toEqual([
      "write_seqlock: preempt_count 1, locked 1, sequence 1",
      "write_seqlock_bh: in_softirq 1, sequence 3",
      "write_seqlock_irq: irqs_disabled 1",
      "write_seqlock_irqsave: irqs_disabled 1, flags 0",
      "writers done: sequence 8, preempt_count 0, irqs_disabled 0",
      "read_seqlock_excl: locked 1, sequence 8 (unchanged)",
      "pass 1: lockless",
      "pass 2: locked",
      "read_seqbegin_or_lock: 2 passes, locked after 0",
      "SEQLOCK_UNLOCKED: sequence 0",
    ]);
    expect(sys.reports).toBe(0);
  });
});
