/*
 * provider.c - exports a function and a variable to modules loaded after it.
 */
#include <linux/module.h>
#include <linux/kernel.h>

int provider_counter = 0;
EXPORT_SYMBOL(provider_counter);

int provider_add(int a, int b)
{
	provider_counter++;
	pr_info("provider: provider_add(%d, %d) called %d time(s)\n", a, b, provider_counter);
	return a + b;
}
EXPORT_SYMBOL(provider_add);

int provider_gpl_secret(void)
{
	return 42;
}
EXPORT_SYMBOL_GPL(provider_gpl_secret);

static int __init provider_init(void)
{
	pr_info("provider: loaded\n");
	return 0;
}

static void __exit provider_exit(void)
{
	pr_info("provider: unloaded after %d call(s)\n", provider_counter);
}

module_init(provider_init);
module_exit(provider_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Exports symbols to other modules");
