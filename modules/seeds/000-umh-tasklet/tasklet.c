/* 000_1fec8a8523479eed.txt: the tasklet example (init_module/cleanup_module, 3-argument
 * DECLARE_TASKLET with unsigned long data). Only extraction damage repaired. */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/interrupt.h>
char my_tasklet_data[]="hemos llamado a aiso tasklet"; /* Bottom Half Function */ void my_tasklet_function(unsigned long data) { printk("%s\n", (char *)data); return; }
DECLARE_TASKLET (my_tasklet, my_tasklet_function, (unsigned long) &my_tasklet_data); int init_module(void){ /* Schedule Bottom Half */ tasklet_schedule(&my_tasklet); return 0; }
void cleanup_module(void) { /* Stop the tasklet before we exit */ tasklet_kill(&my_tasklet); return; }
