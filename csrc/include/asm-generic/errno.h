#include <uapi/asm-generic/errno.h>
