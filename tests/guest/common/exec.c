/*
 * execve of the program itself with arguments and an environment; the new
 * image reports what it was given and the auxiliary vector it got.  Not
 * compared with qemu-user: without binfmt_misc it cannot execve an AArch64
 * binary (self-checking only).
 */
#include <string.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "machine.h"

static int child(int argc, char **argv)
{
    const char *v = getenv("KEMU_EXEC");

    const char *plat = (const char *)getauxval(AT_PLATFORM);

    printf("argc=%d arg2=%s env=%s pagesz=%lu platform=%s\n", argc, argv[2],
           v ? v : "(none)", getauxval(AT_PAGESZ), plat ? plat : "(none)");
    return 3;
}

int main(int argc, char **argv)
{
    int fd[2], status;
    char buf[128] = "";

    if (argc > 1 && !strcmp(argv[1], "child")) {
        return child(argc, argv);
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    pipe(fd);
    pid_t pid = fork();
    if (pid == 0) {
        char *args[] = { argv[0], "child", "second", NULL };
        char *env[] = { "KEMU_EXEC=yes", NULL };
        dup2(fd[1], 1);
        execve("/proc/self/exe", args, env);
        _exit(127);
    }
    close(fd[1]);
    ssize_t n = read(fd[0], buf, sizeof(buf) - 1);
    close(fd[0]);
    waitpid(pid, &status, 0);
    buf[n > 0 ? n : 0] = 0;
    CHECK(!strcmp(buf, "argc=3 arg2=second env=yes pagesz=4096 "
                  "platform=" MACHINE "\n") &&
          WIFEXITED(status) && WEXITSTATUS(status) == 3,
          "execve: exit=%d child said: %.*s", WEXITSTATUS(status),
          (int)strcspn(buf, "\n"), buf);
    return check_finish("exec");
}
