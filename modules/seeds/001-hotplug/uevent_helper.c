/*
 * 001_2aa459057fadec25.txt quotes this part of Linux 2.6.23's kobject_uevent_env() (the
 * "if (uevent_helper[0])" block is the document's, unchanged). The article has no module of
 * its own: the function around the excerpt (marked "kemu:") plays a device arriving on the USB
 * bus, with the environment kobject_uevent_env() builds, so the excerpt runs as the document
 * describes: /sbin/hotplug starts with the subsystem as argv[1].
 */
#include <linux/module.h>
#include <linux/kmod.h>
#include <linux/kobject.h>

MODULE_LICENSE("GPL");

/* kemu: the kernel's variable, as 2.6.23's lib/kobject_uevent.c defines it */
char uevent_helper[UEVENT_HELPER_PATH_LEN] = "/sbin/hotplug";

/* kemu: an "add" event for a USB device, as kobject_uevent_env() would have prepared it */
static int send_event(void)
{
	const char *subsystem = "usb";
	char *envp[] = { "ACTION=add", "DEVPATH=/devices/pci0000:00/0000:00:1d.0/usb2/2-1",
			 "SUBSYSTEM=usb", "SEQNUM=1", "HOME=/", "PATH=/sbin:/bin:/usr/sbin:/usr/bin", NULL };
	int retval = 0;

if (uevent_helper[0])
{char *argv [3];
    argv [0] = uevent_helper;
    argv [1] = (char *)subsystem;
    argv [2] = NULL;
    retval = call_usermodehelper(argv[0], argv, envp, UMH_WAIT_EXEC);
}
	return retval;
}

static int __init uevent_init(void)
{
	printk(KERN_INFO "uevent_helper %s: %d\n", uevent_helper, send_event());
	return 0;
}

static void __exit uevent_exit(void)
{
}

module_init(uevent_init);
module_exit(uevent_exit);
