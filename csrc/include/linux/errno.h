/* kemu: include/linux/errno.h - kernel-internal codes (never seen by user space) after the uapi ones. */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H
#include <uapi/asm-generic/errno.h>
#define ERESTARTSYS 512 /* Interrupted system call (restart) */
#define ERESTARTNOINTR 513 /* Interrupted system call (restart, no intr) */
#define ERESTARTNOHAND 514 /* Interrupted system call (restart if no handler) */
#define ENOIOCTLCMD 515 /* No ioctl command */
#define ERESTART_RESTARTBLOCK 516 /* Interrupted system call (restart block) */
#define EPROBE_DEFER 517 /* Driver requests probe retry */
#define EOPENSTALE 518 /* Open found a stale dentry */
#define ENOPARAM 519 /* Parameter not supported */
#define EBADHANDLE 521 /* Illegal NFS file handle */
#define ENOTSYNC 522 /* Update synchronization mismatch */
#define EBADCOOKIE 523 /* Cookie is stale */
#define ENOTSUPP 524 /* Operation is not supported */
#define ETOOSMALL 525 /* Buffer or request is too small */
#define ESERVERFAULT 526 /* An untranslatable error occurred */
#define EBADTYPE 527 /* Type not supported by server */
#define EJUKEBOX 528 /* Request initiated, but will not complete before timeout */
#define EIOCBQUEUED 529 /* iocb queued, will get completion event */
#define ERECALLCONFLICT 530 /* conflict with recalled state */
#define ENOGRACE 531 /* NFS file lock reclaim refused */
#endif
