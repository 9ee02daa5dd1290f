/*
 * The gdbstub against the counting test CPU, through a real unix socket:
 * stop on connect, registers, memory, breakpoints, stepping, Ctrl-C.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "exec/memory.h"
#include "gdbstub/gdbstub.h"
#include "system/main-loop.h"
#include "system/runstate.h"
#include "counter-cpu.h"
#include "../../gdbstub/packet.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

static int client;
static GString *inbox;

static void pump_once(void)
{
    char buf[4096];
    struct pollfd pfd = { .fd = client, .events = POLLIN };
    ssize_t n;

    main_loop_wait_once(5);
    if (poll(&pfd, 1, 0) > 0 && (n = read(client, buf, sizeof(buf))) > 0) {
        g_string_append_len(inbox, buf, n);
    }
}

/* Wait for the next "$payload#cc" from the stub and return the payload. */
static char *next_packet(void)
{
    gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;

    for (;;) {
        char *start = strchr(inbox->str, '$');
        char *hash = start ? strchr(start, '#') : NULL;

        if (hash && strlen(hash) >= 3) {
            char *payload = g_strndup(start + 1, hash - start - 1);
            g_string_erase(inbox, 0, hash + 3 - inbox->str);
            return payload;
        }
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        pump_once();
    }
}

static void send_raw(const char *bytes)
{
    g_assert_cmpint(write(client, bytes, strlen(bytes)), ==, strlen(bytes));
}

static void send_packet(const char *payload)
{
    uint8_t sum = 0;
    g_autofree char *framed = NULL;

    for (const char *p = payload; *p; p++) {
        sum += *p;
    }
    framed = g_strdup_printf("$%s#%02x", payload, sum);
    send_raw(framed);
}

static char *exchange(const char *payload)
{
    send_packet(payload);
    return next_packet();
}

static void expect(const char *payload, const char *reply)
{
    g_autofree char *got = exchange(payload);
    g_assert_cmpstr(got, ==, reply);
}

static uint64_t read_pc(void)
{
    g_autofree char *hex = exchange("p1");
    uint8_t b[8];
    uint64_t v = 0;

    g_assert_cmpuint(strlen(hex), ==, 16);
    for (int i = 0; i < 8; i++) {
        sscanf(hex + 2 * i, "%2hhx", &b[i]);
        v |= (uint64_t)b[i] << (8 * i);
    }
    return v;
}

static uint64_t read_pc_raw(CPUState *cpu)
{
    return g_atomic_int_get(&COUNTER_CPU(cpu)->steps);
}

static void connect_client(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };

    client = socket(AF_UNIX, SOCK_STREAM, 0);
    g_strlcpy(sa.sun_path, path, sizeof(sa.sun_path));
    g_assert_cmpint(connect(client, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    inbox = g_string_new(NULL);
    /* The stub stops the VM when gdb connects. */
    while (runstate_is_running()) {
        pump_once();
    }
}

static void test_session(void)
{
    g_autofree char *dir = g_dir_make_tmp("kemu-gdb-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "gdb.sock", NULL);
    g_autofree char *spec = g_strdup_printf("unix:%s,server=on,wait=off", path);
    g_autofree char *regs = NULL, *xml = NULL, *bp = NULL, *mem = NULL;
    MemoryRegion ram;
    CPUState *cpu;
    uint64_t pc;

    counter_setup();
    cpu = counter_cpu_new();
    g_assert_true(memory_region_init_ram(&ram, "test", "ram", 0x1000, NULL));
    memory_region_add_subregion(get_system_memory(), 0x1000, &ram);
    memcpy(memory_region_get_ram_ptr(&ram), "\xde\xad\xbe\xef", 4);
    vm_start();
    g_assert_true(gdbserver_start(spec, &error_fatal));
    connect_client(path);

    expect("?", "T05thread:01;");
    g_autofree char *sup = exchange("qSupported:multiprocess+");
    g_assert_nonnull(strstr(sup, "qXfer:features:read+"));
    xml = exchange("qXfer:features:read:target.xml:0,ffb");
    g_assert_true(g_str_has_prefix(xml, "l<?xml"));
    g_assert_nonnull(strstr(xml, "counter-core.xml"));
    expect("qfThreadInfo", "m1");
    expect("qsThreadInfo", "l");
    expect("Hg1", "OK");
    expect("Hg7", "E22");

    /* Registers: the pc is frozen while stopped; scratch round-trips. */
    regs = exchange("g");
    g_assert_cmpuint(strlen(regs), ==, 32);
    pc = read_pc();
    g_assert_cmpuint(read_pc(), ==, pc);
    expect("P0=efbeadde00000000", "OK");
    expect("p0", "efbeadde00000000");
    g_assert_cmphex(COUNTER_CPU(cpu)->scratch, ==, 0xdeadbeef);

    /* Memory through the CPU's address space. */
    expect("m1000,4", "deadbeef");
    expect("M1002,2:0102", "OK");
    expect("m1000,4", "dead0102");
    expect("m80000000,4", "E14");

    /* A breakpoint 100 steps ahead stops exactly there. */
    bp = g_strdup_printf("Z0,%" PRIx64 ",4", pc + 100);
    expect(bp, "OK");
    expect("c", "T05thread:01;");
    g_assert_cmpuint(read_pc(), ==, pc + 100);
    bp[0] = 'z';
    expect(bp, "OK");

    /* A single step advances by one. */
    expect("s", "T05thread:01;");
    g_assert_cmpuint(read_pc(), ==, pc + 101);
    expect("vCont;s:1", "T05thread:01;");
    g_assert_cmpuint(read_pc(), ==, pc + 102);

    /* Ctrl-C stops a running guest with SIGINT. */
    send_packet("c");
    while (read_pc_raw(cpu) <= pc + 102) {
        pump_once();
    }
    send_raw("\x03");
    mem = next_packet();
    g_assert_cmpstr(mem, ==, "T02thread:01;");
    g_assert_cmpuint(read_pc(), >, pc + 102);

    /* A corrupted packet is refused with '-'; unknown ones get "". */
    g_string_truncate(inbox, 0);
    send_raw("$g#00");
    while (!strchr(inbox->str, '-')) {
        pump_once();
    }
    expect("qNoSuchThing", "");

    expect("D", "OK");
    g_assert_true(runstate_is_running());
}

static void test_framing(void)
{
    g_autoptr(GString) out = g_string_new(NULL);
    GdbPacketReader r;
    const char *wire = "+$m}\x03,4#00";
    GdbReadEvent last = GDB_READ_NONE;
    g_autofree char *good = NULL;

    gdb_frame_packet(out, "a#b", 3);
    g_assert_cmpstr(out->str, ==, "$a}\x03" "b#43");
    gdb_reader_init(&r);
    for (const char *p = wire; *p; p++) {
        last = gdb_reader_feed(&r, *p);
        g_assert_cmpint(last, !=, GDB_READ_PACKET);
    }
    g_assert_cmpint(last, ==, GDB_READ_BAD_CHECKSUM);
    /* 'm' + '}' + 0x03 + ',' + '4' = 0x14d; the payload comes unescaped. */
    good = g_strdup("$m}\x03,4#4d");
    for (const char *p = good; *p; p++) {
        last = gdb_reader_feed(&r, *p);
    }
    g_assert_cmpint(last, ==, GDB_READ_PACKET);
    g_assert_cmpstr(r.data->str, ==, "m#,4");
    g_assert_cmpint(gdb_reader_feed(&r, 0x03), ==, GDB_READ_INTERRUPT);
    gdb_reader_destroy(&r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/gdbstub/framing", test_framing);
    g_test_add_func("/gdbstub/session", test_session);
    return g_test_run();
}
