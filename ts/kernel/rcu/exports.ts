// kemu: kernel/rcu/*.c exports - preemptible RCU and Tiny SRCU for one CPU, implemented by the
// C core (csrc/kernel/rcu/). The timer tick runs kemu_rcu_process_callbacks() (not a module
// symbol); SRCU grace periods run in a work item on system_wq.
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
  ...exportsOf("kernel/rcu/srcutiny.c", {
    __init_srcu_struct: ["int __init_srcu_struct(struct srcu_struct *ssp, const char *name, struct lock_class_key *key)", "c", {
      gpl: true, note: "init_srcu_struct() (a macro over it, as in a CONFIG_DEBUG_LOCK_ALLOC kernel)",
    }],
    cleanup_srcu_struct: ["void cleanup_srcu_struct(struct srcu_struct *ssp)", "c", {
      gpl: true, sleeps: true, note: "waits for a grace period in progress (flush_work); WARNs about readers or callbacks left",
    }],
    __srcu_read_unlock: ["void __srcu_read_unlock(struct srcu_struct *ssp, int idx)", "c", {
      gpl: true, note: "srcu_read_unlock(); srcu_read_lock() is inline (Tiny SRCU's counters)",
    }],
    srcu_drive_gp: ["void srcu_drive_gp(struct work_struct *wp)", "c", {
      gpl: true, sleeps: true, note: "the grace-period work function DEFINE_SRCU() puts in the srcu_struct",
    }],
    call_srcu: ["void call_srcu(struct srcu_struct *ssp, struct rcu_head *rhp, rcu_callback_t func)", "c", {
      gpl: true, note: "the callback runs in a kworker with softirqs disabled once the readers before it are out",
    }],
    synchronize_srcu: ["void synchronize_srcu(struct srcu_struct *ssp)", "c", {
      gpl: true, sleeps: true,
      note: "waits for readers that entered before it (they may sleep); srcu_barrier() and synchronize_srcu_expedited() are inline over it. Inside a read-side section of the same srcu_struct it reports \"suspicious RCU usage\" and waits for ever, as Linux; inside rcu_read_lock() it reports and goes on",
    }],
    get_state_synchronize_srcu: ["unsigned long get_state_synchronize_srcu(struct srcu_struct *ssp)", "c", { gpl: true }],
    start_poll_synchronize_srcu: ["unsigned long start_poll_synchronize_srcu(struct srcu_struct *ssp)", "c", { gpl: true }],
    poll_state_synchronize_srcu: ["bool poll_state_synchronize_srcu(struct srcu_struct *ssp, unsigned long cookie)", "c", { gpl: true }],
  }),
];
