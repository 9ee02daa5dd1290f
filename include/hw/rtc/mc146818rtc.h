/*
 * "mc146818rtc": the PC's CMOS real-time clock with 128 bytes of CMOS RAM,
 * index port 0x70 (bit 7 masks NMI) and data port 0x71.  Its interrupt
 * (ISA IRQ8) is the unnamed GPIO output line 0.
 *
 * Time starts as the host's UTC wall-clock time at realize and advances
 * with the virtual clock, so it stands still while the VM is paused.
 * Ports are placed by mc146818_rtc_create / mc146818_rtc_connect.
 */
#ifndef HW_RTC_MC146818RTC_H
#define HW_RTC_MC146818RTC_H

#include "hw/sysbus.h"

#define TYPE_MC146818_RTC "mc146818rtc"

/* CMOS offsets boards fill in. */
#define RTC_REG_EXT_MEM_KB_LO   0x17    /* also 0x30: KiB above 1 MiB */
#define RTC_REG_EXT_MEM_KB_HI   0x18    /* also 0x31 */
#define RTC_REG_BASE_MEM_KB_LO  0x15    /* 640 */
#define RTC_REG_BASE_MEM_KB_HI  0x16
#define RTC_REG_MEM_16M_LO      0x34    /* 64 KiB units above 16 MiB */
#define RTC_REG_MEM_16M_HI      0x35
#define RTC_REG_MEM_4G_LO       0x5b    /* 64 KiB units above 4 GiB, 3 bytes */
#define RTC_REG_CENTURY         0x32

/* A realized RTC with its ports in io and its interrupt wired to irq. */
DeviceState *mc146818_rtc_create(MemoryRegion *io, qemu_irq irq);
/* Map a realized RTC's ports (0x70-0x71) in io. */
void mc146818_rtc_connect(DeviceState *dev, MemoryRegion *io);

/* CMOS RAM (0x0e-0x7f) as the board sets it up for firmware. */
void rtc_set_memory(DeviceState *dev, int addr, uint8_t val);
uint8_t rtc_get_memory(DeviceState *dev, int addr);
/* Whether the guest masked NMI through bit 7 of port 0x70. */
bool rtc_nmi_masked(DeviceState *dev);

#endif
