/* kemu: include/linux/export.h. EXPORT_SYMBOL puts a struct kernel_symbol in the __ksymtab
 * section, as Linux does; the loader reads it through __start___ksymtab/__stop___ksymtab
 * (see <linux/kemu_modpost.h>). `value` is an address for data and a table index for code. */
#ifndef _LINUX_EXPORT_H
#define _LINUX_EXPORT_H
#include <linux/compiler.h>
struct kernel_symbol {
	unsigned long value;
	const char *name;
	const char *namespace;
	unsigned long gplonly;
};
#ifdef MODULE
extern struct module __this_module;
#define THIS_MODULE (&__this_module)
#else
#define THIS_MODULE ((struct module *)0)
#endif
#define ___EXPORT_SYMBOL(sym, gpl, ns) \
	extern typeof(sym) sym; \
	static const char __kstrtab_##sym[] = #sym; \
	static const struct kernel_symbol __ksymtab_##sym __used __section("__ksymtab") \
		__aligned(4) = { (unsigned long)&sym, __kstrtab_##sym, ns, gpl }
#define EXPORT_SYMBOL(sym) ___EXPORT_SYMBOL(sym, 0, 0)
#define EXPORT_SYMBOL_GPL(sym) ___EXPORT_SYMBOL(sym, 1, 0)
#define EXPORT_SYMBOL_GPL_FUTURE(sym) ___EXPORT_SYMBOL(sym, 1, 0)
#define EXPORT_SYMBOL_NS(sym, ns) ___EXPORT_SYMBOL(sym, 0, #ns)
#define EXPORT_SYMBOL_NS_GPL(sym, ns) ___EXPORT_SYMBOL(sym, 1, #ns)
#define EXPORT_UNUSED_SYMBOL(sym)
#define EXPORT_UNUSED_SYMBOL_GPL(sym)
#define EXPORT_SYMBOL_NOVERS(sym) EXPORT_SYMBOL(sym)
#define EXPORT_NO_SYMBOLS
#define MODULE_IMPORT_NS(ns)
#endif
