#include <uapi/asm-generic/errno-base.h>
