// kemu: kernel/rcu/*.c exports - preemptible RCU for one CPU, implemented by the C core
// (csrc/kernel/rcu/). The timer tick runs kemu_rcu_process_callbacks() (not a module symbol).
import { exportsOf } from "../ksyms.js";

export const RCU_EXPORTS = [
  ...exportsOf("kernel/rcu/tree.c", {
    __rcu_read_lock: ["void __rcu_read_lock(void)", "c", { gpl: true }],
    __rcu_read_unlock: ["void __rcu_read_unlock(void)", "c", { gpl: true }],
    call_rcu: ["void call_rcu(struct rcu_head *head, rcu_callback_t func)", "c", {
      gpl: true, note: "callbacks run at the first timer tick with no task inside a read-side critical section",
    }],
    kvfree_call_rcu: ["void kvfree_call_rcu(struct rcu_head *head, rcu_callback_t func)", "c", {
      gpl: true, sleeps: true, note: "kfree_rcu()/kvfree_rcu(); the one-argument form may sleep",
    }],
    synchronize_rcu: ["void synchronize_rcu(void)", "c", {
      gpl: true, sleeps: true, status: "partial",
      note: "returns at once unless another task is preempted inside a read-side critical section",
    }],
    synchronize_rcu_expedited: ["void synchronize_rcu_expedited(void)", "c", { gpl: true, sleeps: true }],
    rcu_barrier: ["void rcu_barrier(void)", "c", { gpl: true, sleeps: true }],
  }),
  ...exportsOf("kernel/rcu/update.c", {
    rcu_read_lock_held: ["int rcu_read_lock_held(void)", "c", { gpl: true }],
    rcu_read_lock_bh_held: ["int rcu_read_lock_bh_held(void)", "c", { gpl: true }],
    rcu_read_lock_sched_held: ["int rcu_read_lock_sched_held(void)", "c", { gpl: true }],
    rcu_read_lock_any_held: ["int rcu_read_lock_any_held(void)", "c", { gpl: true }],
  }),
];
