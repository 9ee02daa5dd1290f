/*
 * `info pci`: the devices of every PCI bus, in QEMU's format.
 */
#include "kemu/osdep.h"
#include "hw/pci/pci.h"

static const struct {
    uint16_t class_id;
    const char *desc;
} pci_class_names[] = {
    { 0x0100, "SCSI controller" },
    { 0x0101, "IDE controller" },
    { 0x0106, "SATA controller" },
    { 0x0180, "Storage controller" },
    { 0x0200, "Ethernet controller" },
    { 0x0300, "VGA controller" },
    { 0x0380, "Display controller" },
    { 0x0403, "Audio controller" },
    { 0x0600, "Host bridge" },
    { 0x0601, "ISA bridge" },
    { 0x0604, "PCI bridge" },
    { 0x0680, "Bridge" },
    { 0x0700, "Serial port" },
    { 0x0780, "Communication controller" },
    { 0x0880, "System peripheral" },
    { 0x0c03, "USB controller" },
    { 0x0c05, "SMBus" },
    { 0x00ff, "Unclassified device" },
};

static void print_class(GString *out, uint16_t class_id)
{
    for (size_t i = 0; i < G_N_ELEMENTS(pci_class_names); i++) {
        if (pci_class_names[i].class_id == class_id) {
            g_string_append(out, pci_class_names[i].desc);
            return;
        }
    }
    g_string_append_printf(out, "Class %04x", class_id);
}

static void print_bar(GString *out, PCIDevice *d, int n)
{
    PCIIORegion *r = &d->regions[n];
    uint64_t addr = r->addr;
    uint64_t last = addr == PCI_BAR_UNMAPPED ? r->size - 1
                                             : addr + r->size - 1;

    g_string_append_printf(out, "      BAR%d: ", n);
    if (r->type & PCI_BASE_ADDRESS_SPACE_IO) {
        g_string_append_printf(out, "I/O at 0x%04" PRIx64 " [0x%04" PRIx64
                               "].\n", addr, last);
        return;
    }
    g_string_append_printf(out, "%s bit%s memory at 0x%08" PRIx64
                           " [0x%08" PRIx64 "].\n",
                           r->type & PCI_BASE_ADDRESS_MEM_TYPE_64 ? "64"
                                                                  : "32",
                           r->type & PCI_BASE_ADDRESS_MEM_PREFETCH
                               ? " prefetchable" : "",
                           addr, last);
}

static void print_device(GString *out, int busnr, PCIDevice *d)
{
    const uint8_t *c = d->config;

    g_string_append_printf(out, "  Bus %2d, device %3d, function %d:\n",
                           busnr, PCI_SLOT(d->devfn), PCI_FUNC(d->devfn));
    g_string_append(out, "    ");
    print_class(out, pci_get_word(c + PCI_CLASS_DEVICE));
    g_string_append_printf(out, ": PCI device %04x:%04x\n",
                           pci_get_word(c + PCI_VENDOR_ID),
                           pci_get_word(c + PCI_DEVICE_ID));
    g_string_append_printf(out, "      PCI subsystem %04x:%04x\n",
                           pci_get_word(c + PCI_SUBSYSTEM_VENDOR_ID),
                           pci_get_word(c + PCI_SUBSYSTEM_ID));
    if (c[PCI_INTERRUPT_PIN]) {
        g_string_append_printf(out, "      IRQ %d, pin %c\n",
                               c[PCI_INTERRUPT_LINE],
                               'A' + c[PCI_INTERRUPT_PIN] - 1);
    }
    for (int n = 0; n < PCI_NUM_REGIONS; n++) {
        if (d->regions[n].size) {
            print_bar(out, d, n);
        }
    }
    g_string_append_printf(out, "      id \"%s\"\n",
                           d->qdev.id ? d->qdev.id : "");
}

void pci_print_info(GString *out)
{
    GPtrArray *buses = pci_all_buses();

    for (guint b = 0; b < buses->len; b++) {
        PCIBus *bus = g_ptr_array_index(buses, b);

        for (int devfn = 0; devfn < 256; devfn++) {
            if (bus->devices[devfn]) {
                print_device(out, b, bus->devices[devfn]);
            }
        }
    }
}
