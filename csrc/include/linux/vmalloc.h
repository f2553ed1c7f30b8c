/* kemu: include/linux/vmalloc.h (ts/mm/vmalloc.ts). */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H
#include <linux/types.h>
#include <linux/gfp_types.h>
extern void *vmalloc(unsigned long size) __malloc;
extern void *vzalloc(unsigned long size) __malloc;
extern void *vmalloc_user(unsigned long size) __malloc;
extern void *vmalloc_32(unsigned long size) __malloc;
extern void *__vmalloc(unsigned long size, gfp_t gfp_mask) __malloc;
extern void vfree(const void *addr);
extern bool is_vmalloc_addr(const void *x);
#endif
