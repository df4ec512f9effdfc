// SPDX-License-Identifier: GPL-2.0
/*
 * kload - minimal static kexec loader for the kho-suite e2e guests.
 *
 * Debian's kexec binary is linked against libc and eight libxen libraries;
 * a busybox initramfs has none of them.  kload does the two things the
 * tests need, through the kernel's own file loader (kexec_file_load), which
 * is the only loader KHO supports:
 *
 *   kload load KERNEL [INITRD|-] CMDLINE   load an image (KEXEC_FILE_*)
 *   kload unload                           drop a loaded image
 *   kload exec                             reboot into the loaded image
 *
 * Exit codes: 0 ok, 1 the system call failed, 64 usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

static int usage(void)
{
	fprintf(stderr, "usage: kload load KERNEL [INITRD|-] CMDLINE | kload unload | kload exec\n");
	return 64;
}

static int do_load(const char *kernel, const char *initrd, const char *cmdline)
{
	unsigned long flags = 0;
	int kfd, ifd = -1;
	long ret;

	kfd = open(kernel, O_RDONLY | O_CLOEXEC);
	if (kfd < 0) {
		fprintf(stderr, "kload: %s: %s\n", kernel, strerror(errno));
		return 1;
	}
	if (!initrd || !strcmp(initrd, "-")) {
		flags |= KEXEC_FILE_NO_INITRAMFS;
	} else {
		ifd = open(initrd, O_RDONLY | O_CLOEXEC);
		if (ifd < 0) {
			fprintf(stderr, "kload: %s: %s\n", initrd, strerror(errno));
			close(kfd);
			return 1;
		}
	}
	ret = syscall(SYS_kexec_file_load, kfd, ifd, strlen(cmdline) + 1, cmdline, flags);
	if (ret) {
		fprintf(stderr, "kload: kexec_file_load: %s\n", strerror(errno));
		return 1;
	}
	close(kfd);
	if (ifd >= 0)
		close(ifd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "load"))
		return do_load(argv[2], argv[3], argv[4]);
	if (argc == 4 && !strcmp(argv[1], "load"))
		return do_load(argv[2], NULL, argv[3]);
	if (argc == 2 && !strcmp(argv[1], "unload")) {
		if (syscall(SYS_kexec_file_load, -1, -1, 0, NULL, KEXEC_FILE_UNLOAD)) {
			fprintf(stderr, "kload: unload: %s\n", strerror(errno));
			return 1;
		}
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "exec")) {
		sync();
		reboot(LINUX_REBOOT_CMD_KEXEC);
		fprintf(stderr, "kload: reboot(KEXEC): %s\n", strerror(errno));
		return 1;
	}
	return usage();
}
