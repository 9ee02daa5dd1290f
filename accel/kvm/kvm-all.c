/*
 * The "kvm" accelerator: guest code runs in the host kernel through
 * /dev/kvm.  One thread per vCPU loops on KVM_RUN; the exits it cannot
 * finish (port I/O, MMIO, shutdown, errors) come back here and go through
 * the memory API under the big lock, like a TCG vCPU's device accesses.
 * Guest RAM reaches the kernel as memory slots that follow the memory
 * API's map (a listener on address_space_memory).  The target part
 * (target/<arch>/kvm.c) moves registers and sets up CPUID and irqchips.
 *
 * A kick sets the vCPU's exit_request, then kvm_run->immediate_exit, then
 * signals the thread: KVM_RUN either never enters the guest or returns
 * EINTR, and the loop sees exit_request.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "kemu/event-notifier.h"
#include "exec/memory.h"
#include "system/accel.h"
#include "system/cpus.h"
#include "system/kvm.h"
#include "system/main-loop.h"
#include "system/runstate.h"
#include "util/keyval.h"
#include "accel/kvm/kvm-int.h"
#include "kvm-routes.h"
#include "kvm-slots.h"
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#define KVM_DEVICE "/dev/kvm"
#define KVM_KICK_SIGNAL SIGUSR1
#define KVM_PAGE_SIZE 4096ull

int kvm_dev_fd = -1;
int kvm_vm_fd = -1;
bool kvm_kernel_irqchip;

static KVMSlots kvm_slots;
static KVMRoutes kvm_routes;
static bool kvm_irqfds;
static bool kvm_readonly_mem;
static MemoryListener kvm_memory_listener;
static MemoryListener kvm_io_listener;

/* ---- ioctls ---- */

static int kvm_ioctl_retry(int fd, unsigned long req, void *arg)
{
    int r;

    do {
        r = ioctl(fd, req, arg);
    } while (r < 0 && errno == EINTR);
    return r;
}

int kvm_vm_ioctl(unsigned long req, void *arg)
{
    return kvm_ioctl_retry(kvm_vm_fd, req, arg);
}

int kvm_vcpu_ioctl(CPUState *cpu, unsigned long req, void *arg)
{
    return kvm_ioctl_retry(cpu->accel->fd, req, arg);
}

int kvm_check_extension(unsigned cap)
{
    int r = ioctl(kvm_dev_fd, KVM_CHECK_EXTENSION, (unsigned long)cap);

    return r < 0 ? 0 : r;
}

/* ---- availability ---- */

/* /dev/kvm opened, with the API version we speak; one line why not. */
static bool kvm_open_device(Error **errp)
{
    int version;

    if (kvm_dev_fd >= 0) {
        return true;
    }
    kvm_dev_fd = open(KVM_DEVICE, O_RDWR | O_CLOEXEC);
    if (kvm_dev_fd < 0) {
        error_setg(errp, "cannot open %s: %s", KVM_DEVICE, strerror(errno));
        return false;
    }
    version = ioctl(kvm_dev_fd, KVM_GET_API_VERSION, 0);
    if (version != KVM_API_VERSION) {
        if (version < 0) {
            error_setg(errp, "%s: not a KVM device (KVM_GET_API_VERSION: "
                       "%s)", KVM_DEVICE, strerror(errno));
        } else {
            error_setg(errp, "%s: KVM API version %d, expected %d",
                       KVM_DEVICE, version, KVM_API_VERSION);
        }
        close(kvm_dev_fd);
        kvm_dev_fd = -1;
        return false;
    }
    return true;
}

static bool kvm_check_caps(Error **errp)
{
    for (const KVMCapInfo *c = kvm_arch_required_caps; c->name; c++) {
        if (kvm_check_extension(c->cap) <= 0) {
            error_setg(errp, "%s: the kernel lacks %s", KVM_DEVICE, c->name);
            return false;
        }
    }
    return true;
}

static bool kvm_available(const char *arch, Error **errp)
{
    return kvm_arch_supports(arch, errp) && kvm_open_device(errp) &&
           kvm_check_caps(errp);
}

/* Without -accel, kvm only where the CPU virtualizes (not under PVM). */
static bool kvm_default_ok(const char *arch)
{
    g_autofree char *cpuinfo = NULL;

    if (!g_file_get_contents("/proc/cpuinfo", &cpuinfo, NULL, NULL)) {
        return false;
    }
    return g_regex_match_simple("^flags\\s*:.*\\b(vmx|svm)\\b", cpuinfo,
                                G_REGEX_MULTILINE, 0);
}

/* ---- memory slots ---- */

static void kvm_set_slot(const KVMSlot *slot, int index, bool del)
{
    struct kvm_userspace_memory_region r = {
        .slot = index,
        .flags = slot->readonly ? KVM_MEM_READONLY : 0,
        .guest_phys_addr = slot->gpa,
        .memory_size = del ? 0 : slot->size,
        .userspace_addr = (uintptr_t)slot->host,
    };

    if (kvm_vm_ioctl(KVM_SET_USER_MEMORY_REGION, &r) < 0) {
        /* A listener cannot fail: the guest would see holes in its RAM. */
        error_report("kvm: KVM_SET_USER_MEMORY_REGION slot %d at 0x%" PRIx64
                     " size 0x%" PRIx64 ": %s", index, slot->gpa, slot->size,
                     strerror(errno));
        exit(1);
    }
}

/* The whole pages of a RAM/ROM section: what KVM can map. */
static bool kvm_section_slot(MemoryRegionSection *s, KVMSlot *slot)
{
    uint64_t start, end;

    if (!memory_region_is_ram(s->mr)) {
        return false;
    }
    start = (s->offset_within_address_space + KVM_PAGE_SIZE - 1) &
            ~(KVM_PAGE_SIZE - 1);
    end = (s->offset_within_address_space + s->size) & ~(KVM_PAGE_SIZE - 1);
    if (end <= start) {
        return false;
    }
    *slot = (KVMSlot) {
        .gpa = start,
        .size = end - start,
        .host = (uint8_t *)memory_region_get_ram_ptr(s->mr) +
                s->offset_within_region +
                (start - s->offset_within_address_space),
        .readonly = s->readonly || memory_region_is_rom(s->mr),
    };
    /* Without read-only slots, ROM stays MMIO: every access exits. */
    return !slot->readonly || kvm_readonly_mem;
}

static void kvm_region_add(MemoryListener *l, MemoryRegionSection *s)
{
    KVMSlot slot;
    int index;

    if (!kvm_section_slot(s, &slot)) {
        return;
    }
    index = kvm_slots_add(&kvm_slots, &slot);
    if (index < 0) {
        error_report("kvm: out of memory slots (%u) mapping 0x%" PRIx64,
                     kvm_slots.nr, slot.gpa);
        exit(1);
    }
    kvm_set_slot(&slot, index, false);
}

static void kvm_region_del(MemoryListener *l, MemoryRegionSection *s)
{
    KVMSlot slot;
    int index;

    if (!kvm_section_slot(s, &slot)) {
        return;
    }
    index = kvm_slots_find(&kvm_slots, slot.gpa, slot.size);
    if (index >= 0) {
        kvm_set_slot(&kvm_slots.slots[index], index, true);
        kvm_slots_remove(&kvm_slots, index);
    }
}

/*
 * ioeventfds: the kernel sets the notifier on a matching write and the
 * vCPU stays in KVM_RUN.  Failing here leaves the write to come back as
 * an exit, which the memory core matches: slower, still correct.
 */
static void kvm_ioeventfd(MemoryRegionSection *s, bool match_data,
                          uint64_t data, EventNotifier *e, bool pio,
                          bool assign)
{
    struct kvm_ioeventfd fd = {
        .datamatch = match_data ? data : 0,
        .addr = s->offset_within_address_space,
        .len = s->size,
        .fd = event_notifier_get_fd(e),
        .flags = (match_data ? KVM_IOEVENTFD_FLAG_DATAMATCH : 0) |
                 (pio ? KVM_IOEVENTFD_FLAG_PIO : 0) |
                 (assign ? 0 : KVM_IOEVENTFD_FLAG_DEASSIGN),
    };

    if (kvm_vm_ioctl(KVM_IOEVENTFD, &fd) < 0) {
        error_report("kvm: KVM_IOEVENTFD %s 0x%" PRIx64 "/%u: %s",
                     assign ? "assign" : "deassign", (uint64_t)fd.addr,
                     fd.len, strerror(errno));
    }
}

/* One pair for both listeners: the address space says port I/O or MMIO. */
static void kvm_eventfd_add(MemoryListener *l, MemoryRegionSection *s,
                            bool match_data, uint64_t data, EventNotifier *e)
{
    kvm_ioeventfd(s, match_data, data, e, l->as == &address_space_io, true);
}

static void kvm_eventfd_del(MemoryListener *l, MemoryRegionSection *s,
                            bool match_data, uint64_t data, EventNotifier *e)
{
    kvm_ioeventfd(s, match_data, data, e, l->as == &address_space_io, false);
}

static void kvm_register_listeners(void)
{
    bool ioeventfd = kvm_check_extension(KVM_CAP_IOEVENTFD) > 0;

    kvm_memory_listener = (MemoryListener) {
        .region_add = kvm_region_add,
        .region_del = kvm_region_del,
        .eventfd_add = ioeventfd ? kvm_eventfd_add : NULL,
        .eventfd_del = ioeventfd ? kvm_eventfd_del : NULL,
        .priority = 10,
    };
    memory_listener_register(&kvm_memory_listener, &address_space_memory);
    if (ioeventfd) {
        kvm_io_listener = (MemoryListener) {
            .eventfd_add = kvm_eventfd_add,
            .eventfd_del = kvm_eventfd_del,
            .priority = 10,
        };
        memory_listener_register(&kvm_io_listener, &address_space_io);
    }
}

/* ---- public helpers for boards ---- */

bool kvm_enabled(void)
{
    return kvm_vm_fd >= 0;
}

bool kvm_irqchip_in_kernel(void)
{
    return kvm_enabled() && kvm_kernel_irqchip;
}

void kvm_set_irq(int gsi, int level)
{
    struct kvm_irq_level irq = { .irq = gsi, .level = level };

    if (kvm_vm_ioctl(KVM_IRQ_LINE, &irq) < 0) {
        error_report("kvm: KVM_IRQ_LINE %d: %s", gsi, strerror(errno));
    }
}

void kvm_signal_msi(uint64_t addr, uint32_t data)
{
    struct kvm_msi msi = {
        .address_lo = (uint32_t)addr,
        .address_hi = addr >> 32,
        .data = data,
    };

    kemu_log_mask(LOG_KVM_IRQ, "kvm: signal msi 0x%" PRIx64 " 0x%x\n", addr,
                  data);
    /* 0: the guest masked or filtered it, as hardware drops it. */
    if (kvm_vm_ioctl(KVM_SIGNAL_MSI, &msi) < 0) {
        error_report("kvm: KVM_SIGNAL_MSI 0x%" PRIx64 " 0x%x: %s", addr, data,
                     strerror(errno));
    }
}

/* ---- GSI routes and irqfds ---- */

void kvm_irqchip_add_route(uint32_t gsi, uint32_t chip, uint32_t pin)
{
    bool added = kvm_routes_add_irqchip(&kvm_routes, gsi, chip, pin);

    assert(added);              /* a target's few routes always fit */
}

bool kvm_irqchip_commit_routes(Error **errp)
{
    if (kvm_vm_ioctl(KVM_SET_GSI_ROUTING, kvm_routes.table) < 0) {
        error_setg(errp, "KVM_SET_GSI_ROUTING (%u routes): %s",
                   kvm_routes.table->nr, strerror(errno));
        return false;
    }
    return true;
}

/* After the VM runs: a failure leaves the old table, which KVM keeps. */
static void kvm_commit_routes_or_report(void)
{
    Error *err = NULL;

    if (!kvm_irqchip_commit_routes(&err)) {
        error_prepend(&err, "kvm: ");
        error_report_err(err);
    }
}

static int kvm_msi_route_add(uint64_t addr, uint32_t data)
{
    int gsi;

    if (!kvm_irqfds) {
        return -1;
    }
    gsi = kvm_routes_add_msi(&kvm_routes, addr, data);
    if (gsi < 0) {
        return -1;              /* out of gsis: the caller sends it itself */
    }
    kemu_log_mask(LOG_KVM_IRQ, "kvm: msi route gsi %d 0x%" PRIx64 " 0x%x\n",
                  gsi, addr, data);
    kvm_commit_routes_or_report();
    return gsi;
}

static void kvm_msi_route_update(int gsi, uint64_t addr, uint32_t data)
{
    if (kvm_routes_set_msi(&kvm_routes, gsi, addr, data)) {
        kemu_log_mask(LOG_KVM_IRQ, "kvm: msi route gsi %d 0x%" PRIx64
                      " 0x%x\n", gsi, addr, data);
        kvm_commit_routes_or_report();
    }
}

static void kvm_msi_route_release(int gsi)
{
    kemu_log_mask(LOG_KVM_IRQ, "kvm: msi route gsi %d released\n", gsi);
    kvm_routes_remove_msi(&kvm_routes, gsi);
    kvm_commit_routes_or_report();
}

static bool kvm_msi_route_attach(int gsi, EventNotifier *e, bool attach)
{
    struct kvm_irqfd irqfd = {
        .fd = event_notifier_get_fd(e),
        .gsi = gsi,
        .flags = attach ? 0 : KVM_IRQFD_FLAG_DEASSIGN,
    };

    kemu_log_mask(LOG_KVM_IRQ, "kvm: irqfd gsi %d %s\n", gsi,
                  attach ? "assigned" : "deassigned");
    if (kvm_vm_ioctl(KVM_IRQFD, &irqfd) < 0) {
        error_report("kvm: KVM_IRQFD %s gsi %d: %s",
                     attach ? "assign" : "deassign", gsi, strerror(errno));
        return false;
    }
    return attach;
}

static void kvm_init_routes(void)
{
    int max = kvm_check_extension(KVM_CAP_IRQ_ROUTING);

    kvm_routes_init(&kvm_routes, max > 0 ? max : 1024);
}

/* ---- VM ---- */

static bool kvm_parse_options(Keyval *opts, Error **errp)
{
    if (!opts) {
        return true;
    }
    keyval_set_option_name(opts, "-accel");
    keyval_mark_used(opts, "accel");
    return keyval_check_unused(opts, errp);
}

static void kvm_kick_handler(int sig)
{
}

static bool kvm_init_machine(MachineState *ms, Keyval *opts, Error **errp)
{
    struct sigaction sa = { .sa_handler = kvm_kick_handler };
    int nr_slots;

    if (!kvm_parse_options(opts, errp) || !kvm_open_device(errp) ||
        !kvm_check_caps(errp)) {
        return false;
    }
    kvm_vm_fd = kvm_ioctl_retry(kvm_dev_fd, KVM_CREATE_VM, 0);
    if (kvm_vm_fd < 0) {
        error_setg(errp, "KVM_CREATE_VM: %s", strerror(errno));
        return false;
    }
    kvm_init_routes();
    if (!kvm_arch_init_vm(errp)) {
        return false;
    }
    kvm_irqfds = kvm_kernel_irqchip && kvm_check_extension(KVM_CAP_IRQFD) > 0;
    nr_slots = kvm_check_extension(KVM_CAP_NR_MEMSLOTS);
    kvm_slots_init(&kvm_slots, nr_slots > 0 ? nr_slots : 32);
    kvm_readonly_mem = kvm_check_extension(KVM_CAP_READONLY_MEM) > 0;
    kvm_register_listeners();
    /* No SA_RESTART: the signal must end KVM_RUN with EINTR. */
    sigaction(KVM_KICK_SIGNAL, &sa, NULL);
    return true;
}

/* ---- vCPU exits ---- */

static void kvm_handle_io(struct kvm_run *run)
{
    uint8_t *data = (uint8_t *)run + run->io.data_offset;
    bool is_write = run->io.direction == KVM_EXIT_IO_OUT;

    kemu_log_mask(LOG_KVM_EXIT, "kvm: io %s 0x%x/%u x%u\n",
                  is_write ? "write" : "read", run->io.port, run->io.size,
                  run->io.count);
    /* A string instruction (INS/OUTS) leaves count elements. */
    for (uint32_t i = 0; i < run->io.count; i++) {
        address_space_rw(&address_space_io, run->io.port, data, run->io.size,
                         is_write);
        data += run->io.size;
    }
}

static void kvm_handle_mmio(struct kvm_run *run)
{
    kemu_log_mask(LOG_KVM_EXIT, "kvm: mmio %s 0x%" PRIx64 "/%u\n",
                  run->mmio.is_write ? "write" : "read",
                  (uint64_t)run->mmio.phys_addr, run->mmio.len);
    address_space_rw(&address_space_memory, run->mmio.phys_addr,
                     run->mmio.data, run->mmio.len, run->mmio.is_write);
}

/* A state KVM cannot go on from: say why with the registers, and exit 1. */
static void kvm_fatal_exit(CPUState *cpu, const char *why)
{
    g_autoptr(GString) out = g_string_new(NULL);
    Error *err = NULL;

    if (kvm_arch_get_registers(cpu, &err)) {
        cpu->vcpu_dirty = true;
        CPU_GET_CLASS(cpu)->dump_state(cpu, out);
    } else {
        g_string_append_printf(out, "(registers unavailable: %s)\n",
                               error_get_pretty(err));
        error_free(err);
    }
    error_report("kvm: vCPU %d: %s", cpu->cpu_index, why);
    fputs(out->str, stderr);
    kemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_PANIC);
    cpu->halted = true;                 /* never re-entered */
}

static const char *kvm_system_event_name(uint32_t type)
{
    switch (type) {
    case KVM_SYSTEM_EVENT_SHUTDOWN: return "shutdown";
    case KVM_SYSTEM_EVENT_RESET: return "reset";
    case KVM_SYSTEM_EVENT_CRASH: return "crash";
    default: return "unknown";
    }
}

static void kvm_handle_system_event(CPUState *cpu, struct kvm_run *run)
{
    switch (run->system_event.type) {
    case KVM_SYSTEM_EVENT_SHUTDOWN:
        kemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_POWEROFF);
        break;
    case KVM_SYSTEM_EVENT_RESET:
        kemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        break;
    default: {
        g_autofree char *why = g_strdup_printf(
            "system event %u (%s)", run->system_event.type,
            kvm_system_event_name(run->system_event.type));
        kvm_fatal_exit(cpu, why);
        return;
    }
    }
    cpu->halted = true;                 /* until the reset or the exit */
}

/* One exit, big lock held; true: back to the thread loop. */
static bool kvm_handle_exit(CPUState *cpu, struct kvm_run *run)
{
    g_autofree char *why = NULL;

    switch (run->exit_reason) {
    case KVM_EXIT_IO:
        kvm_handle_io(run);
        return false;
    case KVM_EXIT_MMIO:
        kvm_handle_mmio(run);
        return false;
    case KVM_EXIT_INTR:
    case KVM_EXIT_IRQ_WINDOW_OPEN:
        return true;
    case KVM_EXIT_HLT:
        /* Only without the kernel's irqchip: wait for an interrupt. */
        cpu->halted = true;
        return true;
    case KVM_EXIT_SHUTDOWN:
        kemu_log_mask(LOG_GUEST_ERROR, "kvm: vCPU %d: triple fault, the "
                      "machine resets\n", cpu->cpu_index);
        kemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        cpu->halted = true;
        return true;
    case KVM_EXIT_SYSTEM_EVENT:
        kvm_handle_system_event(cpu, run);
        return true;
    case KVM_EXIT_FAIL_ENTRY:
        why = g_strdup_printf("entry failed, hardware reason 0x%llx",
                              (unsigned long long)
                              run->fail_entry.hardware_entry_failure_reason);
        break;
    case KVM_EXIT_INTERNAL_ERROR: {
        GString *w = g_string_new(NULL);

        g_string_printf(w, "internal error, suberror %u",
                        run->internal.suberror);
        for (uint32_t i = 0; i < MIN(run->internal.ndata, 16u); i++) {
            g_string_append_printf(w, "%s0x%llx", i ? " " : ", data ",
                                   (unsigned long long)run->internal.data[i]);
        }
        why = g_string_free(w, false);
        break;
    }
    default:
        why = g_strdup_printf("unhandled exit reason %u", run->exit_reason);
        break;
    }
    kvm_fatal_exit(cpu, why);
    return true;
}

/* Registers CPUState -> KVM if they changed here (reset, gdb, monitor). */
static bool kvm_put_if_dirty(CPUState *cpu)
{
    Error *err = NULL;

    if (!cpu->vcpu_dirty) {
        return true;
    }
    if (!kvm_arch_put_registers(cpu, cpu->accel->reset_pending, &err)) {
        error_prepend(&err, "kvm: vCPU %d: ", cpu->cpu_index);
        error_report_err(err);
        kemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_PANIC);
        cpu->halted = true;
        return false;
    }
    cpu->vcpu_dirty = false;
    cpu->accel->reset_pending = false;
    return true;
}

/* Run until an exit needs the thread loop; big lock held on entry/exit. */
static void kvm_cpu_exec(CPUState *cpu)
{
    AccelCPUState *s = cpu->accel;
    struct kvm_run *run = s->run;
    bool leave = false;

    if (cpu->halted || !kvm_put_if_dirty(cpu)) {
        return;
    }
    kemu_mutex_unlock_iothread();
    while (!leave) {
        int r;

        __atomic_store_n(&run->immediate_exit, 0, __ATOMIC_SEQ_CST);
        if (g_atomic_int_get(&cpu->exit_request)) {
            kemu_mutex_lock_iothread();
            break;
        }
        r = ioctl(s->fd, KVM_RUN, 0);
        kemu_mutex_lock_iothread();
        if (r < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                leave = true;
            } else {
                g_autofree char *why = g_strdup_printf("KVM_RUN: %s",
                                                       strerror(errno));
                kvm_fatal_exit(cpu, why);
                break;
            }
        } else {
            leave = kvm_handle_exit(cpu, run);
        }
        if (!leave) {
            kemu_mutex_unlock_iothread();
        }
    }
    g_atomic_int_set(&cpu->exit_request, 0);
}

static bool kvm_create_vcpu(CPUState *cpu, Error **errp)
{
    AccelCPUState *s = cpu->accel;
    int mmap_size;

    s->fd = kvm_vm_ioctl(KVM_CREATE_VCPU,
                         (void *)(uintptr_t)cpu->cpu_index);
    if (s->fd < 0) {
        error_setg(errp, "KVM_CREATE_VCPU %d: %s", cpu->cpu_index,
                   strerror(errno));
        return false;
    }
    mmap_size = ioctl(kvm_dev_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (mmap_size < (int)sizeof(struct kvm_run)) {
        error_setg(errp, "KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
        return false;
    }
    s->run_size = mmap_size;
    s->run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, s->fd,
                  0);
    if (s->run == MAP_FAILED) {
        error_setg(errp, "mmap of the vCPU %d run area: %s", cpu->cpu_index,
                   strerror(errno));
        return false;
    }
    return kvm_arch_init_vcpu(cpu, errp);
}

static gpointer kvm_vcpu_thread(gpointer opaque)
{
    CPUState *cpu = opaque;
    Error *err = NULL;
    sigset_t set;

    sigemptyset(&set);
    sigaddset(&set, KVM_KICK_SIGNAL);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    kemu_mutex_lock_iothread();
    cpu->accel->thread = pthread_self();
    if (!kvm_create_vcpu(cpu, &err)) {
        error_prepend(&err, "kvm: ");
        error_report_err(err);
        exit(1);
    }
    cpu->accel->reset_pending = true;
    cpu->vcpu_dirty = true;
    cpu_thread_signal_created(cpu);
    while (!cpu->unplug) {
        if (cpu_can_run(cpu)) {
            kvm_cpu_exec(cpu);
        }
        cpu_thread_wait_io_event(cpu);
    }
    kemu_mutex_unlock_iothread();
    return NULL;
}

static bool kvm_create_vcpu_thread(CPUState *cpu, Error **errp)
{
    g_autofree char *name = g_strdup_printf("CPU %d/KVM", cpu->cpu_index);

    cpu->accel = g_new0(AccelCPUState, 1);
    cpu->accel->fd = -1;
    cpu->thread = g_thread_new(name, kvm_vcpu_thread, cpu);
    return true;
}

static void kvm_kick_vcpu_thread(CPUState *cpu)
{
    AccelCPUState *s = cpu->accel;

    if (!s || !s->run) {
        return;                         /* not created yet: not running */
    }
    g_atomic_int_set(&cpu->exit_request, 1);
    __atomic_store_n(&s->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
    pthread_kill(s->thread, KVM_KICK_SIGNAL);
}

/* ---- register synchronization (on the vCPU's thread) ---- */

static void kvm_synchronize_state(CPUState *cpu)
{
    Error *err = NULL;

    if (cpu->vcpu_dirty || !cpu->accel || !cpu->accel->run) {
        return;
    }
    if (!kvm_arch_get_registers(cpu, &err)) {
        error_prepend(&err, "kvm: vCPU %d: ", cpu->cpu_index);
        error_report_err(err);
        return;
    }
    cpu->vcpu_dirty = true;             /* edits here go back before KVM_RUN */
}

/*
 * The board reset the CPU: its state goes to KVM before it runs again,
 * and the kernel (its local APIC) decides whether an AP waits for SIPI.
 */
static void kvm_synchronize_post_reset(CPUState *cpu)
{
    cpu->vcpu_dirty = true;
    cpu->halted = false;
    if (cpu->accel) {
        cpu->accel->reset_pending = true;
    }
}

static const AccelOps kvm_accel_ops = {
    .name = "kvm",
    .available = kvm_available,
    .default_ok = kvm_default_ok,
    .init_machine = kvm_init_machine,
    .create_vcpu_thread = kvm_create_vcpu_thread,
    .kick_vcpu_thread = kvm_kick_vcpu_thread,
    .synchronize_state = kvm_synchronize_state,
    .synchronize_post_reset = kvm_synchronize_post_reset,
    .msi_route_add = kvm_msi_route_add,
    .msi_route_update = kvm_msi_route_update,
    .msi_route_release = kvm_msi_route_release,
    .msi_route_attach = kvm_msi_route_attach,
};

accel_init(kvm_accel_ops)
