/* kemu: include/asm-generic/bitsperlong.h - wasm32 is ILP32: a long is 32 bits. */
#ifndef _ASM_BITSPERLONG_H
#define _ASM_BITSPERLONG_H
#define BITS_PER_LONG 32
#define BITS_PER_LONG_LONG 64
#define __BITS_PER_LONG 32
#endif
