/* kemu: what modpost writes into NAME.mod.c for Linux: struct module __this_module and the
 * modinfo lines modpost adds (name=, vermagic=). It also gives the loader the section bounds
 * that an ELF loader would find in section headers: one sentinel entry per section makes sure
 * each section exists, so that the linker defines __start_X/__stop_X for it. */
#ifndef _LINUX_KEMU_MODPOST_H
#define _LINUX_KEMU_MODPOST_H
#include <linux/module.h>
#include <generated/utsrelease.h>

__visible struct module __this_module = {
	.name = KBUILD_MODNAME,
};

MODULE_INFO(name, KBUILD_MODNAME);
MODULE_INFO(vermagic, UTS_RELEASE " preempt mod_unload ");

static const struct kernel_symbol __kemu_ksymtab_end __used __section("__ksymtab") __aligned(4);
static struct kernel_param __kemu_param_end __used __section("__param") __aligned(__alignof__(struct kernel_param));

/* The linker exports __start_X/__stop_X of these sections (wasm-ld --export=...), as offsets
 * from __memory_base, so the loader can read them before running any code. */
#endif
