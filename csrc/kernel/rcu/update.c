/* kemu: kernel/rcu/update.c - "is the caller inside an RCU read-side critical section?", which
 * rcu_dereference_check() and friends ask. Linux answers from lockdep's rcu_lock_map; kemu from
 * the nesting count and the preempt/irq state. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/rcupdate.h>

int rcu_read_lock_held(void)
{
	struct task_struct *t = current;

	return t && t->rcu_read_lock_nesting > 0;
}

int rcu_read_lock_bh_held(void)
{
	return in_softirq() || irqs_disabled();
}

int rcu_read_lock_sched_held(void)
{
	return preempt_count() != 0 || irqs_disabled();
}

int rcu_read_lock_any_held(void)
{
	return rcu_read_lock_held() || rcu_read_lock_bh_held() || rcu_read_lock_sched_held();
}
