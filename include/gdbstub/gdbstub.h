/*
 * The GDB remote serial protocol server (-gdb dev, -s).
 *
 * gdb sees each vCPU as a thread (id = cpu_index + 1).  It stops the VM
 * with Ctrl-C, and the accelerator stops it at breakpoints and after
 * single steps by calling gdb_cpu_debug_stop() from the vCPU thread.
 */
#ifndef GDBSTUB_GDBSTUB_H
#define GDBSTUB_GDBSTUB_H

typedef struct Error Error;
typedef struct CPUState CPUState;
typedef struct Chardev Chardev;

/* Serve gdb on a -gdb spec ("tcp::1234", "unix:path,server", "chardev:id"). */
bool gdbserver_start(const char *spec, Error **errp);
/* Serve gdb on an existing chardev (tests). */
bool gdbserver_start_on(Chardev *chr, Error **errp);
bool gdbserver_running(void);

/*
 * The VM is about to exit with status code: tell gdb the inferior exited
 * ('W' packet) instead of just dropping the connection.  Big lock held.
 */
void gdb_exit(int code);

/* The accelerator: cpu hit a breakpoint or finished a step. */
void gdb_cpu_debug_stop(CPUState *cpu);

#endif
