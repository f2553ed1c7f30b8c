/* kemu: include/linux/bottom_half.h - softirqs are disabled by a count in preempt_count(), as in
 * Linux; enabling them again goes through kernel/softirq.c (kemu: kernel/softirq_bh.c). */
#ifndef _LINUX_BH_H
#define _LINUX_BH_H
#include <linux/compiler.h>
#include <linux/preempt.h>

#ifndef _THIS_IP_
#define _THIS_IP_ 0UL
#endif

extern void __local_bh_enable_ip(unsigned long ip, unsigned int cnt);
extern void _local_bh_enable(void);

static __always_inline void __local_bh_disable_ip(unsigned long ip, unsigned int cnt)
{
	(void)ip;
	preempt_count_add(cnt);
	barrier();
}

static inline void local_bh_disable(void)
{
	__local_bh_disable_ip(_THIS_IP_, SOFTIRQ_DISABLE_OFFSET);
}

static inline void local_bh_enable_ip(unsigned long ip)
{
	__local_bh_enable_ip(ip, SOFTIRQ_DISABLE_OFFSET);
}

static inline void local_bh_enable(void)
{
	__local_bh_enable_ip(_THIS_IP_, SOFTIRQ_DISABLE_OFFSET);
}
#endif
