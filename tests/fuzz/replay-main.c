/*
 * A main() for fuzz targets without libFuzzer: runs each file named on the
 * command line through LLVMFuzzerTestOneInput once.  make check uses it to
 * replay the seed corpus and mutated inputs with the ordinary compiler.
 */
#include "kemu/osdep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        g_autofree char *data = NULL;
        gsize len;

        if (!g_file_get_contents(argv[i], &data, &len, NULL)) {
            fprintf(stderr, "replay: cannot read %s\n", argv[i]);
            return 1;
        }
        LLVMFuzzerTestOneInput((const uint8_t *)data, len);
    }
    printf("replayed %d inputs\n", argc - 1);
    return 0;
}
