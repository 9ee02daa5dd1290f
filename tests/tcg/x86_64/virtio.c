/*
 * A virtio-rng-pci driver on bare metal (virtio.expected): find the
 * function on bus 0 through 0xcf8/0xcfc, place BAR1 (MSI-X) and BAR4
 * (modern virtio), walk the vendor capabilities, set up queue 0 with
 * MSI-X vector 0, then ask for 16 random bytes NR_REQUESTS times, each
 * time kicking the queue and waiting for the MSI-X interrupt through the
 * local APIC.  Then the vector's life: masked in its vector control, a
 * request is answered with no interrupt but the PBA's pending bit, which
 * the unmask sends; the same with the function mask; the entry's data
 * rewritten to another APIC vector, which the next request uses; masked,
 * rewritten back and unmasked, as Linux does it.  The same program runs on
 * TCG, TCI and KVM (where the kicks go through an ioeventfd and the
 * interrupts through an irqfd unless -device ...,ioeventfd=off), and on
 * qemu-system-x86_64 (multiboot, virtio-rng-pci,disable-legacy=on).
 */
#include <stdbool.h>
#include <stdint.h>
#include "idt.h"
#include "x86io.h"
#include "bmprint.h"

#define APIC_BASE 0xfee00000ul
#define BAR1_ADDR 0xe0000000ul
#define BAR4_ADDR 0xe0100000ul
#define V_QUEUE 0x43
#define V_OTHER 0x44
#define QSIZE 8
#define NR_REQUESTS 8
#define NR_MORE 4                       /* the vector's life, one each */
#define MSIX_ENABLE (1u << 31)          /* in the capability's first dword */
#define MSIX_MASKALL (1u << 30)

void pc_stub_0x43(void), pc_stub_0x44(void);

static volatile unsigned hits[256];

/* The split virtqueue, in guest RAM. */
static struct {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
} desc[QSIZE] __attribute__((aligned(16)));
static volatile struct {
    uint16_t flags, idx, ring[QSIZE], used_event;
} avail __attribute__((aligned(2)));
static volatile struct {
    uint16_t flags, idx;
    struct { uint32_t id, len; } ring[QSIZE];
    uint16_t avail_event;
} used __attribute__((aligned(4)));
static volatile uint8_t buf[NR_REQUESTS + NR_MORE][16];

static uint64_t common, notify, notify_mult, table, pba;
static int rng_dev, msix_cap;

static void wr32(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static uint32_t rd32(uint64_t a) { return *(volatile uint32_t *)a; }
static uint16_t rd16(uint64_t a) { return *(volatile uint16_t *)a; }
static void wr16(uint64_t a, uint16_t v) { *(volatile uint16_t *)a = v; }
static uint8_t rd8(uint64_t a) { return *(volatile uint8_t *)a; }
static void wr8(uint64_t a, uint8_t v) { *(volatile uint8_t *)a = v; }

void pc_irq(uint64_t vector)
{
    hits[vector & 0xff]++;
    wr32(APIC_BASE + 0xb0, 0);          /* EOI */
}

static void load_idt(void)
{
    idt_set_gate(V_QUEUE, pc_stub_0x43);
    idt_set_gate(V_OTHER, pc_stub_0x44);
    idt_load();
}

static uint32_t pci_read(int dev, int reg)
{
    outl(0xcf8, 0x80000000u | dev << 11 | reg);
    return inl(0xcfc);
}

static void pci_write(int dev, int reg, uint32_t v)
{
    outl(0xcf8, 0x80000000u | dev << 11 | reg);
    outl(0xcfc, v);
}

static int find_rng(void)
{
    for (int dev = 0; dev < 32; dev++) {
        if (pci_read(dev, 0) == 0x10441af4) {
            return dev;
        }
    }
    return -1;
}

/* BARs, bus mastering, and the structures the capabilities point at. */
static bool setup_pci(int dev)
{
    pci_write(dev, 0x14, BAR1_ADDR);
    pci_write(dev, 0x20, BAR4_ADDR);
    pci_write(dev, 0x24, 0);
    pci_write(dev, 0x04, 0x6);                  /* memory, bus master */
    for (int cap = pci_read(dev, 0x34) & 0xfc; cap;
         cap = (pci_read(dev, cap) >> 8) & 0xfc) {
        uint32_t head = pci_read(dev, cap);

        if ((head & 0xff) == 0x11) {            /* MSI-X: enable */
            table = BAR1_ADDR + (pci_read(dev, cap + 4) & ~7u);
            pba = BAR1_ADDR + (pci_read(dev, cap + 8) & ~7u);
            msix_cap = cap;
            pci_write(dev, cap, head | MSIX_ENABLE);
        } else if ((head & 0xff) == 0x09 && pci_read(dev, cap + 4) % 256 ==
                   4) {
            uint64_t at = BAR4_ADDR + pci_read(dev, cap + 8);

            if ((head >> 24) == 1) {
                common = at;
            } else if ((head >> 24) == 2) {
                notify = at;
                notify_mult = pci_read(dev, cap + 16);
            }
        }
    }
    if (!table || !common || !notify) {
        return false;
    }
    wr32(table, APIC_BASE);                     /* vector 0: this CPU */
    wr32(table + 4, 0);
    wr32(table + 8, V_QUEUE);
    wr32(table + 12, 0);                        /* unmasked */
    return true;
}

/* Status, VERSION_1, queue 0 of QSIZE with MSI-X vector 0, DRIVER_OK. */
static bool setup_device(void)
{
    wr8(common + 0x14, 0);                      /* reset */
    wr8(common + 0x14, 1 | 2);                  /* ACKNOWLEDGE, DRIVER */
    wr32(common + 0x08, 1);
    wr32(common + 0x0c, 1);                     /* VIRTIO_F_VERSION_1 */
    wr8(common + 0x14, 1 | 2 | 8);              /* FEATURES_OK */
    if (!(rd8(common + 0x14) & 8)) {
        return false;
    }
    wr16(common + 0x16, 0);
    if (rd16(common + 0x18) < QSIZE) {
        return false;
    }
    wr16(common + 0x18, QSIZE);
    wr16(common + 0x1a, 0);
    if (rd16(common + 0x1a) != 0) {
        return false;
    }
    wr32(common + 0x20, (uint32_t)(uintptr_t)desc);
    wr32(common + 0x24, 0);
    wr32(common + 0x28, (uint32_t)(uintptr_t)&avail);
    wr32(common + 0x2c, 0);
    wr32(common + 0x30, (uint32_t)(uintptr_t)&used);
    wr32(common + 0x34, 0);
    notify += rd16(common + 0x1e) * notify_mult;
    wr16(common + 0x1c, 1);
    wr8(common + 0x14, 1 | 2 | 8 | 4);          /* DRIVER_OK */
    return true;
}

/* Request n: a 16-byte device-writable buffer, then a kick. */
static void submit(int n)
{
    desc[n % QSIZE] = (typeof(desc[0])) {
        .addr = (uint64_t)(uintptr_t)buf[n], .len = 16, .flags = 2,
    };
    avail.ring[avail.idx % QSIZE] = n % QSIZE;
    __asm__ volatile("" : : : "memory");
    avail.idx++;
    wr16(notify, 0);
}

static bool answered(int n)
{
    return used.idx == n + 1 &&
           used.ring[n % QSIZE].id == (unsigned)n % QSIZE &&
           used.ring[n % QSIZE].len == 16;
}

/* Halt until an interrupt on vector, counted after before (or give up). */
static unsigned wait_irq(int vector, unsigned before)
{
    for (unsigned spins = 0; hits[vector] == before && spins < 100000;
         spins++) {
        __asm__ volatile("sti; hlt; cli" : : : "memory");
    }
    return hits[vector] - before;
}

static bool request(int n)
{
    unsigned before = hits[V_QUEUE];

    submit(n);
    return wait_irq(V_QUEUE, before) && answered(n);
}

/*
 * Request n while vector 0 may not send: interrupts stay enabled until
 * its pending bit shows (the device may answer later than the kick), and
 * none may come.  Then unmask() lets it out.
 */
static void masked_request(const char *what, int n, void (*unmask)(void))
{
    unsigned before = hits[V_QUEUE];

    submit(n);
    __asm__ volatile("sti" : : : "memory");
    for (unsigned spins = 0; !(rd32(pba) & 1) && spins < 1000000; spins++) {
        __asm__ volatile("pause");
    }
    __asm__ volatile("cli" : : : "memory");
    out_str(what);
    put_kv(" masked: answered", answered(n), 2);
    put_kv("  interrupts", hits[V_QUEUE] - before, 2);
    put_kv("  pending", rd32(pba) & 1, 2);
    unmask();
    out_str(what);
    put_kv(" unmasked: interrupts", wait_irq(V_QUEUE, before), 2);
    put_kv("  pending", rd32(pba) & 1, 2);
}

static void vector_unmask(void)
{
    wr32(table + 12, 0);
}

static void function_unmask(void)
{
    pci_write(rng_dev, msix_cap,
              (pci_read(rng_dev, msix_cap) & ~MSIX_MASKALL) | MSIX_ENABLE);
}

/* Vector 0's message data rewritten: the next request uses it. */
static void retarget(const char *what, int n, int vector)
{
    unsigned before[2] = { hits[V_QUEUE], hits[V_OTHER] };

    wr32(table + 8, vector);
    submit(n);
    wait_irq(vector, vector == V_QUEUE ? before[0] : before[1]);
    out_str(what);
    put_kv(": answered", answered(n), 2);
    put_kv("  interrupts 43", hits[V_QUEUE] - before[0], 2);
    put_kv("  interrupts 44", hits[V_OTHER] - before[1], 2);
}

/* The vector's life: masks, pending bits, a new message. */
static void vector_life(void)
{
    int n = NR_REQUESTS;

    wr32(table + 12, 1);
    masked_request("vector mask", n++, vector_unmask);
    pci_write(rng_dev, msix_cap,
              pci_read(rng_dev, msix_cap) | MSIX_ENABLE | MSIX_MASKALL);
    masked_request("function mask", n++, function_unmask);
    retarget("data 44", n++, V_OTHER);
    wr32(table + 12, 1);                /* as Linux: mask, write, unmask */
    wr32(table + 8, V_QUEUE);
    wr32(table + 12, 0);
    retarget("masked, data 43, unmasked", n++, V_QUEUE);
}

void test_main(void)
{
    int ok = 0, nonzero = 0;

    rng_dev = find_rng();
    load_idt();
    /* The 8259s stay masked: on QEMU, SeaBIOS leaves the PIT's IRQ 0
     * unmasked, and a tick would find no gate at its vector. */
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
    wr32(APIC_BASE + 0xf0, 0x1ff);              /* SVR: enabled */
    if (rng_dev < 0 || !setup_pci(rng_dev) || !setup_device()) {
        out_str("virtio-rng: set-up failed\n");
        return;
    }
    out_str("virtio-rng: found and set up\n");
    put_kv("virtio-rng notify", notify, 8);
    for (int n = 0; n < NR_REQUESTS; n++) {
        ok += request(n);
        for (int k = 0; k < 16; k++) {
            nonzero += buf[n][k] != 0;
        }
    }
    put_kv("virtio-rng requests answered", ok, 2);
    put_kv("virtio-rng msi-x interrupts", hits[V_QUEUE], 2);
    out_str(nonzero > 16 ? "virtio-rng: random bytes arrived\n"
                         : "virtio-rng: no random bytes\n");
    vector_life();
    wr8(common + 0x14, 0);                      /* reset */
}
