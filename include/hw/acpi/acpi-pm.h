/*
 * "acpi-pm": the ACPI fixed-hardware power management registers of a PC
 * (PIIX4-like, without the PCI function): PM1a event block (PM1_STS,
 * PM1_EN) at iobase, PM1a control block (PM1_CNT) at iobase + 4 and the
 * 32-bit PM timer (3.579545 MHz of virtual time) at iobase + 8.
 *
 * The system is always in ACPI mode (SCI_EN set, no SMI command port).
 * Writing SLP_TYP = ACPI_SLP_TYP_S5 with SLP_EN powers the machine off
 * (a guest power-off shutdown request); other sleep types are logged as
 * unimplemented.  acpi_pm_power_button() presses the fixed power button.
 * The SCI (unnamed GPIO output 0, active high) is PM1_STS & PM1_EN:
 * PWRBTN; timer overflow status (TMR_STS) is not modelled.
 */
#ifndef HW_ACPI_ACPI_PM_H
#define HW_ACPI_ACPI_PM_H

#include "hw/sysbus.h"

#define TYPE_ACPI_PM "acpi-pm"
#define ACPI_PM_DEFAULT_BASE 0x600
#define ACPI_PM_EVT_OFFSET 0
#define ACPI_PM_EVT_LEN 4
#define ACPI_PM_CNT_OFFSET 4
#define ACPI_PM_CNT_LEN 2
#define ACPI_PM_TMR_OFFSET 8
#define ACPI_PM_TMR_LEN 4
#define ACPI_PM_IO_SIZE 12
#define ACPI_PM_TIMER_HZ 3579545

/* The \_S5 package value the DSDT gives the guest. */
#define ACPI_SLP_TYP_S5 5

#define ACPI_PM1_STS_PWRBTN (1u << 8)
#define ACPI_PM1_EN_GBL (1u << 5)
#define ACPI_PM1_EN_RTC (1u << 10)
#define ACPI_PM1_CNT_SCI_EN (1u << 0)
#define ACPI_PM1_CNT_SLP_TYP_SHIFT 10
#define ACPI_PM1_CNT_SLP_EN (1u << 13)

/* A realized acpi-pm with its ports at iobase in io and the SCI wired. */
DeviceState *acpi_pm_create(MemoryRegion *io, uint16_t iobase, qemu_irq sci);
/* The fixed-feature power button (system_powerdown). */
void acpi_pm_power_button(DeviceState *dev);

#endif
