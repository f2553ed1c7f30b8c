// kemu: mm/mm_init.c - the kernel's memory managers put together for one Kernel: the buddy
// page allocator above a NULL guard, the slab allocator and vmalloc.
import { createPhysMem, type PhysMemImpl } from "./physmem.js";
import { PageAllocator, PAGE_SIZE, type BugReporter } from "./page_alloc.js";
import { SlabAllocator } from "./slab.js";
import { Vmalloc } from "./vmalloc.js";
import { GFP_KERNEL } from "./gfp.js";

const MAX_KERNEL_MEMORY = 1 << 30;

export class KernelMM {
  readonly pm: PhysMemImpl;
  readonly pages: PageAllocator;
  readonly slab: SlabAllocator;
  readonly vm: Vmalloc;

  /** Pages from `start` (the end of the NULL guard) to the end of memory are managed. */
  constructor(memory: WebAssembly.Memory, start: number, onBug: BugReporter) {
    this.pm = createPhysMem(memory, MAX_KERNEL_MEMORY);
    this.pages = new PageAllocator(this.pm, start, memory.buffer.byteLength, { onBug });
    this.slab = new SlabAllocator(this.pages, { onBug });
    this.vm = new Vmalloc(this.pages, this.slab, { onBug });
  }

  /** Zeroed, page-aligned memory for kernel-internal use (stacks, the C core's data). */
  pageAlloc(bytes: number): number {
    const addr = this.vm.vzalloc(bytes);
    if (!addr) throw new Error("kemu: out of kernel memory at boot");
    return addr;
  }

  pageFree(addr: number): void {
    this.vm.vfree(addr);
  }

  /** kzalloc(GFP_KERNEL) from TS. */
  kzalloc(bytes: number): number {
    const addr = this.slab.kmalloc(bytes, GFP_KERNEL);
    if (!addr) throw new Error("kemu: out of kernel memory");
    this.pm.bytes().fill(0, addr, addr + bytes);
    return addr;
  }

  /** module_alloc(): zeroed memory for a module's data and bss. */
  moduleAlloc(size: number, align: number): number {
    if (align > PAGE_SIZE) return 0;
    return this.vm.vzalloc(size);
  }
  moduleFree(addr: number): void {
    this.vm.vfree(addr);
  }

  /** kstrdup() from TS: a NUL-terminated UTF-8 copy of s in kernel memory. */
  kstrdup(s: string): number {
    const bytes = Buffer.from(s, "utf8");
    const addr = this.slab.kmalloc(bytes.length + 1, GFP_KERNEL);
    if (!addr) return 0;
    const u8 = this.pm.bytes();
    u8.set(bytes, addr);
    u8[addr + bytes.length] = 0;
    return addr;
  }
  kfree(addr: number): void {
    this.slab.kfree(addr);
  }
}
