/*
 * kemu-img: create, inspect, check, convert and resize disk images, with
 * qemu-img's command line and output.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "block/block.h"
#include "util/keyval.h"

#include <getopt.h>

enum { OPT_OUTPUT = 256, OPT_SHRINK };

static const struct option long_opts[] = {
    { "help", no_argument, NULL, 'h' },
    { "output", required_argument, NULL, OPT_OUTPUT },
    { "force-share", no_argument, NULL, 'U' },
    { "shrink", no_argument, NULL, OPT_SHRINK },
    { NULL, 0, NULL, 0 },
};

typedef struct ImgOpts {
    const char *fmt;
    const char *out_fmt;
    const char *backing;
    const char *backing_fmt;
    const char *options;
    const char *repair;
    bool json;
    bool force_share;
    bool compress;
    bool quiet;
    bool shrink;
    int argc;
    char **argv;
} ImgOpts;

static void usage(void)
{
    printf("Usage: kemu-img COMMAND [options]\n"
           "  create [-q] [-f fmt] [-b backing -F backing_fmt] "
           "[-o cluster_size=N,compat=0.10|1.1] file [size]\n"
           "  info [-f fmt] [-U] [--output=human|json] file\n"
           "  check [-f fmt] [-r leaks|all] [-U] file\n"
           "  convert [-c] [-f fmt] [-O output_fmt] [-o options] src dst\n"
           "  resize [-f fmt] [--shrink] file [+|-]size\n");
}

static bool parse_args(int argc, char **argv, ImgOpts *o, Error **errp)
{
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "hf:O:b:F:o:r:cqUp", long_opts,
                            NULL)) != -1) {
        switch (c) {
        case 'f': o->fmt = optarg; break;
        case 'O': o->out_fmt = optarg; break;
        case 'b': o->backing = optarg; break;
        case 'F': o->backing_fmt = optarg; break;
        case 'o': o->options = optarg; break;
        case 'r': o->repair = optarg; break;
        case 'c': o->compress = true; break;
        case 'q': o->quiet = true; break;
        case 'U': o->force_share = true; break;
        case 'p': break;
        case OPT_SHRINK: o->shrink = true; break;
        case OPT_OUTPUT:
            if (strcmp(optarg, "json") && strcmp(optarg, "human")) {
                error_setg(errp, "--output must be used with human or json "
                           "as argument.");
                return false;
            }
            o->json = !strcmp(optarg, "json");
            break;
        case 'h':
            usage();
            exit(0);
        default:
            error_setg(errp, "Invalid option (try 'kemu-img --help')");
            return false;
        }
    }
    o->argc = argc - optind;
    o->argv = argv + optind;
    return true;
}

static bool parse_image_size(const char *str, uint64_t *size, Error **errp)
{
    if (!parse_size(str, 1, size)) {
        error_setg(errp, "Invalid image size specified. You may use k, M, G, "
                   "T, P or E suffixes for kilobytes, megabytes, gigabytes, "
                   "terabytes, petabytes and exabytes.");
        return false;
    }
    return true;
}

/* -o cluster_size=...,compat=...,backing_file=...,backing_fmt=... */
static bool parse_create_options(const char *str, BlockCreateOptions *co,
                                 Error **errp)
{
    g_autoptr(Keyval) kv = NULL;
    const char *compat;

    if (!str) {
        return true;
    }
    kv = keyval_parse(str, NULL, errp);
    if (!kv) {
        return false;
    }
    keyval_set_option_name(kv, "-o");
    if (!keyval_get_size(kv, "cluster_size", &co->cluster_size, errp)) {
        return false;
    }
    compat = keyval_get(kv, "compat");
    if (compat) {
        if (!strcmp(compat, "0.10") || !strcmp(compat, "v2")) {
            co->qcow2_version = 2;
        } else if (!strcmp(compat, "1.1") || !strcmp(compat, "v3")) {
            co->qcow2_version = 3;
        } else {
            error_setg(errp, "Invalid compatibility level: '%s'", compat);
            return false;
        }
    }
    if (keyval_has(kv, "backing_file")) {
        co->backing_file = g_strdup(keyval_get(kv, "backing_file"));
    }
    if (keyval_has(kv, "backing_fmt")) {
        co->backing_fmt = g_strdup(keyval_get(kv, "backing_fmt"));
    }
    return keyval_check_unused(kv, errp);
}

static int img_create(ImgOpts *o, Error **errp)
{
    const char *fmt = o->fmt ? o->fmt : "raw";
    BlockCreateOptions co = { .backing_file = o->backing,
                              .backing_fmt = o->backing_fmt };

    if (o->argc < 1 || o->argc > 2) {
        error_setg(errp, "Expecting image file name (and size)");
        return 1;
    }
    if (!parse_create_options(o->options, &co, errp)) {
        return 1;
    }
    if (o->argc == 2 && !parse_image_size(o->argv[1], &co.size, errp)) {
        return 1;
    }
    if (o->argc == 1) {
        g_autofree char *dir = g_path_get_dirname(o->argv[0]);
        g_autofree char *path = NULL;
        BlockDriverState *bs;

        if (!co.backing_file) {
            error_setg(errp, "Image creation needs a size parameter");
            return 1;
        }
        path = g_path_is_absolute(co.backing_file)
               ? g_strdup(co.backing_file)
               : g_build_filename(dir, co.backing_file, NULL);
        bs = bdrv_open(path, co.backing_fmt, BDRV_O_NO_LOCK, 0, errp);
        if (!bs) {
            return 1;
        }
        co.size = bdrv_getlength(bs);
        bdrv_close(bs);
    }
    if (!o->quiet) {
        printf("Formatting '%s', fmt=%s size=%" PRIu64 "\n", o->argv[0], fmt,
               co.size);
    }
    return bdrv_create(fmt, o->argv[0], &co, errp) ? 0 : 1;
}

/* qemu-img's "1.5 GiB" style. */
static char *size_to_str(uint64_t v)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB",
                                         "PiB", "EiB" };
    double d = v;
    int i = 0;

    while (d >= 1024 * 0.975 && i < 6) {
        d /= 1024;
        i++;
    }
    return g_strdup_printf("%0.3g %s", d, units[i]);
}

static char *json_str(const char *s)
{
    GString *out = g_string_new("\"");

    for (; *s; s++) {
        if (*s == '"' || *s == '\\') {
            g_string_append_printf(out, "\\%c", *s);
        } else if ((unsigned char)*s < 0x20) {
            g_string_append_printf(out, "\\u%04x", *s);
        } else {
            g_string_append_c(out, *s);
        }
    }
    g_string_append_c(out, '"');
    return g_string_free(out, false);
}

static void info_json(const char *file, BlockInfo *bi, int64_t disk)
{
    g_autofree char *name = json_str(file);

    printf("{\n    \"virtual-size\": %" PRIu64 ",\n    \"filename\": %s,\n",
           bi->virtual_size, name);
    if (bi->cluster_size) {
        printf("    \"cluster-size\": %" PRIu64 ",\n", bi->cluster_size);
    }
    printf("    \"format\": \"%s\",\n    \"actual-size\": %" PRId64 ",\n",
           bi->format, disk);
    if (bi->backing_file) {
        g_autofree char *b = json_str(bi->backing_file);

        printf("    \"backing-filename\": %s,\n", b);
        if (bi->backing_format) {
            g_autofree char *f = json_str(bi->backing_format);

            printf("    \"backing-filename-format\": %s,\n", f);
        }
    }
    if (bi->qcow2_version) {
        bool v3 = bi->qcow2_version >= 3;

        printf("    \"format-specific\": {\n        \"type\": \"qcow2\",\n"
               "        \"data\": {\n            \"compat\": \"%s\",\n"
               "            \"compression-type\": \"zlib\",\n",
               v3 ? "1.1" : "0.10");
        if (v3) {
            printf("            \"lazy-refcounts\": %s,\n",
                   bi->lazy_refcounts ? "true" : "false");
        }
        printf("            \"refcount-bits\": %d", bi->refcount_bits);
        if (v3) {
            printf(",\n            \"corrupt\": %s,\n"
                   "            \"extended-l2\": false",
                   bi->corrupt ? "true" : "false");
        }
        printf("\n        }\n    },\n");
    }
    printf("    \"dirty-flag\": %s\n}\n", bi->dirty ? "true" : "false");
}

static void info_human(const char *file, BlockInfo *bi, int64_t disk)
{
    g_autofree char *vsize = size_to_str(bi->virtual_size);
    g_autofree char *dsize = size_to_str(disk);

    printf("image: %s\nfile format: %s\nvirtual size: %s (%" PRIu64
           " bytes)\ndisk size: %s\n", file, bi->format, vsize,
           bi->virtual_size, dsize);
    if (bi->cluster_size) {
        printf("cluster_size: %" PRIu64 "\n", bi->cluster_size);
    }
    if (bi->backing_file) {
        printf("backing file: %s\n", bi->backing_file);
        if (bi->backing_format) {
            printf("backing file format: %s\n", bi->backing_format);
        }
    }
    if (bi->qcow2_version) {
        bool v3 = bi->qcow2_version >= 3;

        printf("Format specific information:\n    compat: %s\n"
               "    compression type: zlib\n", v3 ? "1.1" : "0.10");
        if (v3) {
            printf("    lazy refcounts: %s\n",
                   bi->lazy_refcounts ? "true" : "false");
        }
        printf("    refcount bits: %d\n", bi->refcount_bits);
        if (v3) {
            printf("    corrupt: %s\n    extended l2: false\n",
                   bi->corrupt ? "true" : "false");
        }
    }
}

static int img_info(ImgOpts *o, Error **errp)
{
    BlockDriverState *bs;
    BlockInfo bi;
    int64_t disk;

    if (o->argc != 1) {
        error_setg(errp, "Expecting one image file name");
        return 1;
    }
    bs = bdrv_open(o->argv[0], o->fmt, BDRV_O_NO_BACKING |
                   (o->force_share ? BDRV_O_NO_LOCK : 0), 0, errp);
    if (!bs) {
        return 1;
    }
    bdrv_get_info(bs, &bi);
    disk = bdrv_get_allocated_size(bs);
    if (o->json) {
        info_json(o->argv[0], &bi, disk);
    } else {
        info_human(o->argv[0], &bi, disk);
    }
    block_info_clear(&bi);
    bdrv_close(bs);
    return 0;
}

static void check_print(BdrvCheckResult *r)
{
    if (!r->corruptions && !r->leaks && !r->check_errors) {
        printf("No errors were found on the image.\n");
    }
    if (r->corruptions) {
        printf("\n%d errors were found on the image.\nData may be corrupted, "
               "or further writes to the image may corrupt it.\n",
               r->corruptions);
    }
    if (r->leaks) {
        printf("\n%d leaked clusters were found on the image.\nThis means "
               "waste of disk space, but no harm to data.\n", r->leaks);
    }
    if (r->check_errors) {
        printf("\n%d internal errors have occurred during the check.\n",
               r->check_errors);
    }
    if (r->total_clusters && r->allocated_clusters) {
        printf("%" PRIu64 "/%" PRIu64 " = %0.2f%% allocated, %0.2f%% "
               "fragmented, %0.2f%% compressed clusters\n",
               r->allocated_clusters, r->total_clusters,
               r->allocated_clusters * 100.0 / r->total_clusters,
               r->fragmented_clusters * 100.0 / r->allocated_clusters,
               r->compressed_clusters * 100.0 / r->allocated_clusters);
    }
    if (r->image_end_offset) {
        printf("Image end offset: %" PRIu64 "\n", r->image_end_offset);
    }
}

static int img_check(ImgOpts *o, Error **errp)
{
    BdrvCheckMode fix = BDRV_CHECK_ONLY;
    BdrvCheckResult r;
    BlockDriverState *bs;
    int ret;

    if (o->argc != 1) {
        error_setg(errp, "Expecting one image file name");
        return 1;
    }
    if (o->repair) {
        if (!strcmp(o->repair, "leaks")) {
            fix = BDRV_FIX_LEAKS;
        } else if (!strcmp(o->repair, "all")) {
            fix = BDRV_FIX_LEAKS | BDRV_FIX_ERRORS;
        } else {
            error_setg(errp, "Unknown option value for -r (expecting 'leaks' "
                       "or 'all'): %s", o->repair);
            return 1;
        }
    }
    bs = bdrv_open(o->argv[0], o->fmt, BDRV_O_NO_BACKING | BDRV_O_CHECK |
                   (fix ? BDRV_O_RDWR : 0) |
                   (o->force_share ? BDRV_O_NO_LOCK : 0), 0, errp);
    if (!bs) {
        return 1;
    }
    ret = bdrv_check(bs, &r, fix);
    if (ret == -ENOTSUP) {
        error_setg(errp, "This image format does not support checks");
        bdrv_close(bs);
        return 63;
    }
    if (ret == 0 && (r.leaks_fixed || r.corruptions_fixed)) {
        printf("The following inconsistencies were found and repaired:\n\n"
               "    %d leaked clusters\n    %d corruptions\n\n"
               "Double checking the fixed image now...\n",
               r.leaks_fixed, r.corruptions_fixed);
        ret = bdrv_check(bs, &r, BDRV_CHECK_ONLY);
    }
    bdrv_close(bs);
    if (ret < 0) {
        error_setg(errp, "Check failed: %s", strerror(-ret));
        return 1;
    }
    check_print(&r);
    return r.check_errors ? 1 : r.corruptions ? 2 : r.leaks ? 3 : 0;
}

static bool buffer_is_zero(const uint8_t *buf, size_t len)
{
    return len == 0 || (buf[0] == 0 && !memcmp(buf, buf + 1, len - 1));
}

static bool convert_copy(BlockDriverState *src, BlockDriverState *dst,
                         uint64_t size, bool compress, uint64_t chunk,
                         Error **errp)
{
    g_autofree uint8_t *buf = g_malloc(chunk);

    for (uint64_t off = 0; off < size; off += chunk) {
        uint64_t n = MIN(chunk, size - off);
        int ret = bdrv_pread(src, off, buf, n);

        if (ret < 0) {
            error_setg_errno(errp, -ret, "error while reading at byte %"
                             PRIu64, off);
            return false;
        }
        if (buffer_is_zero(buf, n)) {
            continue;
        }
        ret = compress ? bdrv_pwrite_compressed(dst, off, buf, n)
                       : bdrv_pwrite(dst, off, buf, n);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "error while writing at byte %"
                             PRIu64, off);
            return false;
        }
    }
    return true;
}

static int img_convert(ImgOpts *o, Error **errp)
{
    const char *out_fmt = o->out_fmt ? o->out_fmt : "raw";
    BlockCreateOptions co = { 0 };
    BlockDriverState *src, *dst;
    BlockInfo bi;
    uint64_t chunk;
    bool ok;

    if (o->argc != 2) {
        error_setg(errp, "Expecting a source and a destination file name");
        return 1;
    }
    if (o->compress && strcmp(out_fmt, "qcow2")) {
        error_setg(errp, "Compression not supported for format '%s'",
                   out_fmt);
        return 1;
    }
    if (!parse_create_options(o->options, &co, errp)) {
        return 1;
    }
    src = bdrv_open(o->argv[0], o->fmt, o->force_share ? BDRV_O_NO_LOCK : 0,
                    0, errp);
    if (!src) {
        return 1;
    }
    co.size = bdrv_getlength(src);
    if (!bdrv_create(out_fmt, o->argv[1], &co, errp)) {
        bdrv_close(src);
        return 1;
    }
    dst = bdrv_open(o->argv[1], out_fmt, BDRV_O_RDWR, BDRV_CACHE_UNSAFE,
                    errp);
    if (!dst) {
        bdrv_close(src);
        return 1;
    }
    bdrv_get_info(dst, &bi);
    chunk = bi.cluster_size ? bi.cluster_size : 1024 * 1024;
    block_info_clear(&bi);
    ok = convert_copy(src, dst, co.size, o->compress, chunk, errp);
    /* cache=unsafe while copying; one real sync at the end. */
    dst->cache = dst->file ? (dst->file->cache = BDRV_CACHE_WRITEBACK)
                           : BDRV_CACHE_WRITEBACK;
    ok = ok && bdrv_flush(dst) == 0;
    bdrv_close(dst);
    bdrv_close(src);
    return ok ? 0 : 1;
}

static int img_resize(ImgOpts *o, Error **errp)
{
    const char *arg;
    BlockDriverState *bs;
    uint64_t n, size;
    int64_t cur;
    bool ok;

    if (o->argc != 2) {
        error_setg(errp, "Expecting image file name and size");
        return 1;
    }
    arg = o->argv[1];
    if (!parse_image_size(arg + (*arg == '+' || *arg == '-'), &n, errp)) {
        return 1;
    }
    bs = bdrv_open(o->argv[0], o->fmt, BDRV_O_RDWR | BDRV_O_NO_BACKING, 0,
                   errp);
    if (!bs) {
        return 1;
    }
    cur = bdrv_getlength(bs);
    size = *arg == '+' ? cur + n : *arg == '-' ? cur - n : n;
    if (*arg == '-' && n > (uint64_t)cur) {
        error_setg(errp, "New image size must be positive");
        ok = false;
    } else if (size < (uint64_t)cur && !o->shrink) {
        error_setg(errp, "Use the --shrink option to perform a shrink "
                   "operation.");
        ok = false;
    } else {
        ok = bdrv_truncate(bs, size, errp) && bdrv_flush(bs) == 0;
    }
    bdrv_close(bs);
    if (ok) {
        printf("Image resized.\n");
    }
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(ImgOpts *o, Error **errp);
    } cmds[] = {
        { "create", img_create }, { "info", img_info },
        { "check", img_check }, { "convert", img_convert },
        { "resize", img_resize },
    };
    ImgOpts o = { 0 };
    Error *err = NULL;
    int ret;

    error_set_progname("kemu-img");
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage();
        return argc < 2;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(cmds); i++) {
        if (strcmp(argv[1], cmds[i].name)) {
            continue;
        }
        if (!parse_args(argc - 1, argv + 1, &o, &err)) {
            error_report_err(err);
            return 1;
        }
        ret = cmds[i].fn(&o, &err);
        if (err) {
            error_report_err(err);
        }
        return ret;
    }
    error_report("Command not found: %s", argv[1]);
    return 1;
}
