// test.c
#include <linux/init.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/sysctl.h>
MODULE_LICENSE("Dual BSD/GPL");
static DECLARE_WAIT_QUEUE_HEAD(myevent_waitqueue);
rwlock_t myevent_lock;
/* extern */unsigned int myevent_id; // holds the idendtity of the troubled data structure
static void run_umode_handler(int event_id)
{
	int i = 0;
	char *argv[2], *envp[4], *buffer = NULL;
	int value;
	printk("%s is starting...\n", __func__);
	argv[i++] = myevent_handler; // defined in kernel/sysctl.c
	// fill in the ID corresponding to the data structure in trouble
	if (!(buffer = kmalloc(32, GFP_KERNEL))) return;
	sprintf(buffer, "TROUBLED_DS=%d", event_id);
	// if no user mode handlers are found, return
	if (!argv[0]) return;
	argv[i] = 0;
	// prepare the environment for /path/to/helper
	i = 0;
	envp[i++] = "HOME=/";
	envp[i++] = "PATH=/sbin:/usr/sbin:/bin:/usr/bin";
	envp[i++] = buffer;
	envp[i] = 0;
	// excute the user mode program, /path/to/helper
	printk("argv[0] is %s\n", argv[0]);
	value = call_usermodehelper(argv[0], argv, envp, 0);
	kfree(buffer);
}
static int monitor(void *unused)
{
	daemonize("Joseph monitor");
	allow_signal(SIGKILL);

	write_lock(&myevent_lock); // serialize
	// fill in the identity of the data structure
	myevent_id = 9527; // here let make it 9527
	write_unlock(&myevent_lock);
	// wake up mykthread
	wake_up_interruptible(&myevent_waitqueue);
	// set_current_state(TASK_RUNNING);
	printk("monitor out\n");
	return 0;
}
static int mykthread(void *unused)
{
	unsigned int event_id = 0;
	DECLARE_WAITQUEUE(wait, current);
	daemonize("Joseph thread"); // become a kernel thread without attached user resources

	// reuest delivery of SIGKILL
	allow_signal(SIGKILL);
	/*
	 the thread sleeps on this wait queue until it's woken up by parts of the kernel in charge of
	 sensing the health of data structures of interest
	 */
	add_wait_queue(&myevent_waitqueue, &wait);
	for (;;) {
		// relinquish the processor until the event occurs
		set_current_state(TASK_INTERRUPTIBLE);
		schedule(); // allow other parts of the kernel to run
		// die if I receive SIGKILL
		if (signal_pending(current)) break;
		// control gets here when the thread is woken up
		read_lock(&myevent_lock); // critical section starts
		if (myevent_id) {
			event_id = myevent_id;
			read_unlock(&myevent_lock); // critical section ends
			// invoke the registered user mode helper and
			// pass the identity code in itis environment
			run_umode_handler(event_id);
			break; // exit
		} else {
			read_unlock(&myevent_lock);
		}
	}
	printk("Joseph thread out\n");
	set_current_state(TASK_RUNNING);
	remove_wait_queue(&myevent_waitqueue, &wait);
	return 0;
}
static int hello_init(void)
{
	rwlock_init(&myevent_lock); // init the read/write lock
	printk("Hello, I am a test module\n");
	// create my kernel thread

	printk("create mythread <---------\n");
	kernel_thread(mykthread, NULL, CLONE_FS | CLONE_FILES | CLONE_SIGHAND | SIGCHLD);

	printk("create monitor <---------\n");
	kernel_thread(monitor, NULL, CLONE_FS | CLONE_FILES | CLONE_SIGHAND | SIGCHLD);
	return 0;
}
static void hello_exit(void)
{
	printk("bye, my dear!\n cruel world\n");
}
module_init(hello_init);
module_exit(hello_exit);
