/*
 * Chardevs: option errors, null, file, tcp/unix sockets (both directions,
 * disconnect, flow control, wait=on), pty, the mux escapes, legacy specs,
 * terminal save/restore.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "chardev/char.h"
#include "system/main-loop.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

typedef struct TestFe {
    CharFrontend fe;
    GString *in;
    int room;
    ChardevEvent events[32];
    int nevents;
} TestFe;

static int tfe_can_read(void *opaque)
{
    return ((TestFe *)opaque)->room;
}

static void tfe_read(void *opaque, const uint8_t *buf, int len)
{
    TestFe *t = opaque;

    g_assert_cmpint(len, <=, t->room);
    g_string_append_len(t->in, (const char *)buf, len);
}

static void tfe_event(void *opaque, ChardevEvent ev)
{
    TestFe *t = opaque;

    g_assert_cmpint(t->nevents, <, (int)G_N_ELEMENTS(t->events));
    t->events[t->nevents++] = ev;
}

static void tfe_attach(TestFe *t, Chardev *chr)
{
    memset(t, 0, sizeof(*t));
    t->in = g_string_new(NULL);
    t->room = 1024;
    g_assert_true(chardev_fe_init(&t->fe, chr, &error_fatal));
    chardev_fe_set_handlers(&t->fe, tfe_can_read, tfe_read, tfe_event, t);
}

static void tfe_clear(TestFe *t)
{
    chardev_fe_deinit(&t->fe);
    g_string_free(t->in, TRUE);
}

static ChardevEvent tfe_last_event(TestFe *t)
{
    g_assert_cmpint(t->nevents, >, 0);
    return t->events[t->nevents - 1];
}

/* Iterate the main loop until cond(t) holds, for at most 2 s. */
static void loop_until(bool (*cond)(TestFe *, const void *), TestFe *t,
                       const void *arg)
{
    gint64 end = g_get_monotonic_time() + 2 * G_USEC_PER_SEC;

    while (!cond(t, arg) && g_get_monotonic_time() < end) {
        main_loop_wait_once(20);
    }
    g_assert_true(cond(t, arg));
}

static bool has_input(TestFe *t, const void *want)
{
    return !strcmp(t->in->str, want);
}

static bool has_event(TestFe *t, const void *ev)
{
    return t->nevents > 0 && tfe_last_event(t) == *(const ChardevEvent *)ev;
}

static void expect_error(const char *opts, const char *needle)
{
    Error *err = NULL;

    g_assert_null(chardev_new_from_str(opts, &err));
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), needle)) {
        g_error("'%s': '%s' lacks '%s'", opts, error_get_pretty(err), needle);
    }
    error_free(err);
}

static void test_option_errors(void)
{
    expect_error("foo,id=a", "unknown backend 'foo'");
    expect_error("null", "'id' is required");
    expect_error("null,id=1x", "invalid id '1x'");
    expect_error("file,id=f", "'path' is required");
    expect_error("null,id=n,bogus=1", "unknown parameter 'bogus'");
    expect_error("socket,id=s,port=abc", "port: 'abc' is not a port");
    expect_error("socket,id=s,port=70000", "'70000' is not a port");
    expect_error("socket,id=s", "give either port=");
    expect_error("socket,id=s,path=/x,port=1", "give either port=");
    expect_error("null,id=n,mux=maybe", "not a boolean");
    g_assert_null(chardev_find("a"));
    g_assert_null(chardev_find("s"));

    g_assert_nonnull(chardev_new_from_str("null,id=dup", &error_fatal));
    expect_error("null,id=dup", "duplicate chardev id 'dup'");
    g_assert_nonnull(chardev_new_from_str("null,id=m,mux=on", &error_fatal));
    expect_error("null,id=m-base", "duplicate chardev id 'm-base'");
    chardev_cleanup_all();
}

static void test_null(void)
{
    Chardev *chr = chardev_new_from_str("null,id=n0", &error_fatal);
    CharFrontend other;
    Error *err = NULL;
    TestFe t;

    g_assert_true(chardev_find("n0") == chr);
    g_assert_cmpstr(chardev_filename(chr), ==, "null");
    tfe_attach(&t, chr);
    g_assert_cmpint(t.nevents, ==, 1);
    g_assert_cmpint(t.events[0], ==, CHR_EVENT_OPENED);
    g_assert_cmpint(chardev_fe_write_all(&t.fe, (const uint8_t *)"abc", 3),
                    ==, 3);
    g_assert_false(chardev_fe_init(&other, chr, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "already in use"));
    error_free(err);
    tfe_clear(&t);
    chardev_cleanup_all();
    g_assert_null(chardev_find("n0"));
}

static char *read_file(const char *path)
{
    char *text = NULL;

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    return text;
}

static void test_file(void)
{
    g_autofree char *dir = g_dir_make_tmp("kemu-chr-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "out.txt", NULL);
    g_autofree char *opts = g_strdup_printf("file,id=f0,path=%s", path);
    g_autofree char *app = g_strdup_printf("file,id=f1,path=%s,append=on",
                                           path);
    g_autofree char *bad = g_strdup_printf("file,id=f2,path=%s/no/x", dir);
    g_autofree char *t1 = NULL, *t2 = NULL, *t3 = NULL;
    TestFe t;

    g_file_set_contents(path, "old", -1, NULL);
    tfe_attach(&t, chardev_new_from_str(opts, &error_fatal));
    chardev_fe_printf(&t.fe, "hello %d\n", 42);
    t1 = read_file(path);
    g_assert_cmpstr(t1, ==, "hello 42\n");      /* truncated, then written */
    tfe_clear(&t);

    tfe_attach(&t, chardev_new_from_str(app, &error_fatal));
    chardev_fe_printf(&t.fe, "more");
    t2 = read_file(path);
    g_assert_cmpstr(t2, ==, "hello 42\nmore");
    tfe_clear(&t);

    expect_error(bad, "cannot open");
    chardev_cleanup_all();
    t3 = read_file(path);
    g_assert_cmpstr(t3, ==, "hello 42\nmore");
    unlink(path);
    rmdir(dir);
}

/* Exchange bytes both ways with a connected client fd, then disconnect. */
static void exchange_and_disconnect(TestFe *t, int client)
{
    static const ChardevEvent opened = CHR_EVENT_OPENED;
    static const ChardevEvent closed = CHR_EVENT_CLOSED;
    char buf[16] = { 0 };

    loop_until(has_event, t, &opened);
    g_assert_true(chardev_fe_backend_open(&t->fe));
    g_assert_cmpint(write(client, "ping", 4), ==, 4);
    loop_until(has_input, t, "ping");

    g_assert_cmpint(chardev_fe_write_all(&t->fe, (const uint8_t *)"pong", 4),
                    ==, 4);
    g_assert_cmpint(recv(client, buf, 4, MSG_WAITALL), ==, 4);
    g_assert_cmpstr(buf, ==, "pong");

    close(client);
    loop_until(has_event, t, &closed);
    g_assert_false(chardev_fe_backend_open(&t->fe));
    /* Writes to a dead peer are dropped, not blocked on. */
    chardev_fe_write_all(&t->fe, (const uint8_t *)"lost", 4);
}

/* Never hang the test on a broken backend. */
static int with_timeout(int fd)
{
    struct timeval tv = { .tv_sec = 2 };

    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    return fd;
}

static int tcp_connect(int port)
{
    struct sockaddr_in sin = {
        .sin_family = AF_INET,
        .sin_port = htons(port),
        .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
    };
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    g_assert_cmpint(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), ==, 0);
    return with_timeout(fd);
}

static int unix_connect(const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    g_assert_cmpint(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), ==, 0);
    return with_timeout(fd);
}

static int tcp_port_of(Chardev *chr)
{
    const char *fn = chardev_filename(chr);
    const char *colon = strrchr(fn, ':');

    g_assert_true(g_str_has_prefix(fn, "tcp:"));
    return atoi(colon + 1);
}

static void test_socket_tcp(void)
{
    Chardev *chr = chardev_new_from_str(
        "socket,id=t0,host=127.0.0.1,port=0,server=on,wait=off", &error_fatal);
    int port = tcp_port_of(chr);
    TestFe t;

    g_assert_cmpint(port, >, 0);
    g_assert_true(g_str_has_suffix(chardev_filename(chr), ",server=on"));
    tfe_attach(&t, chr);
    g_assert_cmpint(t.nevents, ==, 0);      /* nobody connected yet */
    exchange_and_disconnect(&t, tcp_connect(port));

    /* The next client is accepted after a disconnect. */
    g_string_truncate(t.in, 0);
    exchange_and_disconnect(&t, tcp_connect(port));
    g_assert_cmpint(t.nevents, ==, 4);
    tfe_clear(&t);
    chardev_cleanup_all();
}

static void test_socket_unix_flow_control(void)
{
    g_autofree char *dir = g_dir_make_tmp("kemu-chr-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "sock", NULL);
    g_autofree char *opts = g_strdup_printf(
        "socket,id=u0,path=%s,server=on,wait=off", path);
    g_autofree char *fn = g_strdup_printf("unix:%s,server=on", path);
    Chardev *chr = chardev_new_from_str(opts, &error_fatal);
    int client;
    TestFe t;

    g_assert_cmpstr(chardev_filename(chr), ==, fn);
    tfe_attach(&t, chr);
    client = unix_connect(path);
    t.room = 0;     /* the device is full */
    g_assert_cmpint(write(client, "abcdef", 6), ==, 6);
    for (int i = 0; i < 10; i++) {
        main_loop_wait_once(10);
    }
    g_assert_cmpstr(t.in->str, ==, "");
    t.room = 2;
    chardev_fe_accept_input(&t.fe);
    loop_until(has_input, &t, "ab");
    t.room = 1024;
    chardev_fe_accept_input(&t.fe);
    loop_until(has_input, &t, "abcdef");
    close(client);
    tfe_clear(&t);
    chardev_cleanup_all();
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    rmdir(dir);
}

static gpointer late_client(gpointer path)
{
    int fd;

    while (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_usleep(5000);
    }
    g_usleep(50 * 1000);
    fd = unix_connect(path);
    return GINT_TO_POINTER(fd);
}

static void test_socket_wait_on(void)
{
    g_autofree char *dir = g_dir_make_tmp("kemu-chr-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "sock", NULL);
    g_autofree char *opts = g_strdup_printf("socket,id=w0,path=%s,server",
                                            path);
    GThread *thr = g_thread_new("client", late_client, path);
    Chardev *chr = chardev_new_from_str(opts, &error_fatal);
    int client = GPOINTER_TO_INT(g_thread_join(thr));
    TestFe t;

    /* Start-up waited for the client: the backend is open already. */
    tfe_attach(&t, chr);
    g_assert_cmpint(t.events[0], ==, CHR_EVENT_OPENED);
    close(client);
    tfe_clear(&t);
    chardev_cleanup_all();
    rmdir(dir);
}

static void test_socket_client(void)
{
    struct sockaddr_in sin = { .sin_family = AF_INET };
    socklen_t len = sizeof(sin);
    int lfd = socket(AF_INET, SOCK_STREAM, 0), peer;
    g_autofree char *opts = NULL, *closed_port = NULL;
    char buf[4] = { 0 };
    Error *err = NULL;
    TestFe t;

    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    g_assert_cmpint(bind(lfd, (struct sockaddr *)&sin, sizeof(sin)), ==, 0);
    g_assert_cmpint(listen(lfd, 1), ==, 0);
    getsockname(lfd, (struct sockaddr *)&sin, &len);
    opts = g_strdup_printf("socket,id=c0,host=127.0.0.1,port=%d",
                           ntohs(sin.sin_port));
    tfe_attach(&t, chardev_new_from_str(opts, &error_fatal));
    g_assert_cmpint(t.events[0], ==, CHR_EVENT_OPENED);
    peer = with_timeout(accept(lfd, NULL, NULL));
    chardev_fe_write_all(&t.fe, (const uint8_t *)"hi", 2);
    g_assert_cmpint(recv(peer, buf, 2, MSG_WAITALL), ==, 2);
    g_assert_cmpstr(buf, ==, "hi");
    close(peer);
    tfe_clear(&t);
    chardev_cleanup_all();

    /* Nobody listens once lfd is closed: a clear error. */
    close(lfd);
    closed_port = g_strdup_printf("socket,id=c1,host=127.0.0.1,port=%d",
                                  ntohs(sin.sin_port));
    g_assert_null(chardev_new_from_str(closed_port, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "cannot connect to"));
    g_assert_nonnull(strstr(error_get_pretty(err), "refused"));
    error_free(err);
}

static void test_pty(void)
{
    Chardev *chr = chardev_new_from_str("pty,id=p0", &error_fatal);
    const char *fn = chardev_filename(chr);
    char buf[8] = { 0 };
    int slave;
    TestFe t;

    g_assert_true(g_str_has_prefix(fn, "pty:/dev/pts/"));
    g_assert_true(g_file_test(fn + 4, G_FILE_TEST_EXISTS));
    tfe_attach(&t, chr);
    slave = open(fn + 4, O_RDWR | O_NOCTTY);
    g_assert_cmpint(slave, >=, 0);
    chardev_fe_write_all(&t.fe, (const uint8_t *)"out", 3);
    g_assert_cmpint(read(slave, buf, 3), ==, 3);
    g_assert_cmpstr(buf, ==, "out");
    /* Exactly once. */
    g_assert_cmpint(poll(&(struct pollfd){ slave, POLLIN }, 1, 50), ==, 0);
    g_assert_cmpint(write(slave, "in", 2), ==, 2);
    loop_until(has_input, &t, "in");
    close(slave);
    tfe_clear(&t);
    chardev_cleanup_all();
}

static void feed(Chardev *base, const char *bytes)
{
    chardev_be_write(base, (const uint8_t *)bytes, strlen(bytes));
}

static char *ring_text(Chardev *ring)
{
    GByteArray *out = chardev_ringbuf_read(ring, 65536);

    g_byte_array_append(out, (const uint8_t *)"", 1);
    return (char *)g_byte_array_free(out, FALSE);
}

static void test_mux(void)
{
    Chardev *mux = chardev_new_from_str("ringbuf,id=m0,mux=on", &error_fatal);
    Chardev *base = chardev_find("m0-base");
    g_autofree char *help = NULL, *bye = NULL, *out = NULL;
    TestFe serial, mon;

    g_assert_true(chardev_is_mux(mux));
    g_assert_nonnull(base);
    tfe_attach(&serial, mux);
    tfe_attach(&mon, mux);
    /* Focus starts on the first frontend. */
    g_assert_cmpint(serial.nevents, ==, 2);
    g_assert_cmpint(serial.events[1], ==, CHR_EVENT_MUX_IN);
    g_assert_cmpint(mon.nevents, ==, 1);
    g_assert_cmpint(mon.events[0], ==, CHR_EVENT_OPENED);

    feed(base, "ab");
    g_assert_cmpstr(serial.in->str, ==, "ab");

    feed(base, "\001c" "xy");
    g_assert_cmpint(tfe_last_event(&serial), ==, CHR_EVENT_MUX_OUT);
    g_assert_cmpint(tfe_last_event(&mon), ==, CHR_EVENT_MUX_IN);
    g_assert_cmpstr(mon.in->str, ==, "xy");
    g_assert_cmpstr(serial.in->str, ==, "ab");

    feed(base, "\001\001");
    g_assert_cmpstr(mon.in->str, ==, "xy\001");
    feed(base, "\001b");
    g_assert_cmpint(tfe_last_event(&mon), ==, CHR_EVENT_BREAK);

    feed(base, "\001h");
    help = ring_text(base);
    g_assert_nonnull(strstr(help, "C-a x    exit emulator"));
    g_assert_nonnull(strstr(help, "C-a c    switch between console"));

    /* Back to the serial port, which is full: bytes wait in the mux. */
    feed(base, "\001c");
    g_assert_cmpint(tfe_last_event(&serial), ==, CHR_EVENT_MUX_IN);
    serial.room = 0;
    feed(base, "zz");
    g_assert_cmpstr(serial.in->str, ==, "ab");
    serial.room = 16;
    chardev_fe_accept_input(&serial.fe);
    g_assert_cmpstr(serial.in->str, ==, "abzz");

    /* Both frontends write to the shared backend. */
    chardev_fe_printf(&serial.fe, "S");
    chardev_fe_printf(&mon.fe, "M");
    out = ring_text(base);
    g_assert_cmpstr(out, ==, "SM");

    g_assert_false(main_loop_quit_requested());
    feed(base, "\001x");
    g_assert_true(main_loop_quit_requested());
    bye = ring_text(base);
    g_assert_cmpstr(bye, ==, "kemu: terminated\r\n");
    g_assert_cmpint(main_loop_run(), ==, 0);

    tfe_clear(&serial);
    tfe_clear(&mon);
    chardev_cleanup_all();
}

static void test_legacy(void)
{
    g_autofree char *dir = g_dir_make_tmp("kemu-chr-XXXXXX", NULL);
    g_autofree char *usock = g_build_filename(dir, "x", NULL);
    g_autofree char *ufile = g_build_filename(dir, "y", NULL);
    g_autofree char *uspec = g_strdup_printf("unix:%s,server=on,wait=off",
                                             usock);
    g_autofree char *fspec = g_strdup_printf("file:%s", ufile);
    Chardev *chr;
    Error *err = NULL;

    chr = chardev_new_from_legacy("tcp::0,server,nowait", "serial0",
                                  &error_fatal);
    g_assert_true(g_str_has_prefix(chardev_filename(chr), "tcp::"));
    g_assert_cmpint(tcp_port_of(chr), >, 0);
    chr = chardev_new_from_legacy("tcp:127.0.0.1:0,server=on,wait=off",
                                  "serial1", &error_fatal);
    close(tcp_connect(tcp_port_of(chr)));

    chr = chardev_new_from_legacy(uspec, "serial2", &error_fatal);
    g_assert_true(g_str_has_prefix(chardev_filename(chr), "unix:"));
    close(unix_connect(usock));

    chr = chardev_new_from_legacy(fspec, "serial3", &error_fatal);
    g_assert_true(g_file_test(ufile, G_FILE_TEST_EXISTS));
    g_assert_true(chardev_new_from_legacy("chardev:serial3", "x",
                                          &error_fatal) == chr);

    chr = chardev_new_from_legacy("mon:stdio", "compat0", &error_fatal);
    g_assert_true(chardev_is_mux(chr));
    g_assert_cmpstr(chardev_filename(chardev_find("compat0-base")), ==,
                    "stdio");
    g_assert_cmpstr(chardev_filename(
        chardev_new_from_legacy("vc", "vc0", &error_fatal)), ==, "null");
    g_assert_nonnull(chardev_new_from_legacy("null", "null0", &error_fatal));

    g_assert_null(chardev_new_from_legacy("none", "none0", &err));
    g_assert_null(err);
    g_assert_null(chardev_new_from_legacy("bogus:1", "b0", &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "'bogus:1': unknown"));
    error_free(err);
    err = NULL;
    g_assert_null(chardev_new_from_legacy("chardev:nope", "b1", &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "no chardev with id"));
    error_free(err);
    err = NULL;
    g_assert_null(chardev_new_from_legacy("tcp:localhost:x", "b2", &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "not a port"));
    error_free(err);

    g_autoptr(GPtrArray) all = chardev_list();
    g_assert_cmpint(all->len, ==, 8);
    g_assert_cmpstr(chardev_id(g_ptr_array_index(all, 0)), ==, "serial0");
    chardev_cleanup_all();
    unlink(ufile);
    rmdir(dir);
}

static void test_term_raw_restore(void)
{
    int pipefd[2], master, slave;
    struct termios tio;

    /* Not a terminal: nothing to save or restore. */
    g_assert_cmpint(pipe(pipefd), ==, 0);
    g_assert_false(chardev_term_enter_raw(pipefd[0], true));
    chardev_term_restore();
    close(pipefd[0]);
    close(pipefd[1]);

    /* A real terminal: raw while in use, cooked again after restore. */
    g_assert_cmpint(openpty(&master, &slave, NULL, NULL, NULL), ==, 0);
    tcgetattr(slave, &tio);
    g_assert_true(tio.c_lflag & ICANON);
    g_assert_true(chardev_term_enter_raw(slave, false));
    tcgetattr(slave, &tio);
    g_assert_false(tio.c_lflag & (ICANON | ECHO | ISIG));
    chardev_term_restore();
    tcgetattr(slave, &tio);
    g_assert_true(tio.c_lflag & ICANON);
    g_assert_true(tio.c_lflag & ISIG);
    close(master);
    close(slave);
}

int main(int argc, char **argv)
{
    int devnull = open("/dev/null", O_RDONLY);

    /* stdio chardevs here must not grab the terminal of whoever runs us. */
    dup2(devnull, STDIN_FILENO);
    close(devnull);
    g_test_init(&argc, &argv, NULL);
    main_loop_init();
    g_test_add_func("/chardev/option-errors", test_option_errors);
    g_test_add_func("/chardev/null", test_null);
    g_test_add_func("/chardev/file", test_file);
    g_test_add_func("/chardev/socket-tcp", test_socket_tcp);
    g_test_add_func("/chardev/socket-unix-flow-control",
                    test_socket_unix_flow_control);
    g_test_add_func("/chardev/socket-wait-on", test_socket_wait_on);
    g_test_add_func("/chardev/socket-client", test_socket_client);
    g_test_add_func("/chardev/pty", test_pty);
    g_test_add_func("/chardev/mux", test_mux);
    g_test_add_func("/chardev/legacy", test_legacy);
    g_test_add_func("/chardev/term-raw-restore", test_term_raw_restore);
    return g_test_run();
}
