/* kemu: kernel/locking/spinlock.c - the out-of-line spinlock and rwlock API of a UP
 * CONFIG_DEBUG_SPINLOCK kernel: preemption (and irqs/softirqs) off, then the debug-checked lock
 * of spinlock_debug.c. The preempt_enable() of an unlock does not reschedule on the spot. */
#include <linux/kernel.h>
#include <linux/spinlock.h>

void __lockfunc _raw_spin_lock(raw_spinlock_t *lock)
{
	preempt_disable();
	do_raw_spin_lock(lock);
}

void __lockfunc _raw_spin_lock_nested(raw_spinlock_t *lock, int subclass)
{
	(void)subclass;
	preempt_disable();
	do_raw_spin_lock(lock);
}

unsigned long __lockfunc _raw_spin_lock_irqsave(raw_spinlock_t *lock)
{
	unsigned long flags;

	local_irq_save(flags);
	preempt_disable();
	do_raw_spin_lock(lock);
	return flags;
}

unsigned long __lockfunc _raw_spin_lock_irqsave_nested(raw_spinlock_t *lock, int subclass)
{
	(void)subclass;
	return _raw_spin_lock_irqsave(lock);
}

void __lockfunc _raw_spin_lock_irq(raw_spinlock_t *lock)
{
	local_irq_disable();
	preempt_disable();
	do_raw_spin_lock(lock);
}

void __lockfunc _raw_spin_lock_bh(raw_spinlock_t *lock)
{
	__local_bh_disable_ip(_RET_IP_, SOFTIRQ_LOCK_OFFSET);
	do_raw_spin_lock(lock);
}

int __lockfunc _raw_spin_trylock(raw_spinlock_t *lock)
{
	preempt_disable();
	if (do_raw_spin_trylock(lock))
		return 1;
	preempt_enable();
	return 0;
}

int __lockfunc _raw_spin_trylock_bh(raw_spinlock_t *lock)
{
	__local_bh_disable_ip(_RET_IP_, SOFTIRQ_LOCK_OFFSET);
	if (do_raw_spin_trylock(lock))
		return 1;
	__local_bh_enable_ip(_RET_IP_, SOFTIRQ_LOCK_OFFSET);
	return 0;
}

void __lockfunc _raw_spin_unlock(raw_spinlock_t *lock)
{
	do_raw_spin_unlock(lock);
	preempt_enable();
}

void __lockfunc _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags)
{
	do_raw_spin_unlock(lock);
	local_irq_restore(flags);
	preempt_enable();
}

void __lockfunc _raw_spin_unlock_irq(raw_spinlock_t *lock)
{
	do_raw_spin_unlock(lock);
	local_irq_enable();
	preempt_enable();
}

void __lockfunc _raw_spin_unlock_bh(raw_spinlock_t *lock)
{
	do_raw_spin_unlock(lock);
	__local_bh_enable_ip(_RET_IP_, SOFTIRQ_LOCK_OFFSET);
}

int __lockfunc _raw_read_trylock(rwlock_t *lock)
{
	preempt_disable();
	if (do_raw_read_trylock(lock))
		return 1;
	preempt_enable();
	return 0;
}

int __lockfunc _raw_write_trylock(rwlock_t *lock)
{
	preempt_disable();
	if (do_raw_write_trylock(lock))
		return 1;
	preempt_enable();
	return 0;
}

void __lockfunc _raw_read_lock(rwlock_t *lock)
{
	preempt_disable();
	do_raw_read_lock(lock);
}

unsigned long __lockfunc _raw_read_lock_irqsave(rwlock_t *lock)
{
	unsigned long flags;

	local_irq_save(flags);
	preempt_disable();
	do_raw_read_lock(lock);
	return flags;
}

void __lockfunc _raw_read_lock_irq(rwlock_t *lock)
{
	local_irq_disable();
	preempt_disable();
	do_raw_read_lock(lock);
}

void __lockfunc _raw_read_lock_bh(rwlock_t *lock)
{
	__local_bh_disable_ip(_RET_IP_, SOFTIRQ_LOCK_OFFSET);
	do_raw_read_lock(lock);
}

void __lockfunc _raw_read_unlock(rwlock_t *lock)
{
	do_raw_read_unlock(lock);
	preempt_enable();
}

void __lockfunc _raw_read_unlock_irqrestore(rwlock_t *lock, unsigned long flags)
{
	do_raw_read_unlock(lock);
	local_irq_restore(flags);
	preempt_enable();
}

void __lockfunc _raw_read_unlock_irq(rwlock_t *lock)
{
	do_raw_read_unlock(lock);
	local_irq_enable();
	preempt_enable();
}

void __lockfunc _raw_read_unlock_bh(rwlock_t *lock)
{
	do_raw_read_unlock(lock);
	__local_bh_enable_ip(_RET_IP_, SOFTIRQ_LOCK_OFFSET);
}

void __lockfunc _raw_write_lock(rwlock_t *lock)
{
	preempt_disable();
	do_raw_write_lock(lock);
}

void __lockfunc _raw_write_lock_nested(rwlock_t *lock, int subclass)
{
	(void)subclass;
	preempt_disable();
	do_raw_write_lock(lock);
}

unsigned long __lockfunc _raw_write_lock_irqsave(rwlock_t *lock)
{
	unsigned long flags;

	local_irq_save(flags);
	preempt_disable();
	do_raw_write_lock(lock);
	return flags;
}

void __lockfunc _raw_write_lock_irq(rwlock_t *lock)
{
	local_irq_disable();
	preempt_disable();
	do_raw_write_lock(lock);
}

void __lockfunc _raw_write_lock_bh(rwlock_t *lock)
{
	__local_bh_disable_ip(_RET_IP_, SOFTIRQ_LOCK_OFFSET);
	do_raw_write_lock(lock);
}

void __lockfunc _raw_write_unlock(rwlock_t *lock)
{
	do_raw_write_unlock(lock);
	preempt_enable();
}

void __lockfunc _raw_write_unlock_irqrestore(rwlock_t *lock, unsigned long flags)
{
	do_raw_write_unlock(lock);
	local_irq_restore(flags);
	preempt_enable();
}

void __lockfunc _raw_write_unlock_irq(rwlock_t *lock)
{
	do_raw_write_unlock(lock);
	local_irq_enable();
	preempt_enable();
}

void __lockfunc _raw_write_unlock_bh(rwlock_t *lock)
{
	do_raw_write_unlock(lock);
	__local_bh_enable_ip(_RET_IP_, SOFTIRQ_LOCK_OFFSET);
}
