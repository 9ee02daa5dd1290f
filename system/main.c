/*
 * Kemu entry point (placeholder until the command line lands).
 */
#include "kemu/osdep.h"
#include "kemu/error.h"

int main(int argc, char **argv)
{
    error_set_progname(g_path_get_basename(argv[0]));
    printf("Kemu %s\n", KEMU_VERSION);
    return 0;
}
