/* kemu: arch/x86/include/asm/current.h - `current` is the task the emulated CPU runs; the
 * scheduler (TS) stores it in current_task on every switch. */
#ifndef _ASM_CURRENT_H
#define _ASM_CURRENT_H
struct task_struct;
extern struct task_struct *current_task;
static __always_inline struct task_struct *get_current(void) { return current_task; }
#define current get_current()
#endif
