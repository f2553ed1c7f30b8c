/* kemu: include/linux/signal.h + uapi/asm-generic/signal.h - signal numbers (x86) and sigset_t. */
#ifndef _LINUX_SIGNAL_H
#define _LINUX_SIGNAL_H
#include <linux/types.h>

#define SIGHUP		 1
#define SIGINT		 2
#define SIGQUIT		 3
#define SIGILL		 4
#define SIGTRAP		 5
#define SIGABRT		 6
#define SIGIOT		 6
#define SIGBUS		 7
#define SIGFPE		 8
#define SIGKILL		 9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGSTKFLT	16
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGPOLL		SIGIO
#define SIGPWR		30
#define SIGSYS		31
#define SIGRTMIN	32
#define SIGRTMAX	64
#define _NSIG		64

#define SEND_SIG_NOINFO ((struct kernel_siginfo *) 0)
#define SEND_SIG_PRIV	((struct kernel_siginfo *) 1)

typedef struct { unsigned long sig[_NSIG / (8 * sizeof(long))]; } sigset_t;
typedef struct kernel_siginfo { int si_signo; int si_errno; int si_code; } kernel_siginfo_t;
#define sigmask(sig) (1UL << (((sig) - 1) % (8 * sizeof(long))))
static inline void siginitset(sigset_t *set, unsigned long mask) { set->sig[0] = mask; set->sig[1] = 0; }
static inline void sigemptyset(sigset_t *set) { set->sig[0] = 0; set->sig[1] = 0; }
static inline void sigfillset(sigset_t *set) { set->sig[0] = ~0UL; set->sig[1] = ~0UL; }
static inline int sigismember(sigset_t *set, int sig) { sig--; return 1 & (set->sig[sig / 32] >> (sig % 32)); }
static inline void sigaddset(sigset_t *set, int sig) { sig--; set->sig[sig / 32] |= 1UL << (sig % 32); }
static inline void sigdelset(sigset_t *set, int sig) { sig--; set->sig[sig / 32] &= ~(1UL << (sig % 32)); }
#endif
