/*
 * kemu: not in the article. The article adds remove_module() (modprobe -r) to kernel/kmod.c
 * next to request_module(); this module uses both, as the article suggests ("커널내부에서
 * 모듈의 usermodehelper 기능을 이용한 모듈의 로딩과 언로딩이 가능하다"). remove_module()
 * is kemu's extension symbol, not mainline Linux. Module parameter: name (the module to load
 * and then remove).
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kmod.h>
MODULE_LICENSE("GPL");

static char *name = "dummy";
module_param(name, charp, 0);

static int __init kmod_remove_init(void)
{
	printk(KERN_INFO "request_module(%s) = %d\n", name, request_module("%s", name));
	printk(KERN_INFO "remove_module(%s) = %d\n", name, remove_module("%s", name));
	return 0;
}
static void __exit kmod_remove_exit(void)
{
}
module_init(kmod_remove_init);
module_exit(kmod_remove_exit);
