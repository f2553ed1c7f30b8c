// GFP flags: include/linux/gfp_types.h of Linux 6.1 (the release kemu reports), with
// CONFIG_KASAN_HW_TAGS=n and CONFIG_LOCKDEP=n (so __GFP_SKIP_* and __GFP_NOLOCKDEP are 0).
// 6.1 still has __GFP_ATOMIC (removed in 6.3), and GFP_ATOMIC includes it.

export type gfp_t = number;

export const ___GFP_DMA = 0x01;
export const ___GFP_HIGHMEM = 0x02;
export const ___GFP_DMA32 = 0x04;
export const ___GFP_MOVABLE = 0x08;
export const ___GFP_RECLAIMABLE = 0x10;
export const ___GFP_HIGH = 0x20;
export const ___GFP_IO = 0x40;
export const ___GFP_FS = 0x80;
export const ___GFP_ZERO = 0x100;
export const ___GFP_ATOMIC = 0x200;
export const ___GFP_DIRECT_RECLAIM = 0x400;
export const ___GFP_KSWAPD_RECLAIM = 0x800;
export const ___GFP_WRITE = 0x1000;
export const ___GFP_NOWARN = 0x2000;
export const ___GFP_RETRY_MAYFAIL = 0x4000;
export const ___GFP_NOFAIL = 0x8000;
export const ___GFP_NORETRY = 0x10000;
export const ___GFP_MEMALLOC = 0x20000;
export const ___GFP_COMP = 0x40000;
export const ___GFP_NOMEMALLOC = 0x80000;
export const ___GFP_HARDWALL = 0x100000;
export const ___GFP_THISNODE = 0x200000;
export const ___GFP_ACCOUNT = 0x400000;
export const ___GFP_ZEROTAGS = 0x800000;
export const ___GFP_SKIP_ZERO = 0;
export const ___GFP_SKIP_KASAN_UNPOISON = 0;
export const ___GFP_SKIP_KASAN_POISON = 0;
export const ___GFP_NOLOCKDEP = 0;

export const __GFP_DMA = ___GFP_DMA;
export const __GFP_HIGHMEM = ___GFP_HIGHMEM;
export const __GFP_DMA32 = ___GFP_DMA32;
export const __GFP_MOVABLE = ___GFP_MOVABLE;
export const GFP_ZONEMASK = __GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE;

export const __GFP_RECLAIMABLE = ___GFP_RECLAIMABLE;
export const __GFP_WRITE = ___GFP_WRITE;
export const __GFP_HARDWALL = ___GFP_HARDWALL;
export const __GFP_THISNODE = ___GFP_THISNODE;
export const __GFP_ACCOUNT = ___GFP_ACCOUNT;

export const __GFP_ATOMIC = ___GFP_ATOMIC;
export const __GFP_HIGH = ___GFP_HIGH;
export const __GFP_MEMALLOC = ___GFP_MEMALLOC;
export const __GFP_NOMEMALLOC = ___GFP_NOMEMALLOC;

export const __GFP_IO = ___GFP_IO;
export const __GFP_FS = ___GFP_FS;
export const __GFP_DIRECT_RECLAIM = ___GFP_DIRECT_RECLAIM;
export const __GFP_KSWAPD_RECLAIM = ___GFP_KSWAPD_RECLAIM;
export const __GFP_RECLAIM = ___GFP_DIRECT_RECLAIM | ___GFP_KSWAPD_RECLAIM;
export const __GFP_RETRY_MAYFAIL = ___GFP_RETRY_MAYFAIL;
export const __GFP_NOFAIL = ___GFP_NOFAIL;
export const __GFP_NORETRY = ___GFP_NORETRY;

export const __GFP_NOWARN = ___GFP_NOWARN;
export const __GFP_COMP = ___GFP_COMP;
export const __GFP_ZERO = ___GFP_ZERO;
export const __GFP_ZEROTAGS = ___GFP_ZEROTAGS;
export const __GFP_SKIP_ZERO = ___GFP_SKIP_ZERO;
export const __GFP_SKIP_KASAN_UNPOISON = ___GFP_SKIP_KASAN_UNPOISON;
export const __GFP_SKIP_KASAN_POISON = ___GFP_SKIP_KASAN_POISON;
export const __GFP_NOLOCKDEP = ___GFP_NOLOCKDEP;

/** 27 + IS_ENABLED(CONFIG_LOCKDEP) */
export const __GFP_BITS_SHIFT = 27;
export const __GFP_BITS_MASK = (1 << __GFP_BITS_SHIFT) - 1;

export const GFP_ATOMIC = __GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM; // 0xa20
export const GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS; // 0xcc0
export const GFP_KERNEL_ACCOUNT = GFP_KERNEL | __GFP_ACCOUNT; // 0x400cc0
export const GFP_NOWAIT = __GFP_KSWAPD_RECLAIM; // 0x800
export const GFP_NOIO = __GFP_RECLAIM; // 0xc00
export const GFP_NOFS = __GFP_RECLAIM | __GFP_IO; // 0xc40
export const GFP_USER = __GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL; // 0x100cc0
export const GFP_DMA = __GFP_DMA;
export const GFP_DMA32 = __GFP_DMA32;
export const GFP_HIGHUSER = GFP_USER | __GFP_HIGHMEM;
export const GFP_HIGHUSER_MOVABLE =
  GFP_HIGHUSER | __GFP_MOVABLE | __GFP_SKIP_KASAN_POISON | __GFP_SKIP_KASAN_UNPOISON;
export const GFP_TRANSHUGE_LIGHT =
  (GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM;
export const GFP_TRANSHUGE = GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM;

export function gfpflags_allow_blocking(gfp: gfp_t): boolean {
  return (gfp & __GFP_DIRECT_RECLAIM) !== 0;
}

// Order of include/trace/events/mmflags.h __def_gfpflag_names: composite masks first.
const GFP_NAMES: ReadonlyArray<readonly [number, string]> = [
  [GFP_TRANSHUGE, "GFP_TRANSHUGE"],
  [GFP_TRANSHUGE_LIGHT, "GFP_TRANSHUGE_LIGHT"],
  [GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE"],
  [GFP_HIGHUSER, "GFP_HIGHUSER"],
  [GFP_USER, "GFP_USER"],
  [GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT"],
  [GFP_KERNEL, "GFP_KERNEL"],
  [GFP_NOFS, "GFP_NOFS"],
  [GFP_ATOMIC, "GFP_ATOMIC"],
  [GFP_NOIO, "GFP_NOIO"],
  [GFP_NOWAIT, "GFP_NOWAIT"],
  [GFP_DMA, "GFP_DMA"],
  [__GFP_HIGHMEM, "__GFP_HIGHMEM"],
  [GFP_DMA32, "GFP_DMA32"],
  [__GFP_HIGH, "__GFP_HIGH"],
  [__GFP_ATOMIC, "__GFP_ATOMIC"],
  [__GFP_IO, "__GFP_IO"],
  [__GFP_FS, "__GFP_FS"],
  [__GFP_NOWARN, "__GFP_NOWARN"],
  [__GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL"],
  [__GFP_NOFAIL, "__GFP_NOFAIL"],
  [__GFP_NORETRY, "__GFP_NORETRY"],
  [__GFP_COMP, "__GFP_COMP"],
  [__GFP_ZERO, "__GFP_ZERO"],
  [__GFP_NOMEMALLOC, "__GFP_NOMEMALLOC"],
  [__GFP_MEMALLOC, "__GFP_MEMALLOC"],
  [__GFP_HARDWALL, "__GFP_HARDWALL"],
  [__GFP_THISNODE, "__GFP_THISNODE"],
  [__GFP_RECLAIMABLE, "__GFP_RECLAIMABLE"],
  [__GFP_MOVABLE, "__GFP_MOVABLE"],
  [__GFP_ACCOUNT, "__GFP_ACCOUNT"],
  [__GFP_WRITE, "__GFP_WRITE"],
  [__GFP_RECLAIM, "__GFP_RECLAIM"],
  [__GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM"],
  [__GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM"],
  [__GFP_ZEROTAGS, "__GFP_ZEROTAGS"],
];

/** The `%pGg` rendering, e.g. "GFP_KERNEL|__GFP_ZERO"; leftover unknown bits print as hex like __print_flags. */
export function format_gfp(gfp: gfp_t): string {
  let rest = gfp >>> 0;
  if (rest === 0) return "none";
  const parts: string[] = [];
  for (const [mask, name] of GFP_NAMES) {
    if (mask !== 0 && (rest & mask) === mask) {
      parts.push(name);
      rest = (rest & ~mask) >>> 0;
      if (rest === 0) break;
    }
  }
  if (rest !== 0) parts.push("0x" + rest.toString(16));
  return parts.join("|");
}

/** Linux's warn_alloc() "mode:%#x(%pGg)" text. */
export function gfp_mode(gfp: gfp_t): string {
  return `0x${(gfp >>> 0).toString(16)}(${format_gfp(gfp)})`;
}
