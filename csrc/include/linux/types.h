/* kemu: include/linux/types.h for wasm32 (ILP32: long and pointers are 32 bits, as on i386). */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H
#include <linux/compiler.h>
#include <linux/stddef.h>

typedef signed char __s8;
typedef unsigned char __u8;
typedef signed short __s16;
typedef unsigned short __u16;
typedef signed int __s32;
typedef unsigned int __u32;
typedef signed long long __s64;
typedef unsigned long long __u64;
typedef __s8 s8;
typedef __u8 u8;
typedef __s16 s16;
typedef __u16 u16;
typedef __s32 s32;
typedef __u32 u32;
typedef __s64 s64;
typedef __u64 u64;
typedef __u16 __le16;
typedef __u16 __be16;
typedef __u32 __le32;
typedef __u32 __be32;
typedef __u64 __le64;
typedef __u64 __be64;
typedef __u16 __sum16;
typedef __u32 __wsum;

/* clang's wasm32 size_t is unsigned long (both 32 bits); match it so %zu needs no cast. */
typedef __SIZE_TYPE__ __kernel_size_t;
typedef long __kernel_ssize_t;
typedef __PTRDIFF_TYPE__ __kernel_ptrdiff_t;
typedef long __kernel_long_t;
typedef unsigned long __kernel_ulong_t;
typedef long __kernel_off_t;
typedef long long __kernel_loff_t;
typedef int __kernel_pid_t;
typedef unsigned int __kernel_uid32_t;
typedef unsigned int __kernel_gid32_t;
typedef long __kernel_time_t;
typedef long long __kernel_time64_t;
typedef long __kernel_clock_t;
typedef int __kernel_timer_t;
typedef int __kernel_clockid_t;
typedef unsigned int __kernel_mode_t;
typedef int __kernel_key_t;
typedef int __kernel_mqd_t;
typedef unsigned int __kernel_dev_t;

#ifndef _SIZE_T
#define _SIZE_T
typedef __kernel_size_t size_t;
#endif
typedef __kernel_ssize_t ssize_t;
typedef __kernel_ptrdiff_t ptrdiff_t;
typedef __kernel_off_t off_t;
typedef __kernel_loff_t loff_t;
typedef __kernel_pid_t pid_t;
typedef unsigned int __poll_t;
typedef __kernel_mode_t mode_t;
typedef unsigned short umode_t;
typedef __kernel_uid32_t uid_t;
typedef __kernel_gid32_t gid_t;
typedef __kernel_time_t time_t;
typedef __kernel_time64_t time64_t;
typedef __kernel_clock_t clock_t;
typedef __kernel_timer_t timer_t;
typedef __kernel_clockid_t clockid_t;
typedef __kernel_key_t key_t;
typedef __u32 __kernel_dev_t_compat;
typedef __kernel_dev_t dev_t;
typedef unsigned long ino_t;
typedef unsigned int nlink_t;
typedef long long __kernel_loff_t_compat;
typedef unsigned long uintptr_t;
typedef long intptr_t;
typedef unsigned long long sector_t;
typedef unsigned long long blkcnt_t;
typedef unsigned int gfp_t;
typedef unsigned int slab_flags_t;
typedef unsigned int fmode_t;
typedef u32 phys_addr_t;
typedef phys_addr_t resource_size_t;
typedef u32 dma_addr_t;
typedef unsigned long irq_hw_number_t;
typedef u64 cycles_t;

typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
typedef unsigned char unchar;
typedef unsigned short ushort;
typedef unsigned int uint;
typedef unsigned long ulong;
typedef u8 u_int8_t;
typedef s8 int8_t;
typedef u16 u_int16_t;
typedef s16 int16_t;
typedef u32 u_int32_t;
typedef s32 int32_t;
typedef u8 uint8_t;
typedef u16 uint16_t;
typedef u32 uint32_t;
typedef u64 uint64_t;
typedef u64 u_int64_t;
typedef s64 int64_t;

typedef _Bool bool;
enum { false = 0, true = 1 };

typedef struct { int counter; } atomic_t;
typedef struct { s64 counter; } atomic64_t;
typedef atomic_t atomic_long_t;
#define ATOMIC_INIT(i) { (i) }

struct list_head { struct list_head *next, *prev; };
struct hlist_head { struct hlist_node *first; };
struct hlist_node { struct hlist_node *next, **pprev; };
struct callback_head { struct callback_head *next; void (*func)(struct callback_head *head); };
#define rcu_head callback_head
typedef void (*rcu_callback_t)(struct rcu_head *head);

#define DECLARE_BITMAP(name, bits) unsigned long name[((bits) + 31) / 32]
#endif
