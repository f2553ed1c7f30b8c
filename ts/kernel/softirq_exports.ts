// kemu: kernel/softirq.c and kernel/time/timer.c exports. Both are C in the core
// (csrc/kernel/softirq.c, csrc/kernel/time/timer.c); the TS scheduler only delivers the tick.
import { exportsOf } from "./ksyms.js";

export const SOFTIRQ_EXPORTS = exportsOf("kernel/softirq.c", {
  __softirq_pending: ["unsigned long __softirq_pending", "c", { status: "internal", note: "local_softirq_pending() (x86's irq_stat.__softirq_pending)" }],
  __tasklet_schedule: ["void __tasklet_schedule(struct tasklet_struct *t)", "c"],
  __tasklet_hi_schedule: ["void __tasklet_hi_schedule(struct tasklet_struct *t)", "c"],
  tasklet_setup: ["void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *))", "c"],
  tasklet_init: ["void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data)", "c"],
  tasklet_kill: ["void tasklet_kill(struct tasklet_struct *t)", "c", { sleeps: true, note: "waits (D state) forever for a disabled scheduled tasklet, as Linux hangs" }],
  tasklet_kill_immediate: ["void tasklet_kill_immediate(struct tasklet_struct *t, unsigned int cpu)", "c"],
  tasklet_unlock: ["void tasklet_unlock(struct tasklet_struct *t)", "c"],
  tasklet_unlock_wait: ["void tasklet_unlock_wait(struct tasklet_struct *t)", "c", { sleeps: true }],
  tasklet_unlock_spin_wait: ["void tasklet_unlock_spin_wait(struct tasklet_struct *t)", "c"],
  raise_softirq: ["void raise_softirq(unsigned int nr)", "c", { note: "not exported by Linux 6.1; kemu lets modules raise a vector" }],
}).concat(exportsOf("kernel/time/timer.c", {
  init_timer_key: ["void init_timer_key(struct timer_list *timer, void (*func)(struct timer_list *), unsigned int flags, const char *name, struct lock_class_key *key)", "c"],
  add_timer: ["void add_timer(struct timer_list *timer)", "c"],
  add_timer_on: ["void add_timer_on(struct timer_list *timer, int cpu)", "c", { note: "one CPU" }],
  mod_timer: ["int mod_timer(struct timer_list *timer, unsigned long expires)", "c"],
  mod_timer_pending: ["int mod_timer_pending(struct timer_list *timer, unsigned long expires)", "c"],
  timer_reduce: ["int timer_reduce(struct timer_list *timer, unsigned long expires)", "c"],
  timer_delete: ["int timer_delete(struct timer_list *timer)", "c"],
  timer_delete_sync: ["int timer_delete_sync(struct timer_list *timer)", "c"],
  try_to_del_timer_sync: ["int try_to_del_timer_sync(struct timer_list *timer)", "c"],
  timer_shutdown: ["int timer_shutdown(struct timer_list *timer)", "c"],
  timer_shutdown_sync: ["int timer_shutdown_sync(struct timer_list *timer)", "c"],
})).concat(exportsOf("kernel/sched.c (2.2 task queues)", {
  tq_timer: ["task_queue tq_timer", "c", { note: "Linux 2.2/2.4; run at every timer tick" }],
  tq_immediate: ["task_queue tq_immediate", "c", { note: "Linux 2.2/2.4; run after mark_bh(IMMEDIATE_BH)" }],
  tq_scheduler: ["task_queue tq_scheduler", "c", { status: "partial", note: "Linux 2.2; nothing runs it in kemu yet" }],
  tq_disk: ["task_queue tq_disk", "c", { status: "partial", note: "Linux 2.2; nothing runs it in kemu" }],
  queue_task: ["void queue_task(struct tq_struct *bh_pointer, task_queue *bh_list)", "c", { note: "Linux 2.2 layout of struct tq_struct" }],
  run_task_queue: ["void run_task_queue(task_queue *list)", "c", { note: "Linux 2.2" }],
  mark_bh: ["void mark_bh(int nr)", "c", { status: "partial", note: "IMMEDIATE_BH runs tq_immediate; other bottom halves do not exist" }],
})).concat(exportsOf("kernel/time/hrtimer.c", {
  hrtimer_init: ["void hrtimer_init(struct hrtimer *timer, clockid_t which_clock, enum hrtimer_mode mode)", "c", { gpl: true }],
  hrtimer_setup: ["void hrtimer_setup(struct hrtimer *timer, enum hrtimer_restart (*function)(struct hrtimer *), clockid_t clock_id, enum hrtimer_mode mode)", "c", { gpl: true, note: "6.13+" }],
  hrtimer_start_range_ns: ["void hrtimer_start_range_ns(struct hrtimer *timer, ktime_t tim, u64 range_ns, const enum hrtimer_mode mode)", "c", { gpl: true, note: "the range is ignored: timers fire at their soft expiry" }],
  hrtimer_cancel: ["int hrtimer_cancel(struct hrtimer *timer)", "c", { gpl: true }],
  hrtimer_try_to_cancel: ["int hrtimer_try_to_cancel(struct hrtimer *timer)", "c", { gpl: true }],
  __hrtimer_get_remaining: ["ktime_t __hrtimer_get_remaining(const struct hrtimer *timer, bool adjust)", "c", { gpl: true }],
  hrtimer_active: ["bool hrtimer_active(const struct hrtimer *timer)", "c", { gpl: true }],
  hrtimer_forward: ["u64 hrtimer_forward(struct hrtimer *timer, ktime_t now, ktime_t interval)", "c", { gpl: true }],
  kemu_hrtimer_base_time: ["ktime_t kemu_hrtimer_base_time(const struct hrtimer *timer)", "c", { status: "internal", note: "hrtimer_forward_now(), hrtimer_cb_get_time()" }],
  kemu_hrtimer_clock_offset: ["ktime_t kemu_hrtimer_clock_offset(const struct hrtimer *timer)", "c", { status: "internal", note: "hrtimer_set_expires() on REALTIME/TAI clocks" }],
}));
