/*
 * 004_ef49dad59879da1e.txt (Korean article on the usermode helper API, Linux 2.6.23):
 * "샘플 driver" with umh_test(). The article shows umh_test() after the module code; it
 * is moved first so the module compiles, and a stray Hangul letter after argv[] is dropped.
 * 3-argument call_usermodehelper_setup() as in 2.6.23's kernel/kmod.c.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kmod.h>
MODULE_LICENSE( "GPL" );

static int umh_test( void )
{
 struct subprocess_info *sub_info;
 char *argv[] = { "/usr/bin/logger", "help!", NULL }; // path, arg,,,, termination
 static char *envp[] = {
"HOME=/",
"TERM=linux",
"PATH=/sbin:/bin:/usr/sbin:/usr/bin", NULL };
 sub_info = call_usermodehelper_setup( argv[0], argv, envp );
 if (sub_info == NULL) return -ENOMEM;
 return call_usermodehelper_exec( sub_info, UMH_WAIT_PROC );
}

static int __init mod_entry_func( void )
{
 return umh_test();
}
static void __exit mod_exit_func( void )
{
 return;
}
module_init( mod_entry_func );
module_exit( mod_exit_func );
