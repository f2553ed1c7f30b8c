// kemu: mm/slab_common.c, mm/slub.c, mm/vmalloc.c, mm/util.c, mm/page_alloc.c exports.
import { exportsOf } from "../kernel/ksyms.js";
import { __GFP_ZERO } from "./gfp.js";

export const MM_EXPORTS = [
  ...exportsOf("mm/slab_common.c", {
    __kmalloc: ["void *__kmalloc(size_t size, gfp_t flags)", (k) => (size: number, gfp: number) => k.mm.slab.kmalloc(size >>> 0, gfp)],
    kfree: ["void kfree(const void *objp)", (k) => (p: number) => k.mm.slab.kfree(p >>> 0)],
    kfree_sensitive: ["void kfree_sensitive(const void *objp)", (k) => (p: number) => {
      const a = p >>> 0;
      if (a > 16) k.mem.fill(a, 0, k.mm.slab.ksize(a));
      k.mm.slab.kfree(a);
    }],
    ksize: ["size_t ksize(const void *objp)", (k) => (p: number) => k.mm.slab.ksize(p >>> 0)],
    krealloc: ["void *krealloc(const void *objp, size_t new_size, gfp_t flags)", (k) => (p: number, n: number, gfp: number) =>
      k.mm.slab.krealloc(p >>> 0, n >>> 0, gfp)],
    krealloc_array: ["void *krealloc_array(void *p, size_t new_n, size_t new_size, gfp_t flags)", (k) => (p: number, n: number, sz: number, gfp: number) => {
      const bytes = (n >>> 0) * (sz >>> 0);
      return bytes > 0xffffffff ? 0 : k.mm.slab.krealloc(p >>> 0, bytes, gfp);
    }],
    kmem_cache_create: ["struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align, slab_flags_t flags, void (*ctor)(void *))",
      (k) => (name: number, size: number, align: number, flags: number, ctor: number) => k.kmemCaches.create(name, size, align, flags, ctor)],
    kmem_cache_create_usercopy: ["struct kmem_cache *kmem_cache_create_usercopy(const char *name, unsigned int size, unsigned int align, slab_flags_t flags, unsigned int useroffset, unsigned int usersize, void (*ctor)(void *))",
      (k) => (name: number, size: number, align: number, flags: number, _uo: number, _us: number, ctor: number) => k.kmemCaches.create(name, size, align, flags, ctor)],
    kmem_cache_destroy: ["void kmem_cache_destroy(struct kmem_cache *s)", (k) => (h: number) => k.kmemCaches.destroy(h)],
    kmem_cache_shrink: ["int kmem_cache_shrink(struct kmem_cache *s)", (k) => (h: number) => {
      const c = k.kmemCaches.get(h);
      return c ? k.mm.slab.kmem_cache_shrink(c) : 0;
    }],
    kmem_cache_alloc: ["void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags)", (k) => (h: number, gfp: number) => k.kmemCaches.alloc(h, gfp)],
    kmem_cache_free: ["void kmem_cache_free(struct kmem_cache *s, void *objp)", (k) => (h: number, p: number) => {
      const c = k.kmemCaches.get(h);
      if (c) k.mm.slab.kmem_cache_free(c, p >>> 0);
    }],
    kmem_cache_name: ["const char *kmem_cache_name(struct kmem_cache *s)", (k) => (h: number) => k.kmemCaches.name(h)],
  }),
  ...exportsOf("mm/vmalloc.c", {
    vmalloc: ["void *vmalloc(unsigned long size)", (k) => (n: number) => k.mm.vm.vmalloc(n >>> 0)],
    vzalloc: ["void *vzalloc(unsigned long size)", (k) => (n: number) => k.mm.vm.vzalloc(n >>> 0)],
    vmalloc_user: ["void *vmalloc_user(unsigned long size)", (k) => (n: number) => k.mm.vm.vzalloc(n >>> 0)],
    vmalloc_32: ["void *vmalloc_32(unsigned long size)", (k) => (n: number) => k.mm.vm.vmalloc(n >>> 0)],
    __vmalloc: ["void *__vmalloc(unsigned long size, gfp_t gfp_mask)", (k) => (n: number, gfp: number) => k.mm.vm.__vmalloc(n >>> 0, gfp)],
    vfree: ["void vfree(const void *addr)", (k) => (p: number) => k.mm.vm.vfree(p >>> 0)],
    is_vmalloc_addr: ["bool is_vmalloc_addr(const void *x)", (k) => (p: number) => (k.mm.vm.is_vmalloc_addr(p >>> 0) ? 1 : 0)],
  }),
  ...exportsOf("mm/util.c", {
    kvmalloc_node: ["void *kvmalloc_node(size_t size, gfp_t flags, int node)", (k) => (n: number, gfp: number) => k.mm.vm.kvmalloc(n >>> 0, gfp)],
    kvfree: ["void kvfree(const void *addr)", (k) => (p: number) => k.mm.vm.kvfree(p >>> 0)],
  }),
  ...exportsOf("mm/page_alloc.c", {
    __get_free_pages: ["unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order)", (k) => (gfp: number, order: number) => {
      const a = k.mm.pages.alloc_pages(order, gfp);
      if (a && gfp & __GFP_ZERO) k.mem.fill(a, 0, 4096 << order);
      return a;
    }],
    get_zeroed_page: ["unsigned long get_zeroed_page(gfp_t gfp_mask)", (k) => (gfp: number) => {
      const a = k.mm.pages.alloc_pages(0, gfp);
      if (a) k.mem.fill(a, 0, 4096);
      return a;
    }],
    free_pages: ["void free_pages(unsigned long addr, unsigned int order)", (k) => (a: number, order: number) => {
      if (a) k.mm.pages.free_pages(a >>> 0, order);
    }],
  }),
];
