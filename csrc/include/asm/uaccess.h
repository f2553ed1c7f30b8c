/* kemu: <asm/uaccess.h>, which modules included until 4.x for copy_to_user and friends. */
#ifndef _ASM_UACCESS_H
#define _ASM_UACCESS_H
#include <linux/uaccess.h>
#endif
