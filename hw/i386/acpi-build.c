/* ACPI tables for the pc board (see include/hw/i386/acpi-build.h). */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/loader.h"
#include "hw/acpi/aml-build.h"
#include "hw/acpi/acpi-pm.h"
#include "hw/i386/acpi-build.h"

#define RSDP_SIZE           36
#define FACS_SIZE           64
#define FADT_REVISION       3
#define APIC_ADDR           0xfee00000u
#define PCI_CONFIG_PORT     0xcf8
#define RESET_PORT          0xcf9
#define RESET_VALUE         0x06    /* PIIX3 RCR: full reset */

/* FADT flags and IA-PC boot architecture flags. */
#define FADT_WBINVD         (1u << 0)
#define FADT_PROC_C1        (1u << 2)
#define FADT_SLP_BUTTON     (1u << 5)
#define FADT_FIX_RTC        (1u << 6)
#define FADT_TMR_VAL_EXT    (1u << 8)
#define FADT_RESET_REG_SUP  (1u << 10)
#define BOOT_LEGACY_DEVICES (1u << 0)
#define BOOT_8042           (1u << 1)
#define BOOT_VGA_NOT_PRESENT (1u << 2)

/* MADT entry types and MPS INTI flags. */
enum { MADT_LAPIC = 0, MADT_IOAPIC = 1, MADT_ISO = 2, MADT_LAPIC_NMI = 4 };
#define MADT_PCAT_COMPAT    1
#define INTI_ACTIVE_LOW     0x3
#define INTI_LEVEL          (0x3 << 2)

X86AcpiConfig x86_acpi_default_config(unsigned ncpus, uint32_t lowmem)
{
    return (X86AcpiConfig){
        .ncpus = ncpus,
        .ioapic_addr = 0xfec00000,
        .ioapic_id = 0,
        .pm_base = ACPI_PM_DEFAULT_BASE,
        .sci_irq = 9,
        .pci_mem_start = lowmem,
        .pci_mem_end = 0xfec00000,
        .pci_gsi_base = 16,
        .vga = false,
    };
}

/* Word Address Space Descriptor (bus numbers or I/O). */
static void crs_word(GByteArray *b, uint8_t type, uint8_t type_flags,
                     uint16_t min, uint16_t max)
{
    acpi_add8(b, 0x88);
    acpi_add16(b, 13);
    acpi_add8(b, type);                 /* 1: I/O, 2: bus numbers */
    acpi_add8(b, 0x0c);                 /* producer, min/max fixed */
    acpi_add8(b, type_flags);
    acpi_add16(b, 0);                   /* granularity */
    acpi_add16(b, min);
    acpi_add16(b, max);
    acpi_add16(b, 0);                   /* translation */
    acpi_add16(b, max - min + 1);
}

/* DWord Address Space Descriptor for memory, [start, end). */
static void crs_dword_mem(GByteArray *b, uint32_t start, uint32_t end)
{
    acpi_add8(b, 0x87);
    acpi_add16(b, 23);
    acpi_add8(b, 0);                    /* memory */
    acpi_add8(b, 0x0c);
    acpi_add8(b, 0x01);                 /* read-write, non-cacheable */
    acpi_add32(b, 0);
    acpi_add32(b, start);
    acpi_add32(b, end - 1);
    acpi_add32(b, 0);
    acpi_add32(b, end - start);
}

static GByteArray *pci0_crs(const X86AcpiConfig *cfg)
{
    GByteArray *b = g_byte_array_new();

    crs_word(b, 2, 0, 0, 0xff);
    /* I/O port descriptor: the configuration ports, decoded 16-bit. */
    acpi_add8(b, 0x47);
    acpi_add8(b, 1);
    acpi_add16(b, PCI_CONFIG_PORT);
    acpi_add16(b, PCI_CONFIG_PORT);
    acpi_add8(b, 1);
    acpi_add8(b, 8);
    crs_word(b, 1, 3, 0, PCI_CONFIG_PORT - 1);
    crs_word(b, 1, 3, 0xd00, 0xffff);
    crs_dword_mem(b, 0xa0000, 0xc0000);
    if (cfg->pci_mem_end > cfg->pci_mem_start) {
        crs_dword_mem(b, cfg->pci_mem_start, cfg->pci_mem_end);
    }
    acpi_add8(b, 0x79);                 /* end tag, no checksum */
    acpi_add8(b, 0);
    return b;
}

static GByteArray *pci0_prt(const X86AcpiConfig *cfg)
{
    GByteArray *entries = g_byte_array_new();

    for (unsigned slot = 0; slot < 32; slot++) {
        for (unsigned pin = 0; pin < 4; pin++) {
            GByteArray *e = g_byte_array_new();

            aml_integer(e, slot << 16 | 0xffff);
            aml_integer(e, pin);
            aml_integer(e, 0);          /* no link device: a GSI */
            aml_integer(e, cfg->pci_gsi_base + ((slot + pin - 1) & 3));
            aml_package(entries, 4, e);
        }
    }
    return entries;
}

static void dsdt_body(GByteArray *t, const X86AcpiConfig *cfg)
{
    GByteArray *sb = g_byte_array_new();
    GByteArray *pci = g_byte_array_new();
    g_autoptr(GByteArray) data = g_byte_array_new();
    GByteArray *s5 = g_byte_array_new();

    aml_name_integer(pci, "_HID", aml_eisaid("PNP0A03"));
    aml_name_integer(pci, "_ADR", 0);
    aml_name_integer(pci, "_UID", 0);
    aml_buffer(data, pci0_crs(cfg));
    aml_name(pci, "_CRS", data);
    g_byte_array_set_size(data, 0);
    aml_package(data, 128, pci0_prt(cfg));
    aml_name(pci, "_PRT", data);
    aml_device(sb, "PCI0", pci);
    aml_scope(t, "\\_SB_", sb);

    /* \_S5: SLP_TYPa, SLP_TYPb, reserved, reserved. */
    aml_integer(s5, ACPI_SLP_TYP_S5);
    aml_integer(s5, ACPI_SLP_TYP_S5);
    aml_integer(s5, 0);
    aml_integer(s5, 0);
    g_byte_array_set_size(data, 0);
    aml_package(data, 4, s5);
    aml_name(t, "\\_S5_", data);
}

static void build_fadt(GByteArray *t, const X86AcpiConfig *cfg,
                       uint64_t facs, uint64_t dsdt)
{
    size_t off = acpi_table_begin(t, "FACP", FADT_REVISION);
    uint16_t pm = cfg->pm_base;

    acpi_add32(t, facs);
    acpi_add32(t, dsdt);
    acpi_add8(t, 0);                    /* reserved */
    acpi_add8(t, 0);                    /* preferred PM profile */
    acpi_add16(t, cfg->sci_irq);
    acpi_add32(t, 0);                   /* SMI_CMD: always in ACPI mode */
    acpi_add32(t, 0);                   /* ACPI_ENABLE .. PSTATE_CNT */
    acpi_add32(t, pm + ACPI_PM_EVT_OFFSET);
    acpi_add32(t, 0);
    acpi_add32(t, pm + ACPI_PM_CNT_OFFSET);
    acpi_add32(t, 0);
    acpi_add32(t, 0);                   /* PM2_CNT_BLK */
    acpi_add32(t, pm + ACPI_PM_TMR_OFFSET);
    acpi_add32(t, 0);                   /* GPE0_BLK */
    acpi_add32(t, 0);                   /* GPE1_BLK */
    acpi_add8(t, ACPI_PM_EVT_LEN);
    acpi_add8(t, ACPI_PM_CNT_LEN);
    acpi_add8(t, 0);
    acpi_add8(t, ACPI_PM_TMR_LEN);
    acpi_add32(t, 0);                   /* GPE lengths, GPE1 base, CST */
    acpi_add16(t, 0xfff);               /* P_LVL2_LAT: no C2 */
    acpi_add16(t, 0xfff);               /* P_LVL3_LAT: no C3 */
    acpi_add32(t, 0);                   /* flush size and stride */
    acpi_add32(t, 0);                   /* duty cycle, RTC alarms */
    acpi_add8(t, 0x32);                 /* RTC century register */
    acpi_add16(t, BOOT_LEGACY_DEVICES | BOOT_8042 |
               (cfg->vga ? 0 : BOOT_VGA_NOT_PRESENT));
    acpi_add8(t, 0);
    acpi_add32(t, FADT_WBINVD | FADT_PROC_C1 | FADT_SLP_BUTTON |
               FADT_FIX_RTC | FADT_TMR_VAL_EXT | FADT_RESET_REG_SUP);
    acpi_add_gas(t, ACPI_GAS_IO, 8, 1, RESET_PORT);
    acpi_add8(t, RESET_VALUE);
    acpi_add8(t, 0);                    /* ARM boot flags, minor version */
    acpi_add16(t, 0);
    acpi_add64(t, facs);
    acpi_add64(t, dsdt);
    acpi_add_gas(t, ACPI_GAS_IO, ACPI_PM_EVT_LEN * 8, 2,
                 pm + ACPI_PM_EVT_OFFSET);
    acpi_add_gas(t, 0, 0, 0, 0);
    acpi_add_gas(t, ACPI_GAS_IO, ACPI_PM_CNT_LEN * 8, 2,
                 pm + ACPI_PM_CNT_OFFSET);
    acpi_add_gas(t, 0, 0, 0, 0);
    acpi_add_gas(t, 0, 0, 0, 0);        /* X_PM2_CNT_BLK */
    acpi_add_gas(t, ACPI_GAS_IO, ACPI_PM_TMR_LEN * 8, 3,
                 pm + ACPI_PM_TMR_OFFSET);
    acpi_add_gas(t, 0, 0, 0, 0);        /* X_GPE0_BLK */
    acpi_add_gas(t, 0, 0, 0, 0);        /* X_GPE1_BLK */
    acpi_table_end(t, off);
}

static void madt_iso(GByteArray *t, uint8_t irq, uint32_t gsi, uint16_t flags)
{
    acpi_add8(t, MADT_ISO);
    acpi_add8(t, 10);
    acpi_add8(t, 0);                    /* bus: ISA */
    acpi_add8(t, irq);
    acpi_add32(t, gsi);
    acpi_add16(t, flags);
}

static void build_madt(GByteArray *t, const X86AcpiConfig *cfg)
{
    size_t off = acpi_table_begin(t, "APIC", 1);

    acpi_add32(t, APIC_ADDR);
    acpi_add32(t, MADT_PCAT_COMPAT);    /* the 8259s are there too */
    for (unsigned i = 0; i < cfg->ncpus; i++) {
        acpi_add8(t, MADT_LAPIC);
        acpi_add8(t, 8);
        acpi_add8(t, i);                /* processor UID */
        acpi_add8(t, i);                /* APIC ID */
        acpi_add32(t, 1);               /* enabled */
    }
    acpi_add8(t, MADT_IOAPIC);
    acpi_add8(t, 12);
    acpi_add8(t, cfg->ioapic_id);
    acpi_add8(t, 0);
    acpi_add32(t, cfg->ioapic_addr);
    acpi_add32(t, 0);                   /* GSI base */
    madt_iso(t, 0, 2, 0);               /* the PIT is on pin 2 */
    madt_iso(t, cfg->sci_irq, cfg->sci_irq, INTI_ACTIVE_LOW | INTI_LEVEL);
    acpi_add8(t, MADT_LAPIC_NMI);
    acpi_add8(t, 6);
    acpi_add8(t, 0xff);                 /* every processor */
    acpi_add16(t, 0);
    acpi_add8(t, 1);                    /* LINT1 */
    acpi_table_end(t, off);
}

static void build_rsdt(GByteArray *t, const char *sig, bool wide,
                       const uint64_t *tables, int n)
{
    size_t off = acpi_table_begin(t, sig, 1);

    for (int i = 0; i < n; i++) {
        if (wide) {
            acpi_add64(t, tables[i]);
        } else {
            acpi_add32(t, tables[i]);
        }
    }
    acpi_table_end(t, off);
}

static void build_rsdp(GByteArray *t, uint64_t rsdt, uint64_t xsdt)
{
    g_byte_array_append(t, (const uint8_t *)"RSD PTR ", 8);
    acpi_add8(t, 0);
    g_byte_array_append(t, (const uint8_t *)ACPI_OEM_ID, 6);
    acpi_add8(t, 2);                    /* revision: ACPI 2.0+ */
    acpi_add32(t, rsdt);
    acpi_add32(t, RSDP_SIZE);
    acpi_add64(t, xsdt);
    acpi_add32(t, 0);                   /* extended checksum, reserved */
    t->data[8] = acpi_checksum(t->data, 20);
    t->data[32] = acpi_checksum(t->data, RSDP_SIZE);
}

static void build_facs(GByteArray *t)
{
    size_t off = t->len;

    g_byte_array_append(t, (const uint8_t *)"FACS", 4);
    acpi_add32(t, FACS_SIZE);
    g_byte_array_set_size(t, off + FACS_SIZE);
    memset(t->data + off + 8, 0, FACS_SIZE - 8);
    t->data[off + 32] = 1;              /* version */
}

static bool check_config(const X86AcpiConfig *cfg, uint64_t base,
                         Error **errp)
{
    if (cfg->ncpus == 0 || cfg->ncpus > X86_ACPI_MAX_CPUS) {
        error_setg(errp, "ACPI tables: %u CPUs (1 to %d can be described)",
                   cfg->ncpus, X86_ACPI_MAX_CPUS);
        return false;
    }
    if (base % 64 || base + X86_ACPI_MAX_SIZE > 1ull << 32) {
        error_setg(errp, "ACPI tables: bad base address 0x%" PRIx64, base);
        return false;
    }
    return true;
}

GByteArray *x86_acpi_build(const X86AcpiConfig *cfg, uint64_t base,
                           uint64_t *rsdp_addr, Error **errp)
{
    GByteArray *t;
    size_t facs, dsdt, fadt, madt, rsdt, xsdt;
    g_autoptr(GByteArray) rsdp = g_byte_array_new();
    uint64_t tables[2];

    if (!check_config(cfg, base, errp)) {
        return NULL;
    }
    /* RSDP first (filled in last), then each table after what it names. */
    t = g_byte_array_new();
    g_byte_array_set_size(t, 64);
    memset(t->data, 0, 64);
    facs = t->len;
    build_facs(t);
    dsdt = acpi_table_begin(t, "DSDT", 2);
    dsdt_body(t, cfg);
    acpi_table_end(t, dsdt);
    acpi_align(t, 8);
    fadt = t->len;
    build_fadt(t, cfg, base + facs, base + dsdt);
    acpi_align(t, 8);
    madt = t->len;
    build_madt(t, cfg);
    acpi_align(t, 8);
    tables[0] = base + fadt;
    tables[1] = base + madt;
    rsdt = t->len;
    build_rsdt(t, "RSDT", false, tables, 2);
    acpi_align(t, 8);
    xsdt = t->len;
    build_rsdt(t, "XSDT", true, tables, 2);
    build_rsdp(rsdp, base + rsdt, base + xsdt);
    memcpy(t->data, rsdp->data, RSDP_SIZE);
    if (t->len > X86_ACPI_MAX_SIZE) {
        error_setg(errp, "ACPI tables: %u bytes do not fit in %d", t->len,
                   X86_ACPI_MAX_SIZE);
        g_byte_array_unref(t);
        return NULL;
    }
    *rsdp_addr = base;
    return t;
}

bool x86_acpi_load(const X86AcpiConfig *cfg, uint64_t *rsdp_addr,
                   Error **errp)
{
    g_autoptr(GByteArray) t = x86_acpi_build(cfg, X86_ACPI_BASE, rsdp_addr,
                                             errp);

    return t && loader_write_boot_blob(X86_ACPI_BASE, t->data, t->len, errp);
}
