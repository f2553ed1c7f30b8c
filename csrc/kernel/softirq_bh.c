/* kemu: kernel/softirq.c, the bottom-half enable half of it: local_bh_enable() lowers the
 * softirq-disable count. Running softirqs that became pending meanwhile comes with the softirq
 * machinery (issue 4); until then enabling bottom halves only subtracts. */
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/bottom_half.h>
#include <linux/bug.h>

void __local_bh_enable_ip(unsigned long ip, unsigned int cnt)
{
	(void)ip;
	WARN_ON_ONCE(in_hardirq());
	/*
	 * Keep preemption disabled until we are done with
	 * softirq processing:
	 */
	__preempt_count_sub(cnt - 1);

	/* kemu: do_softirq() of pending softirqs goes here (!in_interrupt()) */

	preempt_count_dec();
}

/* Enable bottom halves without running pending softirqs (e.g. from within softirq code). */
void _local_bh_enable(void)
{
	WARN_ON_ONCE(in_hardirq());
	__preempt_count_sub(SOFTIRQ_DISABLE_OFFSET);
}
