"""Whether this host can run guests under kemu-system-x86_64 -accel kvm,
and whether it can run Linux there.

/dev/kvm may be missing or unusable (CI machines), and where it works
without hardware virtualization (no vmx/svm: KVM's PVM flavour) the kernel
emulates guest kernel-mode code at about 2 million instructions a second:
bare-metal images run, a Linux boot would take hours."""
import fcntl
import functools
import os
import re

from kemu_harness import run_kemu

KVM_DEVICE = "/dev/kvm"
KVM_GET_API_VERSION = 0xAE00


@functools.lru_cache(maxsize=None)
def kvm_unusable():
    """Why KVM cannot run guests here, or None."""
    try:
        fd = os.open(KVM_DEVICE, os.O_RDWR)
    except OSError as e:
        return f"{KVM_DEVICE}: {e.strerror}"
    try:
        version = fcntl.ioctl(fd, KVM_GET_API_VERSION)
    except OSError as e:
        return f"{KVM_DEVICE}: KVM_GET_API_VERSION: {e.strerror}"
    finally:
        os.close(fd)
    if version != 12:
        return f"{KVM_DEVICE}: KVM API version {version}"
    if "kvm" not in run_kemu(["-accel", "help"], arch="x86_64").stdout.split():
        return "no kvm accelerator in this build"
    return None


def has_hw_virt():
    """True when /proc/cpuinfo shows VT-x (vmx) or AMD-V (svm)."""
    with open("/proc/cpuinfo") as f:
        return re.search(r"^flags\s*:.*\b(vmx|svm)\b", f.read(), re.M) \
            is not None


def linux_under_kvm_unusable():
    """Why Linux cannot boot under -accel kvm here, or None."""
    reason = kvm_unusable()
    if reason:
        return f"KVM unusable: {reason}"
    if not has_hw_virt():
        return ("no vmx/svm in /proc/cpuinfo: this /dev/kvm emulates guest "
                "kernel code (KVM's PVM flavour, about 2M instructions/s), "
                "too slow to boot Linux; this test runs on hosts with "
                "hardware virtualization")
    return None
