/* The guest's name for its architecture: uname -m, AT_PLATFORM. */
#ifndef GUEST_MACHINE_H
#define GUEST_MACHINE_H

#if defined(__aarch64__)
#define MACHINE "aarch64"
#elif defined(__x86_64__)
#define MACHINE "x86_64"
#endif

#endif
