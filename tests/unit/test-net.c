/*
 * The net layer: peers, the incoming queue and its flow control, purging
 * on deletion, hubs, MAC addresses, the -netdev/-nic/-net option errors,
 * and the user (libslirp) and socket backends against a fake NIC.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/timer.h"
#include "net/hub.h"
#include "net/netdev.h"
#include "net/queue.h"
#include "system/main-loop.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

/* A fake NIC: records frames; takes them only while accepting. */
typedef struct FakeNic {
    NetClientState nc;
    bool accepting;
    GPtrArray *frames;          /* GBytes * */
} FakeNic;

static ssize_t fake_receive(NetClientState *nc, const uint8_t *buf,
                            size_t size)
{
    FakeNic *f = container_of(nc, FakeNic, nc);

    if (!f->accepting) {
        return 0;
    }
    g_ptr_array_add(f->frames, g_bytes_new(buf, size));
    return size;
}

static void fake_cleanup(NetClientState *nc)
{
    g_ptr_array_unref(container_of(nc, FakeNic, nc)->frames);
}

static const NetClientInfo fake_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .kind = "nic",
    .size = sizeof(FakeNic),
    .receive = fake_receive,
    .cleanup = fake_cleanup,
};

static FakeNic *fake_new(NetClientState *peer, const char *name)
{
    FakeNic *f = (FakeNic *)net_client_new(&fake_info, peer, "fake", name);

    f->accepting = true;
    f->frames = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    return f;
}

static bool frame_is(FakeNic *f, guint i, const char *text)
{
    GBytes *b = g_ptr_array_index(f->frames, i);
    gsize len;
    const void *data = g_bytes_get_data(b, &len);

    return len == strlen(text) && !memcmp(data, text, len);
}

static ssize_t send_str(NetClientState *nc, const char *s, NetPacketSent *cb)
{
    return net_send_packet_async(nc, (const uint8_t *)s, strlen(s), cb);
}

static int sent_calls;

static void count_sent(NetClientState *nc, ssize_t ret)
{
    sent_calls++;
}

static void test_send_direct_and_queued(void)
{
    FakeNic *a = fake_new(NULL, "a");
    FakeNic *b = fake_new(&a->nc, "b");

    g_assert_true(a->nc.peer == &b->nc && b->nc.peer == &a->nc);
    g_assert_cmpint(send_str(&a->nc, "one", NULL), ==, 3);
    g_assert_cmpuint(b->frames->len, ==, 1);
    /* b refuses: the frame waits, b is disabled until flushed. */
    b->accepting = false;
    sent_calls = 0;
    g_assert_cmpint(send_str(&a->nc, "two", count_sent), ==, 0);
    g_assert_true(b->nc.receive_disabled);
    g_assert_false(net_can_send_packet(&a->nc));
    /* Later frames queue behind it, in order, without asking b. */
    g_assert_cmpint(send_str(&a->nc, "three", NULL), ==, 0);
    g_assert_cmpuint(net_queue_length(b->nc.incoming_queue), ==, 2);
    net_flush_queued_packets(&b->nc);       /* still refusing */
    g_assert_cmpuint(net_queue_length(b->nc.incoming_queue), ==, 2);
    g_assert_cmpint(sent_calls, ==, 0);
    b->accepting = true;
    net_flush_queued_packets(&b->nc);
    g_assert_cmpuint(b->frames->len, ==, 3);
    g_assert_true(frame_is(b, 1, "two") && frame_is(b, 2, "three"));
    g_assert_cmpint(sent_calls, ==, 1);
    g_assert_false(b->nc.receive_disabled);
    net_client_delete(&a->nc);
    g_assert_null(b->nc.peer);
    /* Without a peer a frame is dropped and counts as sent. */
    g_assert_cmpint(send_str(&b->nc, "lost", NULL), ==, 4);
    net_client_delete(&b->nc);
}

static void test_queue_limit(void)
{
    FakeNic *a = fake_new(NULL, "a");
    FakeNic *b = fake_new(&a->nc, "b");

    net_queue_set_maxlen(b->nc.incoming_queue, 2);
    b->accepting = false;
    for (int i = 0; i < 4; i++) {
        send_str(&a->nc, "x", NULL);
    }
    /* Frames nobody waits for are dropped when full ... */
    g_assert_cmpuint(net_queue_length(b->nc.incoming_queue), ==, 2);
    /* ... frames whose sender waits for them are kept. */
    send_str(&a->nc, "y", count_sent);
    g_assert_cmpuint(net_queue_length(b->nc.incoming_queue), ==, 3);
    net_client_delete(&a->nc);
    net_client_delete(&b->nc);
}

static void test_purge_on_delete(void)
{
    FakeNic *a = fake_new(NULL, "a");
    FakeNic *b = fake_new(&a->nc, "b");

    b->accepting = false;
    sent_calls = 0;
    send_str(&a->nc, "one", count_sent);
    send_str(&a->nc, "two", NULL);
    g_assert_cmpuint(net_queue_length(b->nc.incoming_queue), ==, 2);
    net_client_delete(&a->nc);
    /* a's frames left b's queue; a's callback heard of the drop. */
    g_assert_cmpuint(net_queue_length(b->nc.incoming_queue), ==, 0);
    g_assert_cmpint(sent_calls, ==, 1);
    b->accepting = true;
    net_flush_queued_packets(&b->nc);
    g_assert_cmpuint(b->frames->len, ==, 0);
    g_assert_null(net_client_find("a"));
    /* Deleting the receiver lets waiting senders go on too. */
    a = fake_new(&b->nc, "a");
    b->accepting = false;
    sent_calls = 0;
    send_str(&a->nc, "three", count_sent);
    net_client_delete(&b->nc);
    g_assert_cmpint(sent_calls, ==, 1);
    g_assert_null(a->nc.peer);
    net_client_delete(&a->nc);
}

static void test_hub(void)
{
    FakeNic *n[3];

    for (int i = 0; i < 3; i++) {
        g_autofree char *name = g_strdup_printf("n%d", i);

        n[i] = fake_new(net_hub_add_port(0, NULL), name);
    }
    g_assert_nonnull(net_client_find("hub0port2"));
    send_str(&n[0]->nc, "hello", NULL);
    g_assert_cmpuint(n[0]->frames->len, ==, 0);     /* not back to sender */
    g_assert_true(frame_is(n[1], 0, "hello") && frame_is(n[2], 0, "hello"));
    /* One port's peer refuses: the others still get frames; it gets its
     * copy once it flushes. */
    n[2]->accepting = false;
    send_str(&n[0]->nc, "again", NULL);
    g_assert_cmpuint(n[1]->frames->len, ==, 2);
    g_assert_cmpuint(n[2]->frames->len, ==, 1);
    n[2]->accepting = true;
    net_flush_queued_packets(&n[2]->nc);
    g_assert_true(frame_is(n[2], 1, "again"));
    /* Frames wait at each receiver that refuses them, in order. */
    n[1]->accepting = n[2]->accepting = false;
    send_str(&n[1]->nc, "skip", NULL);              /* n2 disabled now */
    send_str(&n[0]->nc, "late", NULL);
    n[2]->accepting = true;
    net_flush_queued_packets(&n[2]->nc);
    g_assert_true(frame_is(n[2], 3, "late"));
    net_cleanup();
    for (int i = 0; i < 3; i++) {
        g_assert_null(n[i]->nc.peer);
        net_client_delete(&n[i]->nc);
    }
}

static void test_macaddr(void)
{
    MACAddr m, d1, d2;
    g_autofree char *s = NULL;

    g_assert_true(net_parse_macaddr("52:54:00:AB:cd:0f", &m));
    s = net_format_macaddr(&m);
    g_assert_cmpstr(s, ==, "52:54:00:ab:cd:0f");
    g_assert_false(net_parse_macaddr("52:54:00:ab:cd", &m));
    g_assert_false(net_parse_macaddr("52:54:00:ab:cd:0f:00", &m));
    g_assert_false(net_parse_macaddr("52:54:00:ab:cd:100", &m));
    g_assert_false(net_parse_macaddr("52-54-00-ab-cd-0f", &m));
    g_assert_false(net_parse_macaddr("", &m));
    net_default_macaddr(&d1);
    net_default_macaddr(&d2);
    g_assert_cmpuint(d1.a[0], ==, 0x52);
    g_assert_cmpuint(d2.a[5], ==, d1.a[5] + 1);
}

static const struct {
    const char *option;         /* n: -netdev, i: -nic, l: -net */
    const char *arg;
    const char *message;
} bad_options[] = {
    { "n", "user", "-netdev user: an id is required (id=NAME)" },
    { "n", "id=x", "-netdev: a backend type is required" },
    { "n", "bogus,id=x", "-netdev: invalid backend type 'bogus'" },
    { "n", "user,id=1x", "-netdev: id '1x' is not well-formed" },
    { "n", "user,id=x,foo=1", "-netdev user: unknown parameter 'foo'" },
    { "n", "user,id=x,hostfwd=tcp:5555-:22",
      "-netdev user: invalid hostfwd 'tcp:5555-:22'" },
    { "n", "user,id=x,hostfwd=icmp::5555-:22",
      "-netdev user: invalid hostfwd 'icmp::5555-:22'" },
    { "n", "user,id=x,hostfwd=tcp::5555-:0",
      "-netdev user: invalid hostfwd 'tcp::5555-:0'" },
    { "n", "user,id=x,net=10.0.2.0/33",
      "-netdev user: net: invalid prefix length '33'" },
    { "n", "user,id=x,net=10.0.2.1/24",
      "-netdev user: net: '10.0.2.1/24' has host bits set" },
    { "n", "user,id=x,host=10.0.3.2",
      "-netdev user: host: 10.0.3.2 is not in the guest network" },
    { "n", "user,id=x,dns=foo", "-netdev user: dns: 'foo' is not an IPv4" },
    { "n", "socket,id=x,hostfwd=tcp::1-:2",
      "-netdev socket: hostfwd is only for the user backend" },
    { "n", "socket,id=x", "-netdev socket: exactly one of listen= and "
      "connect=" },
    { "n", "socket,id=x,connect=:1", "-netdev socket: connect: ':1' is not "
      "host:port" },
    { "n", "tap,id=x,script=/etc/kemu-ifup",
      "-netdev tap: script=/etc/kemu-ifup: running scripts is not "
      "supported yet" },
    { "n", "tap,id=x,script=no,downscript=/bin/x",
      "-netdev tap: downscript=/bin/x: running scripts" },
    { "i", "user,mac=52:54:00", "-nic: invalid MAC address '52:54:00'" },
    { "i", "bogus", "-nic: invalid backend type 'bogus'" },
    { "l", "nic,macaddr=zz", "-net nic: invalid MAC address 'zz'" },
    { "l", "nic,netdev=nosuch", "-net nic: netdev 'nosuch' not found" },
    { "l", "nic,vlan=1", "-net: unknown parameter 'vlan'" },
    { "l", "bogus", "-net: invalid backend type 'bogus'" },
};

static void test_bad_options(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(bad_options); i++) {
        const char *arg = bad_options[i].arg;
        Error *err = NULL;
        bool ok;

        switch (bad_options[i].option[0]) {
        case 'n':
            ok = net_netdev_add(arg, &err);
            break;
        case 'i':
            ok = net_nic_add(arg, &err);
            break;
        default:
            ok = net_legacy_add(arg, &err);
        }
        g_assert_false(ok);
        if (!g_str_has_prefix(error_get_pretty(err), bad_options[i].message)) {
            g_error("'%s': got '%s', want '%s...'", arg,
                    error_get_pretty(err), bad_options[i].message);
        }
        error_free(err);
        g_assert_cmpuint(net_client_list()->len, ==, 0);
    }
}

static void test_duplicate_id(void)
{
    Error *err = NULL;

    g_assert_true(net_netdev_add("user,id=n0", &error_fatal));
    g_assert_nonnull(net_netdev_find("n0"));
    g_assert_false(net_netdev_add("user,id=n0", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "-netdev: duplicate id 'n0'");
    error_free(err);
    net_cleanup();
    g_assert_null(net_netdev_find("n0"));
}

/* An ARP request for who-has 10.0.2.2, from guest MAC 52:54:00:12:34:56. */
static const uint8_t arp_request[42] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
    0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
    0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 10, 0, 2, 15,
    0, 0, 0, 0, 0, 0, 10, 0, 2, 2,
};

static void test_user_answers_arp(void)
{
    NetClientState *user;
    FakeNic *nic;
    const uint8_t *reply;
    gsize len;

    g_assert_true(net_netdev_add("user,id=u0,hostfwd=tcp:127.0.0.1:0-:80,"
                                 "hostfwd=udp::0-10.0.2.15:53", &error_fatal));
    user = net_netdev_find("u0");
    g_assert_cmpstr(user->info_str, ==, "net=10.0.2.0/24,restrict=off");
    nic = fake_new(user, "nic");
    net_send_packet(&nic->nc, arp_request, sizeof(arp_request));
    g_assert_cmpuint(nic->frames->len, ==, 1);
    reply = g_bytes_get_data(g_ptr_array_index(nic->frames, 0), &len);
    g_assert_cmpuint(len, >=, 42);
    g_assert_cmpuint(reply[12], ==, 0x08);
    g_assert_cmpuint(reply[13], ==, 0x06);      /* ARP */
    g_assert_cmpuint(reply[21], ==, 2);         /* reply */
    g_assert_cmpmem(reply + 28, 4, ((uint8_t[]){ 10, 0, 2, 2 }), 4);
    g_assert_cmpmem(reply + 38, 4, ((uint8_t[]){ 10, 0, 2, 15 }), 4);
    net_cleanup();
    net_client_delete(&nic->nc);
}

static void test_user_custom_network(void)
{
    NetClientState *user;
    FakeNic *nic;
    uint8_t req[42];

    g_assert_true(net_netdev_add("user,id=u1,net=192.168.76.0/24,"
                                 "restrict=on", &error_fatal));
    user = net_netdev_find("u1");
    g_assert_cmpstr(user->info_str, ==, "net=192.168.76.0/24,restrict=on");
    nic = fake_new(user, "nic");
    memcpy(req, arp_request, sizeof(req));
    memcpy(req + 28, ((uint8_t[]){ 192, 168, 76, 15 }), 4);
    memcpy(req + 38, ((uint8_t[]){ 192, 168, 76, 2 }), 4);
    net_send_packet(&nic->nc, req, sizeof(req));
    g_assert_cmpuint(nic->frames->len, ==, 1);
    /* The default 10.0.2.2 is not there any more. */
    net_send_packet(&nic->nc, arp_request, sizeof(arp_request));
    g_assert_cmpuint(nic->frames->len, ==, 1);
    net_cleanup();
    net_client_delete(&nic->nc);
}

static void test_hostfwd_port_in_use(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sin = { .sin_family = AF_INET,
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(sin);
    g_autofree char *opt = NULL;
    Error *err = NULL;

    g_assert_cmpint(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), ==, 0);
    g_assert_cmpint(listen(fd, 1), ==, 0);
    getsockname(fd, (struct sockaddr *)&sin, &len);
    opt = g_strdup_printf("user,id=u2,hostfwd=tcp:127.0.0.1:%d-:22",
                          ntohs(sin.sin_port));
    g_assert_false(net_netdev_add(opt, &err));
    g_assert_true(g_str_has_prefix(error_get_pretty(err),
                                   "-netdev user: could not set up host "
                                   "forwarding rule"));
    error_free(err);
    g_assert_null(net_client_find("u2"));
    close(fd);
}

/* Run the main loop until cond(f) or 5 s. */
static bool wait_until(bool (*cond)(FakeNic *f), FakeNic *f)
{
    int64_t end = kemu_clock_get_ms(KEMU_CLOCK_REALTIME) + 5000;

    while (!cond(f) && kemu_clock_get_ms(KEMU_CLOCK_REALTIME) < end) {
        main_loop_wait_once(20);
    }
    return cond(f);
}

static bool has_two_frames(FakeNic *f)
{
    return f->frames->len >= 2;
}

static bool has_queued_frame(FakeNic *f)
{
    return net_queue_length(f->nc.incoming_queue) > 0;
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sin = { .sin_family = AF_INET,
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(sin);

    bind(fd, (struct sockaddr *)&sin, sizeof(sin));
    getsockname(fd, (struct sockaddr *)&sin, &len);
    close(fd);
    return ntohs(sin.sin_port);
}

/* Two socket netdevs, listen and connect, in one process. */
static void test_socket_pair(void)
{
    int port = free_port();
    g_autofree char *l = g_strdup_printf("socket,id=s0,listen=127.0.0.1:%d",
                                         port);
    g_autofree char *c = g_strdup_printf("socket,id=s1,connect=127.0.0.1:%d",
                                         port);
    FakeNic *a, *b;

    g_assert_true(net_netdev_add(l, &error_fatal));
    g_assert_true(net_netdev_add(c, &error_fatal));
    a = fake_new(net_netdev_find("s0"), "a");
    b = fake_new(net_netdev_find("s1"), "b");
    /* Until s0 accepted, what a sends goes nowhere; b's frames wait in
     * the stream. */
    send_str(&b->nc, "ping", NULL);
    send_str(&b->nc, "pong!", NULL);
    g_assert_true(wait_until(has_two_frames, a));
    g_assert_true(frame_is(a, 0, "ping") && frame_is(a, 1, "pong!"));
    send_str(&a->nc, "back", NULL);
    send_str(&a->nc, "x", NULL);
    g_assert_true(wait_until(has_two_frames, b));
    g_assert_true(frame_is(b, 0, "back") && frame_is(b, 1, "x"));
    net_cleanup();
    net_client_delete(&a->nc);
    net_client_delete(&b->nc);
}

/* QEMU's framing on the wire; a stalled NIC stops the reading. */
static void test_socket_framing(void)
{
    int port = free_port();
    g_autofree char *l = g_strdup_printf("socket,id=s0,listen=127.0.0.1:%d",
                                         port);
    struct sockaddr_in sin = { .sin_family = AF_INET,
                               .sin_port = htons(port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    static const uint8_t wire[] = { 0, 0, 0, 3, 'a', 'b', 'c',
                                    0, 0, 0, 2, 'd', 'e' };
    uint8_t got[9];
    FakeNic *nic;
    int fd;

    g_assert_true(net_netdev_add(l, &error_fatal));
    nic = fake_new(net_netdev_find("s0"), "nic");
    fd = socket(AF_INET, SOCK_STREAM, 0);
    g_assert_cmpint(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), ==, 0);
    nic->accepting = false;
    g_assert_cmpint(write(fd, wire, sizeof(wire)), ==, sizeof(wire));
    g_assert_true(wait_until(has_queued_frame, nic));
    /* The first frame waits in the NIC's queue; the second in the stream
     * (reading stopped). */
    for (int i = 0; i < 10; i++) {
        main_loop_wait_once(10);
    }
    g_assert_cmpuint(net_queue_length(nic->nc.incoming_queue), ==, 1);
    nic->accepting = true;
    net_flush_queued_packets(&nic->nc);
    g_assert_true(wait_until(has_two_frames, nic));
    g_assert_true(frame_is(nic, 0, "abc") && frame_is(nic, 1, "de"));
    send_str(&nic->nc, "hello", NULL);
    g_assert_cmpint(read(fd, got, sizeof(got)), ==, 9);
    g_assert_cmpmem(got, 9, ((uint8_t[]){ 0, 0, 0, 5, 'h', 'e', 'l', 'l',
                                          'o' }), 9);
    close(fd);
    net_cleanup();
    net_client_delete(&nic->nc);
}

static void test_legacy_hub(void)
{
    g_autoptr(GString) info = g_string_new(NULL);

    g_assert_true(net_legacy_add("user", &error_fatal));
    g_assert_true(net_legacy_add("nic,macaddr=52:54:00:00:00:01",
                                 &error_fatal));
    g_assert_true(net_legacy_add("none", &error_fatal));
    /* The NIC device comes later; its hub port waits for it. */
    g_assert_nonnull(net_client_find("hub0port0"));
    g_assert_nonnull(net_client_find("hub0port1"));
    net_print_info(info);
    g_assert_nonnull(strstr(info->str, "hub 0\n"));
    g_assert_nonnull(strstr(info->str, " \\ hub0port0: user.0: type=user,"
                                       "net=10.0.2.0/24"));
    net_cleanup();
    g_assert_cmpuint(net_client_list()->len, ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    main_loop_init();
    g_test_add_func("/net/queue/direct-and-queued",
                    test_send_direct_and_queued);
    g_test_add_func("/net/queue/limit", test_queue_limit);
    g_test_add_func("/net/queue/purge-on-delete", test_purge_on_delete);
    g_test_add_func("/net/hub/forward", test_hub);
    g_test_add_func("/net/hub/legacy-options", test_legacy_hub);
    g_test_add_func("/net/macaddr", test_macaddr);
    g_test_add_func("/net/options/bad", test_bad_options);
    g_test_add_func("/net/options/duplicate-id", test_duplicate_id);
    g_test_add_func("/net/user/arp", test_user_answers_arp);
    g_test_add_func("/net/user/custom-network", test_user_custom_network);
    g_test_add_func("/net/user/hostfwd-port-in-use",
                    test_hostfwd_port_in_use);
    g_test_add_func("/net/socket/pair", test_socket_pair);
    g_test_add_func("/net/socket/framing", test_socket_framing);
    return g_test_run();
}
