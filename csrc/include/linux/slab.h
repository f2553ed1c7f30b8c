/* kemu: include/linux/slab.h. kmalloc caches and kmem_cache live in ts/mm/slab.ts with
 * out-of-band metadata; the kmalloc inlines resolve to __kmalloc as in Linux. */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H
#include <linux/gfp.h>
#include <linux/types.h>
#include <linux/overflow.h>
#include <linux/vmalloc.h>

#define SLAB_HWCACHE_ALIGN 0x00002000U
#define SLAB_CACHE_DMA 0x00004000U
#define SLAB_PANIC 0x00040000U
#define SLAB_RECLAIM_ACCOUNT 0x00020000U
#define SLAB_ACCOUNT 0x04000000U
#define SLAB_POISON 0x00000800U
#define SLAB_RED_ZONE 0x00000400U
#define SLAB_TYPESAFE_BY_RCU 0x00080000U
#define SLAB_DESTROY_BY_RCU SLAB_TYPESAFE_BY_RCU
#define SLAB_MEM_SPREAD 0x00100000U
#define SLAB_NOLEAKTRACE 0x00800000U

#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)
#define KMALLOC_MAX_SIZE (1UL << 22)
#define KMALLOC_SHIFT_HIGH 13
#define KMALLOC_MAX_CACHE_SIZE (1UL << KMALLOC_SHIFT_HIGH)
#define ARCH_KMALLOC_MINALIGN 8

struct kmem_cache;
extern void *__kmalloc(size_t size, gfp_t flags) __malloc;
extern void kfree(const void *objp);
extern void kfree_sensitive(const void *objp);
#define kzfree kfree_sensitive
extern size_t ksize(const void *objp);
extern void *krealloc(const void *objp, size_t new_size, gfp_t flags) __must_check;
extern void *krealloc_array(void *p, size_t new_n, size_t new_size, gfp_t flags);
extern struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
					    slab_flags_t flags, void (*ctor)(void *));
extern struct kmem_cache *kmem_cache_create_usercopy(const char *name, unsigned int size, unsigned int align,
					    slab_flags_t flags, unsigned int useroffset, unsigned int usersize, void (*ctor)(void *));
extern void kmem_cache_destroy(struct kmem_cache *s);
extern int kmem_cache_shrink(struct kmem_cache *s);
extern void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags) __malloc;
extern void kmem_cache_free(struct kmem_cache *s, void *objp);
extern const char *kmem_cache_name(struct kmem_cache *s);
#define KMEM_CACHE(__struct, __flags) kmem_cache_create(#__struct, sizeof(struct __struct), __alignof__(struct __struct), (__flags), NULL)
static inline void *kmem_cache_zalloc(struct kmem_cache *k, gfp_t flags) { return kmem_cache_alloc(k, flags | __GFP_ZERO); }
static __always_inline void *kmalloc(size_t size, gfp_t flags) { return __kmalloc(size, flags); }
static inline void *kmalloc_node(size_t size, gfp_t flags, int node) { return __kmalloc(size, flags); }
static inline void *kzalloc(size_t size, gfp_t flags) { return kmalloc(size, flags | __GFP_ZERO); }
static inline void *kzalloc_node(size_t size, gfp_t flags, int node) { return kmalloc(size, flags | __GFP_ZERO); }
static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{ size_t bytes; if (unlikely(check_mul_overflow(n, size, &bytes))) return NULL; return __kmalloc(bytes, flags); }
static inline void *kcalloc(size_t n, size_t size, gfp_t flags) { return kmalloc_array(n, size, flags | __GFP_ZERO); }
extern void *kvmalloc_node(size_t size, gfp_t flags, int node);
static inline void *kvmalloc(size_t size, gfp_t flags) { return kvmalloc_node(size, flags, -1); }
static inline void *kvzalloc(size_t size, gfp_t flags) { return kvmalloc(size, flags | __GFP_ZERO); }
static inline void *kvmalloc_array(size_t n, size_t size, gfp_t flags)
{ size_t bytes; if (unlikely(check_mul_overflow(n, size, &bytes))) return NULL; return kvmalloc(bytes, flags); }
static inline void *kvcalloc(size_t n, size_t size, gfp_t flags) { return kvmalloc_array(n, size, flags | __GFP_ZERO); }
extern void kvfree(const void *addr);
#endif
