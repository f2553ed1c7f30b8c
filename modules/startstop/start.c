/*
 * start.c - Illustration of multi filed modules (LKMPG)
 */
#include <linux/kernel.h> /* We are doing kernel work */
#include <linux/module.h> /* Specifically, a module */

int init_module(void)
{
	pr_info("Hello, world - this is the kernel speaking\n");
	return 0;
}

MODULE_LICENSE("GPL");
