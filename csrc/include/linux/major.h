/* kemu: include/uapi/linux/major.h - the majors kemu's own devices use, as Linux numbers them. */
#ifndef _LINUX_MAJOR_H
#define _LINUX_MAJOR_H
#define UNNAMED_MAJOR		0
#define MEM_MAJOR		1
#define TTY_MAJOR		4
#define TTYAUX_MAJOR		5
#define MISC_MAJOR		10
#define INPUT_MAJOR		13
#define SOUND_MAJOR		14
#endif
