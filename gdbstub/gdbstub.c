/*
 * The GDB remote serial protocol server: one debugger connection on a
 * chardev, the VM's run state as gdb's stop/continue, vCPUs as threads.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "chardev/char.h"
#include "gdbstub/gdbstub.h"
#include "hw/core/cpu.h"
#include "system/accel.h"
#include "system/cpus.h"
#include "system/runstate.h"
#include "packet.h"

#define GDB_SIGNAL_INT  2
#define GDB_SIGNAL_TRAP 5

typedef struct GdbState {
    CharFrontend fe;
    GdbPacketReader reader;
    bool no_ack;
    bool running;           /* gdb waits for a stop reply */
    int stop_signal;        /* for '?' and the next stop reply */
    CPUState *g_cpu;        /* registers and memory (Hg) */
    CPUState *c_cpu;        /* the thread that stopped or steps (Hc) */
    GString *reply;
    GString *framed;
} GdbState;

static GdbState *gdb;

bool gdbserver_running(void)
{
    return gdb != NULL;
}

static void gdb_send(const char *payload)
{
    gdb_frame_packet(gdb->framed, payload, strlen(payload));
    chardev_fe_write_all(&gdb->fe, (const uint8_t *)gdb->framed->str,
                         gdb->framed->len);
}

static int thread_id(CPUState *cpu)
{
    return cpu->cpu_index + 1;
}

static void gdb_send_stop_reply(void)
{
    g_autofree char *msg = g_strdup_printf("T%02xthread:%02x;", gdb->stop_signal,
                                           thread_id(gdb->c_cpu));
    gdb_send(msg);
}

void gdb_exit(int code)
{
    g_autofree char *msg = NULL;

    if (!gdb) {
        return;
    }
    msg = g_strdup_printf("W%02x", code & 0xff);
    gdb_send(msg);
}

/* gdb's thread ids: -1 all, 0 any, else cpu_index + 1. */
static CPUState *cpu_for_thread(const char *spec)
{
    long id = strtol(spec, NULL, 16);

    if (id <= 0) {
        return first_cpu();
    }
    return cpu_by_index(id - 1);
}

static void update_debug(CPUState *cpu)
{
    const AccelOps *ops = current_accel();

    if (ops && ops->update_guest_debug) {
        ops->update_guest_debug(cpu);
    }
}

static void set_singlestep(CPUState *step_cpu)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        if (cpu->singlestep != (cpu == step_cpu)) {
            cpu->singlestep = cpu == step_cpu;
            update_debug(cpu);
        }
    }
}

static void gdb_resume(CPUState *step_cpu)
{
    if (step_cpu) {
        gdb->c_cpu = step_cpu;
    }
    set_singlestep(step_cpu);
    gdb->running = true;
    gdb->stop_signal = GDB_SIGNAL_TRAP;
    vm_start();
}

/* The VM stopped (Ctrl-C, breakpoint, step, monitor stop): tell gdb. */
static void gdb_vm_state_change(void *opaque, bool running)
{
    if (running || !gdb->running) {
        return;
    }
    gdb->running = false;
    set_singlestep(NULL);
    gdb_send_stop_reply();
}

void gdb_cpu_debug_stop(CPUState *cpu)
{
    if (!gdb) {
        return;
    }
    gdb->c_cpu = cpu;
    gdb->g_cpu = cpu;
    gdb->stop_signal = GDB_SIGNAL_TRAP;
    vm_stop_request(RUN_STATE_DEBUG);
}

static void cmd_read_registers(void)
{
    CPUClass *cc = CPU_GET_CLASS(gdb->g_cpu);
    g_autoptr(GByteArray) regs = g_byte_array_new();

    cpu_synchronize_state(gdb->g_cpu);
    for (int n = 0; n < cc->gdb_num_core_regs; n++) {
        cc->gdb_read_register(gdb->g_cpu, regs, n);
    }
    gdb_append_hex(gdb->reply, regs->data, regs->len);
}

static void cmd_write_registers(const char *hex)
{
    CPUClass *cc = CPU_GET_CLASS(gdb->g_cpu);
    size_t len = strlen(hex) / 2;
    g_autofree uint8_t *buf = g_malloc(len + 16);
    size_t pos = 0;

    if (!gdb_decode_hex(hex, buf, len)) {
        g_string_assign(gdb->reply, "E01");
        return;
    }
    cpu_synchronize_state(gdb->g_cpu);
    for (int n = 0; n < cc->gdb_num_core_regs && pos < len; n++) {
        g_autoptr(GByteArray) probe = g_byte_array_new();
        int size = cc->gdb_read_register(gdb->g_cpu, probe, n);
        if (pos + size > len) {
            break;
        }
        cc->gdb_write_register(gdb->g_cpu, buf + pos, n);
        pos += size;
    }
    gdb->g_cpu->vcpu_dirty = true;
    g_string_assign(gdb->reply, "OK");
}

static void cmd_read_register(const char *arg)
{
    CPUClass *cc = CPU_GET_CLASS(gdb->g_cpu);
    g_autoptr(GByteArray) reg = g_byte_array_new();
    long n = strtol(arg, NULL, 16);

    cpu_synchronize_state(gdb->g_cpu);
    if (n < 0 || n >= cc->gdb_num_core_regs ||
        !cc->gdb_read_register(gdb->g_cpu, reg, n)) {
        g_string_assign(gdb->reply, "E14");
        return;
    }
    gdb_append_hex(gdb->reply, reg->data, reg->len);
}

static void cmd_write_register(const char *arg)
{
    CPUClass *cc = CPU_GET_CLASS(gdb->g_cpu);
    const char *eq = strchr(arg, '=');
    long n = strtol(arg, NULL, 16);
    uint8_t buf[64];
    size_t len;

    if (!eq || n < 0 || n >= cc->gdb_num_core_regs) {
        g_string_assign(gdb->reply, "E14");
        return;
    }
    len = MIN(strlen(eq + 1) / 2, sizeof(buf));
    if (!gdb_decode_hex(eq + 1, buf, len)) {
        g_string_assign(gdb->reply, "E01");
        return;
    }
    cpu_synchronize_state(gdb->g_cpu);
    cc->gdb_write_register(gdb->g_cpu, buf, n);
    gdb->g_cpu->vcpu_dirty = true;
    g_string_assign(gdb->reply, "OK");
}

/* "addr,length" with an optional ":data" tail. */
static bool parse_addr_len(const char *arg, uint64_t *addr, size_t *len,
                           const char **tail)
{
    char *end;

    *addr = g_ascii_strtoull(arg, &end, 16);
    if (*end != ',') {
        return false;
    }
    *len = g_ascii_strtoull(end + 1, &end, 16);
    *tail = end;
    return *len <= GDB_MAX_PACKET / 2;
}

static void cmd_memory(const char *arg, bool is_write)
{
    uint64_t addr;
    size_t len;
    const char *tail;
    g_autofree uint8_t *buf = NULL;

    if (!parse_addr_len(arg, &addr, &len, &tail) || (is_write && *tail != ':')) {
        g_string_assign(gdb->reply, "E22");
        return;
    }
    buf = g_malloc(len + 1);
    if (is_write && !gdb_decode_hex(tail + 1, buf, len)) {
        g_string_assign(gdb->reply, "E22");
        return;
    }
    cpu_synchronize_state(gdb->g_cpu);
    if (!cpu_memory_rw_debug(gdb->g_cpu, addr, buf, len, is_write)) {
        g_string_assign(gdb->reply, "E14");
    } else if (is_write) {
        g_string_assign(gdb->reply, "OK");
    } else {
        gdb_append_hex(gdb->reply, buf, len);
    }
}

/* Z0/Z1 and z0/z1: software and hardware breakpoints alike, on all CPUs. */
static void cmd_breakpoint(const char *arg, bool insert)
{
    uint64_t addr;
    size_t kind;
    const char *tail;
    CPUState *cpu;

    if ((arg[0] != '0' && arg[0] != '1') || arg[1] != ',' ||
        !parse_addr_len(arg + 2, &addr, &kind, &tail)) {
        return;                         /* watchpoints: unsupported */
    }
    CPU_FOREACH(cpu) {
        if (insert) {
            cpu_breakpoint_insert(cpu, addr);
        } else {
            cpu_breakpoint_remove(cpu, addr);
        }
        update_debug(cpu);
    }
    g_string_assign(gdb->reply, "OK");
}

static void cmd_xfer_features(const char *arg)
{
    CPUClass *cc = CPU_GET_CLASS(first_cpu());
    g_autofree char *target = g_strdup_printf(
        "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
        "<target><architecture>%s</architecture>"
        "<xi:include href=\"%s\"/></target>",
        cc->gdb_arch_name, cc->gdb_core_xml_name);
    g_auto(GStrv) parts = g_strsplit(arg, ":", 2);
    const char *doc;
    unsigned long off, len;
    size_t doc_len;

    if (!parts[0] || !parts[1] || sscanf(parts[1], "%lx,%lx", &off, &len) != 2) {
        g_string_assign(gdb->reply, "E00");
        return;
    }
    doc = !strcmp(parts[0], "target.xml") ? target :
          !strcmp(parts[0], cc->gdb_core_xml_name) ? cc->gdb_core_xml : NULL;
    if (!doc) {
        g_string_assign(gdb->reply, "E00");
        return;
    }
    doc_len = strlen(doc);
    if (off >= doc_len) {
        g_string_assign(gdb->reply, "l");
        return;
    }
    len = MIN(len, GDB_MAX_PACKET - 16);
    g_string_append_c(gdb->reply, off + len < doc_len ? 'm' : 'l');
    g_string_append_len(gdb->reply, doc + off, MIN(len, doc_len - off));
}

static void cmd_thread_list(void)
{
    CPUState *cpu;

    g_string_append_c(gdb->reply, 'm');
    CPU_FOREACH(cpu) {
        g_string_append_printf(gdb->reply, "%s%x", cpu->cpu_index ? "," : "",
                               thread_id(cpu));
    }
}

static void cmd_query(const char *q)
{
    if (g_str_has_prefix(q, "Supported")) {
        g_string_printf(gdb->reply, "PacketSize=%x;qXfer:features:read+;"
                        "QStartNoAckMode+;vContSupported+", GDB_MAX_PACKET);
    } else if (g_str_has_prefix(q, "Xfer:features:read:")) {
        cmd_xfer_features(q + strlen("Xfer:features:read:"));
    } else if (!strcmp(q, "fThreadInfo")) {
        cmd_thread_list();
    } else if (!strcmp(q, "sThreadInfo")) {
        g_string_assign(gdb->reply, "l");
    } else if (!strcmp(q, "C")) {
        g_string_printf(gdb->reply, "QC%x", thread_id(gdb->c_cpu));
    } else if (!strcmp(q, "Attached")) {
        g_string_assign(gdb->reply, "1");
    }
}

/* vCont;s:2;c or vCont;c: step the named thread, continue the rest. */
static bool cmd_vcont(const char *arg)
{
    g_auto(GStrv) actions = g_strsplit(arg, ";", -1);
    CPUState *step = NULL;

    for (int i = 1; actions[i]; i++) {
        char op = actions[i][0];
        const char *thread = strchr(actions[i], ':');

        if (op == 's' || op == 'S') {
            step = thread ? cpu_for_thread(thread + 1) : gdb->c_cpu;
        } else if (op != 'c' && op != 'C') {
            g_string_assign(gdb->reply, "E22");
            return false;
        }
    }
    gdb_resume(step ? step : NULL);
    return true;
}

/* Handle one packet; returns false when the reply is deferred (resume). */
static bool gdb_handle_packet(const char *p)
{
    g_string_truncate(gdb->reply, 0);
    switch (p[0]) {
    case '?':
        gdb_send_stop_reply();
        return false;
    case 'g':
        cmd_read_registers();
        break;
    case 'G':
        cmd_write_registers(p + 1);
        break;
    case 'p':
        cmd_read_register(p + 1);
        break;
    case 'P':
        cmd_write_register(p + 1);
        break;
    case 'm':
        cmd_memory(p + 1, false);
        break;
    case 'M':
        cmd_memory(p + 1, true);
        break;
    case 'c':
        gdb_resume(NULL);
        return false;
    case 's':
        gdb_resume(gdb->c_cpu);
        return false;
    case 'H':
        if (p[1] && cpu_for_thread(p + 2)) {
            *(p[1] == 'g' ? &gdb->g_cpu : &gdb->c_cpu) = cpu_for_thread(p + 2);
            g_string_assign(gdb->reply, "OK");
        } else {
            g_string_assign(gdb->reply, "E22");
        }
        break;
    case 'T':
        g_string_assign(gdb->reply, cpu_for_thread(p + 1) ? "OK" : "E22");
        break;
    case 'Z':
    case 'z':
        cmd_breakpoint(p + 1, p[0] == 'Z');
        break;
    case 'q':
        cmd_query(p + 1);
        break;
    case 'Q':
        if (!strcmp(p, "QStartNoAckMode")) {
            g_string_assign(gdb->reply, "OK");
            gdb_send(gdb->reply->str);
            gdb->no_ack = true;
            return false;
        }
        break;
    case 'v':
        if (!strcmp(p, "vCont?")) {
            g_string_assign(gdb->reply, "vCont;c;C;s;S");
        } else if (g_str_has_prefix(p, "vCont;") && cmd_vcont(p)) {
            return false;
        }
        break;
    case 'D': {
        CPUState *cpu;
        CPU_FOREACH(cpu) {
            cpu_breakpoint_remove_all(cpu);
            update_debug(cpu);
        }
        gdb_send("OK");
        gdb->running = false;
        vm_start();
        return false;
    }
    case 'k':
        kemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_QUIT);
        return false;
    }
    gdb_send(gdb->reply->str);      /* "" means unsupported */
    return true;
}

static void gdb_read_byte(uint8_t byte)
{
    switch (gdb_reader_feed(&gdb->reader, byte)) {
    case GDB_READ_PACKET:
        if (!gdb->no_ack) {
            chardev_fe_write_all(&gdb->fe, (const uint8_t *)"+", 1);
        }
        if (gdb->running) {
            break;                      /* only Ctrl-C while running */
        }
        gdb_handle_packet(gdb->reader.data->str);
        break;
    case GDB_READ_BAD_CHECKSUM:
        chardev_fe_write_all(&gdb->fe, (const uint8_t *)"-", 1);
        break;
    case GDB_READ_INTERRUPT:
        if (runstate_is_running()) {
            gdb->stop_signal = GDB_SIGNAL_INT;
            vm_stop(RUN_STATE_PAUSED);
        }
        break;
    case GDB_READ_NONE:
        break;
    }
}

static int gdb_chr_can_read(void *opaque)
{
    return GDB_MAX_PACKET;
}

static void gdb_chr_read(void *opaque, const uint8_t *buf, int len)
{
    for (int i = 0; i < len; i++) {
        gdb_read_byte(buf[i]);
    }
}

/* A new debugger: it finds the VM stopped, as QEMU's gdbstub does. */
static void gdb_chr_event(void *opaque, ChardevEvent ev)
{
    if (ev == CHR_EVENT_OPENED) {
        gdb->no_ack = false;
        gdb->running = false;
        gdb->stop_signal = GDB_SIGNAL_TRAP;
        vm_stop(RUN_STATE_PAUSED);
    }
}

bool gdbserver_start_on(Chardev *chr, Error **errp)
{
    if (!first_cpu()) {
        error_setg(errp, "-gdb: this machine has no CPU to debug");
        return false;
    }
    gdb = g_new0(GdbState, 1);
    if (!chardev_fe_init(&gdb->fe, chr, errp)) {
        g_clear_pointer(&gdb, g_free);
        return false;
    }
    gdb_reader_init(&gdb->reader);
    gdb->reply = g_string_new(NULL);
    gdb->framed = g_string_new(NULL);
    gdb->g_cpu = gdb->c_cpu = first_cpu();
    gdb->stop_signal = GDB_SIGNAL_TRAP;
    vm_state_add_handler(gdb_vm_state_change, NULL);
    chardev_fe_set_handlers(&gdb->fe, gdb_chr_can_read, gdb_chr_read,
                            gdb_chr_event, NULL);
    return true;
}

bool gdbserver_start(const char *spec, Error **errp)
{
    g_autofree char *legacy = NULL;
    Chardev *chr;

    /* "tcp::1234" listens, as QEMU's -gdb does, without waiting. */
    if (g_str_has_prefix(spec, "tcp:") && !strstr(spec, "server")) {
        spec = legacy = g_strdup_printf("%s,server=on,wait=off", spec);
    }
    chr = chardev_new_from_legacy(spec, "gdb", errp);
    if (!chr) {
        if (errp && !*errp) {
            return true;                /* -gdb none */
        }
        error_prepend(errp, "-gdb: ");
        return false;
    }
    return gdbserver_start_on(chr, errp);
}
