/*
 * 000_1fec8a8523479eed.txt (AISO course slides, Spanish): call_usermodehelper_setup() +
 * call_usermodehelper_exec(). The slide shows only the function ejemplo(); the module
 * wrapper below it (marked "kemu:") is the smallest one that calls it from init.
 */
#include <linux/module.h>
#include <linux/kmod.h>

static int ejemplo(void) { struct subprocess_info *sub_info; char *argv[] = { "/usr/bin/logger", "hola AISO!", NULL }; static char *envp[] = { "HOME=/", "TERM=linux", "PATH=/sbin:/bin:/usr/sbin:/usr/bin", NULL }; sub_info = call_usermodehelper_setup(argv[0], argv, envp,GFP_ATOMIC); /* GFP ATOMIC (no sleep) o GFP KERNEL (sleep posible) (kzalloc) */ if (sub_info == NULL) return -ENOMEM; return call_usermodehelper_exec (sub_info, UMH_WAIT_PROC);
}

/* kemu: module wrapper */
MODULE_LICENSE("GPL");
static int __init umh_init(void)
{
	int ret = ejemplo();

	printk(KERN_INFO "ejemplo: %d\n", ret);
	return 0;
}
static void __exit umh_exit(void)
{
}
module_init(umh_init);
module_exit(umh_exit);
