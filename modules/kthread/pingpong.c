/* Two kernel threads taking turns through a wait queue; rmmod stops them with kthread_stop(). */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/wait.h>

static DECLARE_WAIT_QUEUE_HEAD(wq);
static int turn;
static int hits = 3;
module_param(hits, int, 0);
static struct task_struct *a, *b;

static int player(void *data)
{
	int me = (int)(long)data;
	int i;

	for (i = 0; i < hits; i++) {
		if (wait_event_interruptible(wq, turn == me || kthread_should_stop()))
			break;
		if (kthread_should_stop())
			break;
		pr_info("%s[%d]: %s %d\n", current->comm, current->pid, me ? "pong" : "ping", i);
		turn = !me;
		wake_up_interruptible(&wq);
	}
	wait_event_interruptible(wq, kthread_should_stop());
	return 40 + me;
}

static int __init pp_init(void)
{
	a = kthread_run(player, (void *)0L, "ping");
	b = kthread_run(player, (void *)1L, "pong");
	return 0;
}

static void __exit pp_exit(void)
{
	int ra = kthread_stop(a);
	int rb = kthread_stop(b);

	pr_info("pp: stopped ping=%d pong=%d\n", ra, rb);
}
module_init(pp_init);
module_exit(pp_exit);
MODULE_LICENSE("GPL");
