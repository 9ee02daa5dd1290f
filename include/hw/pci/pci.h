/*
 * PCI: buses ("PCI" qbus type) and devices ("pci-device", abstract).
 *
 * A device has 256 bytes of configuration space with the standard type 0
 * header.  Writes go through wmask (writable bits) and w1cmask (status
 * bits cleared by writing 1).  BARs registered with pci_register_bar()
 * follow the command register: while I/O (memory) decoding is enabled and
 * the BAR holds a valid address, the BAR's region is mapped at that address
 * in the bus's I/O (memory) window.
 *
 * INTx: pci_set_irq() drives the device's pin (config 0x3d); the bus maps
 * (device, pin) to one of its nirq lines with map_irq and counts asserted
 * pins per line, so shared lines stay high while any device asserts them.
 *
 * MSI-X (hw/pci/msix.h) lives in the device too; this core forwards
 * config writes, reset and unrealize to it.
 *
 * Devices are placed with the "addr" property ("slot.fn" in hex, e.g.
 * "03.0" or just "3"; default: the first free slot) and -device's bus=.
 */
#ifndef HW_PCI_PCI_H
#define HW_PCI_PCI_H

#include "hw/qdev-core.h"
#include "exec/memory.h"

#define TYPE_PCI_BUS "PCI"
#define TYPE_PCI_DEVICE "pci-device"

#define PCI_CONFIG_SPACE_SIZE   256
#define PCI_NUM_REGIONS         6
#define PCI_DEVFN(slot, fn)     ((((slot) & 0x1f) << 3) | ((fn) & 7))
#define PCI_SLOT(devfn)         (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)         ((devfn) & 7)
#define PCI_BAR_UNMAPPED        UINT64_MAX

/* Configuration header (type 0). */
#define PCI_VENDOR_ID           0x00
#define PCI_DEVICE_ID           0x02
#define PCI_COMMAND             0x04
#define  PCI_COMMAND_IO         0x0001
#define  PCI_COMMAND_MEMORY     0x0002
#define  PCI_COMMAND_MASTER     0x0004
#define  PCI_COMMAND_PARITY     0x0040
#define  PCI_COMMAND_SERR       0x0100
#define  PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_STATUS              0x06
#define  PCI_STATUS_INTERRUPT   0x0008
#define  PCI_STATUS_CAP_LIST    0x0010
#define PCI_REVISION_ID         0x08
#define PCI_CLASS_PROG          0x09
#define PCI_CLASS_DEVICE        0x0a
#define PCI_CACHE_LINE_SIZE     0x0c
#define PCI_LATENCY_TIMER       0x0d
#define PCI_HEADER_TYPE         0x0e
#define  PCI_HEADER_TYPE_MULTI_FUNCTION 0x80
#define PCI_BASE_ADDRESS_0      0x10
#define  PCI_BASE_ADDRESS_SPACE_IO      0x01
#define  PCI_BASE_ADDRESS_MEM_TYPE_64   0x04
#define  PCI_BASE_ADDRESS_MEM_PREFETCH  0x08
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID        0x2e
#define PCI_CAPABILITY_LIST     0x34
#define PCI_INTERRUPT_LINE      0x3c
#define PCI_INTERRUPT_PIN       0x3d
#define PCI_CONFIG_HEADER_SIZE  0x40

#define PCI_CAP_ID_MSI          0x05
#define PCI_CAP_ID_VNDR         0x09
#define PCI_CAP_ID_MSIX         0x11

#define PCI_VENDOR_ID_INTEL     0x8086
#define PCI_CLASS_STORAGE_SCSI  0x0100
#define PCI_CLASS_NETWORK_ETHERNET 0x0200
#define PCI_CLASS_BRIDGE_HOST   0x0600
#define PCI_CLASS_BRIDGE_ISA    0x0601
#define PCI_CLASS_OTHERS        0xff00

typedef struct PCIBus PCIBus;
typedef struct PCIDevice PCIDevice;

/* Which of the bus's lines the device's pin (0 = INTA) drives. */
typedef int (*pci_map_irq_fn)(PCIDevice *dev, int pin);
typedef void (*pci_set_irq_fn)(void *opaque, int irq_num, int level);

struct PCIBus {
    BusState qbus;
    MemoryRegion *mem;          /* where memory BARs map */
    MemoryRegion *io;           /* where I/O BARs map */
    pci_set_irq_fn set_irq;
    pci_map_irq_fn map_irq;
    void *irq_opaque;
    int nirq;
    int *irq_count;             /* asserted pins per line */
    PCIDevice *devices[256];    /* by devfn */
};

typedef struct PCIIORegion {
    uint64_t size;              /* 0: no BAR */
    uint8_t type;               /* the BAR's low bits */
    MemoryRegion *mr;
    uint64_t addr;              /* where mapped, or PCI_BAR_UNMAPPED */
} PCIIORegion;

struct PCIDevice {
    DeviceState qdev;
    uint8_t config[PCI_CONFIG_SPACE_SIZE];
    uint8_t wmask[PCI_CONFIG_SPACE_SIZE];
    uint8_t w1cmask[PCI_CONFIG_SPACE_SIZE];
    int32_t devfn;              /* "addr"; -1 until placed */
    PCIBus *bus;
    PCIIORegion regions[PCI_NUM_REGIONS];
    int intx_level;
    uint8_t cap_end;            /* next free capability offset */
    bool used[PCI_CONFIG_SPACE_SIZE];   /* taken by header or capability */
    /* MSI-X (hw/pci/msix.c); msix_cap 0: none. */
    uint8_t msix_cap;
    unsigned msix_entries;
    uint8_t *msix_table;
    uint8_t *msix_pba;
    struct MSIXRoute *msix_routes;      /* per vector, for its notifier */
    MemoryRegion msix_bar, msix_table_mmio, msix_pba_mmio;
};

typedef struct PCIDeviceClass {
    DeviceClass parent_class;
    /* The device's own realize, after the header is set up. */
    bool (*realize)(PCIDevice *dev, Error **errp);
    void (*exit)(PCIDevice *dev);
    /* NULL: pci_default_read_config / pci_default_write_config. */
    uint32_t (*config_read)(PCIDevice *dev, uint32_t addr, int len);
    void (*config_write)(PCIDevice *dev, uint32_t addr, uint32_t val,
                         int len);
    uint16_t vendor_id, device_id;
    uint16_t subsystem_vendor_id, subsystem_id;
    uint16_t class_id;          /* base class << 8 | subclass */
    uint8_t prog_if, revision;
    bool multifunction;         /* header type bit 7 */
} PCIDeviceClass;

#define PCI_BUS(obj) OBJECT_CHECK(PCIBus, (obj), TYPE_PCI_BUS)
#define PCI_DEVICE(obj) OBJECT_CHECK(PCIDevice, (obj), TYPE_PCI_DEVICE)
#define PCI_DEVICE_CLASS(klass) \
    OBJECT_CLASS_CHECK(PCIDeviceClass, (klass), TYPE_PCI_DEVICE)
#define PCI_DEVICE_GET_CLASS(obj) \
    OBJECT_GET_CLASS(PCIDeviceClass, (obj), TYPE_PCI_DEVICE)

static inline uint16_t pci_get_word(const uint8_t *p)
{
    return p[0] | p[1] << 8;
}

static inline uint32_t pci_get_long(const uint8_t *p)
{
    return pci_get_word(p) | (uint32_t)pci_get_word(p + 2) << 16;
}

static inline void pci_set_word(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static inline void pci_set_long(uint8_t *p, uint32_t v)
{
    pci_set_word(p, v);
    pci_set_word(p + 2, v >> 16);
}

/* Buses. */
PCIBus *pci_bus_new(DeviceState *parent, const char *name, MemoryRegion *mem,
                    MemoryRegion *io);
void pci_bus_irqs(PCIBus *bus, pci_set_irq_fn set_irq,
                  pci_map_irq_fn map_irq, void *opaque, int nirq);
/* Host bridges: config cycles; absent functions read as all-ones. */
uint32_t pci_bus_config_read(PCIBus *bus, uint8_t devfn, uint32_t addr,
                             int len);
void pci_bus_config_write(PCIBus *bus, uint8_t devfn, uint32_t addr,
                          uint32_t val, int len);

/* Devices.  devfn -1: the first free slot. */
PCIDevice *pci_create_simple(PCIBus *bus, int devfn, const char *type);
uint32_t pci_default_read_config(PCIDevice *d, uint32_t addr, int len);
void pci_default_write_config(PCIDevice *d, uint32_t addr, uint32_t val,
                              int len);
/*
 * BAR n decodes mr (size a power of two, at least 16 bytes for memory and
 * 4 for I/O).  type is PCI_BASE_ADDRESS_SPACE_IO or a memory type (64-bit
 * takes BAR n + 1 too, prefetchable).  Call from the device's realize.
 */
void pci_register_bar(PCIDevice *d, int n, uint8_t type, MemoryRegion *mr);
/* Where BAR n is mapped now, or PCI_BAR_UNMAPPED. */
uint64_t pci_get_bar_addr(PCIDevice *d, int n);
/* Drive the device's INTx pin. */
void pci_set_irq(PCIDevice *d, int level);

/*
 * Capabilities: link a capability of size bytes at offset (0: the next
 * free offset after the header, dword aligned) into the list.  Returns
 * the offset, or 0 with errp set when it does not fit or overlaps.
 */
uint8_t pci_add_capability(PCIDevice *d, uint8_t cap_id, uint8_t offset,
                           uint8_t size, Error **errp);
/* Offset of the first capability with that ID, or 0. */
uint8_t pci_find_capability(PCIDevice *d, uint8_t cap_id);

/* `info pci`: every device on every PCI bus, QEMU style. */
void pci_print_info(GString *out);

/* For pci-info.c: the buses in creation order. */
GPtrArray *pci_all_buses(void);

#endif
