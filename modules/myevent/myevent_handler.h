/* The declaration the 002 document's kernel patch added next to its sysctl entry (the
 * document's test.c uses myevent_handler without declaring it). */
#ifndef MYEVENT_HANDLER_H
#define MYEVENT_HANDLER_H
extern char myevent_handler[];
#endif
