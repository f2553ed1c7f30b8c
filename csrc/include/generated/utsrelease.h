#include <linux/utsrelease.h>
