/* Hosts without the kvm accelerator: boards see no kernel irqchip. */
#include "kemu/osdep.h"
#include "system/kvm.h"

bool kvm_enabled(void)
{
    return false;
}

bool kvm_irqchip_in_kernel(void)
{
    return false;
}

void kvm_set_irq(int gsi, int level)
{
    g_assert_not_reached();
}

void kvm_signal_msi(uint64_t addr, uint32_t data)
{
    g_assert_not_reached();
}
