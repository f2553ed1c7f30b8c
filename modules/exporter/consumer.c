/*
 * consumer.c - uses the symbols exported by provider.ko.
 */
#include <linux/module.h>
#include <linux/kernel.h>

extern int provider_add(int a, int b);
extern int provider_counter;
extern int provider_gpl_secret(void);

static int __init consumer_init(void)
{
	int sum = provider_add(2, 3);
	pr_info("consumer: 2 + 3 = %d, counter is now %d, secret %d\n", sum, provider_counter, provider_gpl_secret());
	return 0;
}

static void __exit consumer_exit(void)
{
	pr_info("consumer: goodbye\n");
}

module_init(consumer_init);
module_exit(consumer_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Uses symbols exported by provider");
