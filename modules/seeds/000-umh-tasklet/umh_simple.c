/*
 * 000_1fec8a8523479eed.txt: the same helper with the one-call call_usermodehelper(). The
 * slide's two #include lines lost their names in extraction; <linux/kmod.h> is the one the
 * previous slide uses. The module wrapper (marked "kemu:") calls ejemplo() from init.
 */
#include <linux/module.h>
#include <linux/kmod.h>
static int ejemplo(void) {
 char *argv[] = { "/usr/bin/logger", "hola AISO!", NULL };
 static char *envp[] = {
 "HOME=/",
 "TERM=linux",
 "PATH=/sbin:/bin:/usr/sbin:/usr/bin", NULL };
 return call_usermodehelper(argv[0], argv, envp,UMH_WAIT_PROC);
}

/* kemu: module wrapper */
MODULE_LICENSE("GPL");
static int __init umh_init(void)
{
	printk(KERN_INFO "ejemplo: %d\n", ejemplo());
	return 0;
}
static void __exit umh_exit(void)
{
}
module_init(umh_init);
module_exit(umh_exit);
