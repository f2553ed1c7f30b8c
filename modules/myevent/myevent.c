/*
 * myevent.c - the kernel patch that 002_a908a75d153687cd.txt ("Kernel thread, wait queue,
 * /proc/sys/kernel entry, call usermode handler in kernel mode", Joseph Yang, 2011) assumes:
 * "Before doing this experiment, you have to registered /proc/sys/kernel/myevent_handler
 * entry." The author added char myevent_handler[] and its kern_table entry to
 * kernel/sysctl.c of Linux 2.6.23; kemu provides the same as this companion module, so that
 * the document's test.c links unmodified. Load it before test.ko.
 *
 *   kemu build --kernel-version 2.6.23 modules/myevent
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/sysctl.h>
#include "myevent_handler.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("/proc/sys/kernel/myevent_handler, as 002_a908a75d153687cd.txt's kernel patch had it");

char myevent_handler[256];
EXPORT_SYMBOL(myevent_handler);

static ctl_table myevent_table[] = {
	{
		.ctl_name	= CTL_UNNUMBERED,
		.procname	= "myevent_handler",
		.data		= &myevent_handler,
		.maxlen		= 256,
		.mode		= 0644,
		.proc_handler	= &proc_dostring,
		.strategy	= &sysctl_string,
	},
	{ .ctl_name = 0 }
};

static ctl_table myevent_root[] = {
	{
		.ctl_name	= CTL_KERN,
		.procname	= "kernel",
		.mode		= 0555,
		.child		= myevent_table,
	},
	{ .ctl_name = 0 }
};

static struct ctl_table_header *myevent_header;

static int __init myevent_init(void)
{
	myevent_header = register_sysctl_table(myevent_root);
	return myevent_header ? 0 : -ENOMEM;
}

static void __exit myevent_exit(void)
{
	unregister_sysctl_table(myevent_header);
}

module_init(myevent_init);
module_exit(myevent_exit);
