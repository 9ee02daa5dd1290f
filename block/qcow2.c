/*
 * qcow2 format driver: header parsing and validation, open/close, create,
 * resize and info.  Versions 2 and 3 with 16-bit refcounts; no internal
 * snapshots for writing, no encryption, no external data file, no
 * extended L2 entries, zlib compression only.
 *
 * Dirty bit (lazy refcounts): Kemu never sets it.  An image that has it
 * opens read-only only; `kemu-img check -r all` rebuilds the refcounts
 * and clears it.  Corrupt bit: read-only, as in QEMU.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "qcow2.h"

#include <fcntl.h>
#include <unistd.h>

typedef struct QCowHeaderFields {
    uint32_t magic;
    uint32_t version;
    uint64_t backing_file_offset;
    uint32_t backing_file_size;
    uint32_t cluster_bits;
    uint64_t size;
    uint32_t crypt_method;
    uint32_t l1_size;
    uint64_t l1_table_offset;
    uint64_t refcount_table_offset;
    uint32_t refcount_table_clusters;
    uint32_t nb_snapshots;
    uint64_t snapshots_offset;
    uint64_t incompatible_features;
    uint64_t compatible_features;
    uint64_t autoclear_features;
    uint32_t refcount_order;
    uint32_t header_length;
} QCowHeaderFields;

static uint32_t be32_at(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return GUINT32_FROM_BE(v);
}

static uint64_t be64_at(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return GUINT64_FROM_BE(v);
}

static void put_be32(uint8_t *p, uint32_t v)
{
    v = GUINT32_TO_BE(v);
    memcpy(p, &v, 4);
}

static void put_be64(uint8_t *p, uint64_t v)
{
    v = GUINT64_TO_BE(v);
    memcpy(p, &v, 8);
}

int qcow2_file_pread(BlockDriverState *bs, uint64_t off, void *buf,
                     uint64_t bytes)
{
    struct iovec iov = { .iov_base = buf, .iov_len = bytes };

    return bs->file->drv->preadv(bs->file, off, bytes, &iov, 1);
}

int qcow2_file_pwrite(BlockDriverState *bs, uint64_t off, const void *buf,
                      uint64_t bytes)
{
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = bytes };

    if (bs->read_only) {
        return -EACCES;
    }
    return bs->file->drv->pwritev(bs->file, off, bytes, &iov, 1);
}

int qcow2_barrier(BlockDriverState *bs)
{
    return bs->file->drv->flush(bs->file);
}

int qcow2_write_header_field(BlockDriverState *bs, uint64_t off,
                             const void *be_value, size_t len)
{
    return qcow2_file_pwrite(bs, off, be_value, len);
}

int qcow2_signal_corruption(BlockDriverState *bs, const char *fmt, ...)
{
    BDRVQcow2State *s = bs->opaque;
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (s->corrupt_reported) {
        return -EIO;
    }
    s->corrupt_reported = true;
    if (bs->read_only) {
        error_report("qcow2: Image '%s' is corrupt: %s", bs->filename, msg);
        return -EIO;
    }
    error_report("qcow2: Marking image '%s' as corrupt: %s; further "
                 "corruption events will be suppressed", bs->filename, msg);
    if (s->version >= 3) {
        uint64_t be = GUINT64_TO_BE(s->incompat | QCOW2_INCOMPAT_CORRUPT);

        s->incompat |= QCOW2_INCOMPAT_CORRUPT;
        qcow2_file_pwrite(bs, QCOW2_HDR_INCOMPAT, &be, 8);
        qcow2_barrier(bs);
    }
    bs->read_only = true;
    return -EIO;
}

static int qcow2_probe(const uint8_t *buf, size_t len, const char *filename)
{
    if (len >= 8 && be32_at(buf) == QCOW2_MAGIC && be32_at(buf + 4) >= 2) {
        return 100;
    }
    return 0;
}

static void qcow2_parse_fields(const uint8_t *b, QCowHeaderFields *h)
{
    h->magic = be32_at(b);
    h->version = be32_at(b + 4);
    h->backing_file_offset = be64_at(b + 8);
    h->backing_file_size = be32_at(b + 16);
    h->cluster_bits = be32_at(b + 20);
    h->size = be64_at(b + 24);
    h->crypt_method = be32_at(b + 32);
    h->l1_size = be32_at(b + 36);
    h->l1_table_offset = be64_at(b + 40);
    h->refcount_table_offset = be64_at(b + 48);
    h->refcount_table_clusters = be32_at(b + 56);
    h->nb_snapshots = be32_at(b + 60);
    h->snapshots_offset = be64_at(b + 64);
    if (h->version >= 3) {
        h->incompatible_features = be64_at(b + 72);
        h->compatible_features = be64_at(b + 80);
        h->autoclear_features = be64_at(b + 88);
        h->refcount_order = be32_at(b + 96);
        h->header_length = be32_at(b + 100);
    } else {
        h->refcount_order = 4;
        h->header_length = QCOW2_HDR_V2_LENGTH;
    }
}

/* "dirty bit, bit 5" style names of unsupported incompatible features. */
static char *qcow2_feature_names(const uint8_t *table, size_t len,
                                 uint64_t mask)
{
    GString *str = g_string_new(NULL);

    for (int bit = 0; bit < 64; bit++) {
        const char *name = NULL;
        char buf[47];

        if (!(mask & (1ULL << bit))) {
            continue;
        }
        for (size_t i = 0; table && i + 48 <= len; i += 48) {
            if (table[i] == 0 && table[i + 1] == bit) {
                memcpy(buf, table + i + 2, 46);
                buf[46] = 0;
                name = buf;
            }
        }
        g_string_append_printf(str, "%s%s", str->len ? ", " : "", "");
        if (name) {
            g_string_append(str, name);
        } else {
            g_string_append_printf(str, "Unknown incompatible feature: %"
                                   PRIx64, (uint64_t)1 << bit);
        }
    }
    return g_string_free(str, false);
}

/* Header extensions: backing format and the feature name table. */
static bool qcow2_read_extensions(BlockDriverState *bs, const uint8_t *hdr,
                                  uint64_t start, uint64_t end,
                                  GBytes **features, Error **errp)
{
    for (uint64_t off = start; off + 8 <= end;) {
        uint32_t type = be32_at(hdr + off), len = be32_at(hdr + off + 4);

        off += 8;
        if (type == QCOW2_EXT_END) {
            return true;
        }
        if (len > end - off) {
            error_setg(errp, "Could not open '%s': qcow2 header extension "
                       "%#x is %u bytes, past the end of the header area",
                       bs->filename, type, len);
            return false;
        }
        if (type == QCOW2_EXT_BACKING_FORMAT) {
            g_free(bs->backing_format);
            bs->backing_format = g_strndup((const char *)hdr + off, len);
        } else if (type == QCOW2_EXT_FEATURE_TABLE && !*features) {
            *features = g_bytes_new(hdr + off, len);
        }
        off += ROUND_UP((uint64_t)len, 8);
    }
    return true;
}

static bool qcow2_check_fields(BlockDriverState *bs, QCowHeaderFields *h,
                               uint64_t file_size, Error **errp)
{
    const char *f = bs->filename;
    uint64_t cs, l2_span;

    if (h->magic != QCOW2_MAGIC) {
        error_setg(errp, "Could not open '%s': Image is not in qcow2 format",
                   f);
        return false;
    }
    if (h->version < 2 || h->version > 3) {
        error_setg(errp, "Could not open '%s': Unsupported qcow2 version %u",
                   f, h->version);
        return false;
    }
    if (h->cluster_bits < QCOW2_MIN_CLUSTER_BITS ||
        h->cluster_bits > QCOW2_MAX_CLUSTER_BITS) {
        error_setg(errp, "Could not open '%s': Unsupported cluster size: "
                   "2^%u", f, h->cluster_bits);
        return false;
    }
    cs = 1ULL << h->cluster_bits;
    if (h->version >= 3 && (h->header_length < QCOW2_HDR_V3_LENGTH ||
                            h->header_length % 8 || h->header_length > cs)) {
        error_setg(errp, "Could not open '%s': qcow2 header length %u is "
                   "invalid", f, h->header_length);
        return false;
    }
    if (h->refcount_order != 4) {
        error_setg(errp, "Could not open '%s': Unsupported refcount width: "
                   "%u bits (Kemu supports only 16)", f,
                   h->refcount_order < 32 ? 1u << h->refcount_order : 0);
        return false;
    }
    if (h->crypt_method) {
        error_setg(errp, "Could not open '%s': Encrypted qcow2 images are "
                   "not supported", f);
        return false;
    }
    l2_span = cs * (cs / 8);
    if (h->size > (1ULL << 56) ||
        DIV_ROUND_UP(h->size, l2_span) > h->l1_size ||
        (uint64_t)h->l1_size * 8 > QCOW2_MAX_L1_BYTES) {
        error_setg(errp, "Could not open '%s': L1 table size %u does not "
                   "fit virtual size %" PRIu64, f, h->l1_size, h->size);
        return false;
    }
    if ((h->l1_table_offset & (cs - 1)) ||
        (h->l1_size && (h->l1_table_offset < cs ||
                        !range_fits(h->l1_table_offset, h->l1_size * 8ULL,
                                    file_size)))) {
        error_setg(errp, "Could not open '%s': Invalid L1 table offset %#"
                   PRIx64, f, h->l1_table_offset);
        return false;
    }
    if ((h->refcount_table_offset & (cs - 1)) ||
        h->refcount_table_offset < cs || !h->refcount_table_clusters ||
        (uint64_t)h->refcount_table_clusters * cs > QCOW2_MAX_RT_BYTES ||
        !range_fits(h->refcount_table_offset,
                    (uint64_t)h->refcount_table_clusters * cs,
                    ROUND_UP(file_size, cs))) {
        error_setg(errp, "Could not open '%s': Invalid reference count table "
                   "offset %#" PRIx64, f, h->refcount_table_offset);
        return false;
    }
    if (h->nb_snapshots > QCOW2_MAX_SNAPSHOTS ||
        (h->nb_snapshots && ((h->snapshots_offset & (cs - 1)) ||
                             h->snapshots_offset >= file_size))) {
        error_setg(errp, "Could not open '%s': Snapshot table too large or "
                   "outside the image", f);
        return false;
    }
    if (h->backing_file_offset &&
        (h->backing_file_size > QCOW2_MAX_BACKING_NAME ||
         !range_fits(h->backing_file_offset, h->backing_file_size, cs))) {
        error_setg(errp, "Could not open '%s': Invalid backing file name "
                   "location", f);
        return false;
    }
    return true;
}

static bool qcow2_check_features(BlockDriverState *bs, QCowHeaderFields *h,
                                 GBytes *features, int flags, Error **errp)
{
    uint64_t unknown = h->incompatible_features & ~QCOW2_INCOMPAT_KNOWN;
    bool rw = flags & BDRV_O_RDWR;

    if (unknown) {
        gsize len = 0;
        const uint8_t *t = features ? g_bytes_get_data(features, &len) : NULL;
        g_autofree char *names = qcow2_feature_names(t, len, unknown);

        error_setg(errp, "Could not open '%s': Unsupported qcow2 feature(s): "
                   "%s", bs->filename, names);
        return false;
    }
    if (rw && (h->incompatible_features & QCOW2_INCOMPAT_CORRUPT) &&
        !(flags & BDRV_O_CHECK)) {
        error_setg(errp, "Could not open '%s': qcow2: Image is corrupt; "
                   "cannot be opened read/write", bs->filename);
        return false;
    }
    if (rw && (h->incompatible_features & QCOW2_INCOMPAT_DIRTY) &&
        !(flags & BDRV_O_CHECK)) {
        error_setg(errp, "Could not open '%s': the image is dirty (lazy "
                   "refcounts); repair it with 'kemu-img check -r all'",
                   bs->filename);
        return false;
    }
    if (rw && h->nb_snapshots && !(flags & BDRV_O_CHECK)) {
        error_setg(errp, "Could not open '%s': images with internal "
                   "snapshots can only be opened read-only", bs->filename);
        return false;
    }
    return true;
}

static bool qcow2_load_tables(BlockDriverState *bs, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    int ret = 0;

    s->l1 = g_new0(uint64_t, MAX(s->l1_size, 1));
    if (s->l1_size) {
        ret = qcow2_file_pread(bs, s->l1_offset, s->l1, s->l1_size * 8ULL);
    }
    for (uint32_t i = 0; i < s->l1_size; i++) {
        s->l1[i] = GUINT64_FROM_BE(s->l1[i]);
    }
    s->rt = g_new0(uint64_t, s->rt_entries);
    if (ret == 0) {
        ret = qcow2_file_pread(bs, s->rt_offset, s->rt, s->rt_entries * 8);
    }
    for (uint64_t i = 0; i < s->rt_entries; i++) {
        s->rt[i] = GUINT64_FROM_BE(s->rt[i]);
    }
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not read qcow2 tables of '%s'",
                         bs->filename);
        return false;
    }
    return true;
}

static bool qcow2_read_header(BlockDriverState *bs, int flags, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    QCowHeaderFields h = { 0 };
    g_autofree uint8_t *hdr = g_malloc0(4096);
    g_autoptr(GBytes) features = NULL;
    int64_t file_size = bdrv_getlength(bs->file);
    uint64_t cs, ext_end;
    int ret = qcow2_file_pread(bs, 0, hdr, 4096);

    if (ret < 0 || file_size < 0) {
        error_setg_errno(errp, -(ret < 0 ? ret : file_size),
                         "Could not read '%s'", bs->filename);
        return false;
    }
    qcow2_parse_fields(hdr, &h);
    if (!qcow2_check_fields(bs, &h, file_size, errp)) {
        return false;
    }
    cs = 1ULL << h.cluster_bits;
    if (cs > 4096) {
        hdr = g_realloc(hdr, cs);
        ret = qcow2_file_pread(bs, 0, hdr, cs);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "Could not read '%s'", bs->filename);
            return false;
        }
    }
    ext_end = h.backing_file_offset ? h.backing_file_offset : MIN(cs, 4096);
    if (ext_end > h.header_length &&
        !qcow2_read_extensions(bs, hdr, h.header_length, MIN(ext_end, cs),
                               &features, errp)) {
        return false;
    }
    if (!qcow2_check_features(bs, &h, features, flags, errp)) {
        return false;
    }
    if (h.backing_file_offset && h.backing_file_size) {
        bs->backing_file = g_strndup((char *)hdr + h.backing_file_offset,
                                     h.backing_file_size);
    }
    s->version = h.version;
    s->cluster_bits = h.cluster_bits;
    s->cluster_size = cs;
    s->l2_bits = h.cluster_bits - 3;
    s->size = h.size;
    s->header_length = h.header_length;
    s->incompat = h.incompatible_features;
    s->compat = h.compatible_features;
    s->nb_snapshots = h.nb_snapshots;
    s->snapshots_offset = h.snapshots_offset;
    s->l1_size = h.l1_size;
    s->l1_offset = h.l1_table_offset;
    s->rt_offset = h.refcount_table_offset;
    s->rt_clusters = h.refcount_table_clusters;
    s->rt_entries = (uint64_t)h.refcount_table_clusters * cs / 8;
    s->next_free = ROUND_UP((uint64_t)file_size, cs);
    return qcow2_load_tables(bs, errp);
}

static int qcow2_open(BlockDriverState *bs, int flags, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;

    bs->file = bdrv_open(bs->filename, "raw", flags & ~BDRV_O_NO_BACKING,
                         bs->cache, errp);
    if (!bs->file) {
        return -EIO;
    }
    g_mutex_init(&s->lock);
    s->pending_frees = g_array_new(false, false, sizeof(Qcow2PendingFree));
    if (!qcow2_read_header(bs, flags, errp)) {
        g_mutex_clear(&s->lock);
        g_free(s->l1);
        g_free(s->rt);
        g_array_free(s->pending_frees, true);
        g_free(bs->backing_file);
        g_free(bs->backing_format);
        bs->backing_file = bs->backing_format = NULL;
        bdrv_close(bs->file);
        return -EINVAL;
    }
    s->rb_cache = qcow2_blockalign(s->cluster_size);
    s->zcache = g_malloc(s->cluster_size);
    if (s->incompat & QCOW2_INCOMPAT_CORRUPT) {
        s->corrupt_reported = true;
    }
    return 0;
}

static int qcow2_flush(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    g_mutex_lock(&s->lock);
    ret = qcow2_flush_metadata(bs);
    if (ret == 0) {
        ret = qcow2_barrier(bs);
    }
    g_mutex_unlock(&s->lock);
    return ret;
}

static void qcow2_close(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    if (!bs->read_only) {
        int ret = qcow2_flush(bs);

        if (ret < 0) {
            error_report("qcow2: could not write metadata of '%s': %s",
                         bs->filename, strerror(-ret));
        }
    }
    qcow2_l2_cache_drop(bs);
    g_free(s->l1);
    g_free(s->rt);
    g_aligned_free(s->rb_cache);
    g_free(s->zcache);
    g_array_free(s->pending_frees, true);
    g_mutex_clear(&s->lock);
    bdrv_close(bs->file);
}

static int qcow2_truncate_locked(BlockDriverState *bs, uint64_t size,
                                 Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t l1_needed = DIV_ROUND_UP(size, s->cluster_size <<
                                      s->l2_bits);
    uint64_t be = GUINT64_TO_BE(size);
    int ret = 0;

    if (size < s->size) {
        error_setg(errp, "qcow2 images cannot be shrunk ('%s')",
                   bs->filename);
        return -ENOTSUP;
    }
    if (size > (1ULL << 56)) {
        error_setg(errp, "Size %" PRIu64 " is too large for qcow2", size);
        return -EFBIG;
    }
    if (l1_needed > s->l1_size) {
        ret = qcow2_grow_l1(bs, l1_needed);
    }
    if (ret == 0) {
        ret = qcow2_write_header_field(bs, QCOW2_HDR_SIZE, &be, 8);
    }
    if (ret == 0) {
        ret = qcow2_barrier(bs);
    }
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not resize '%s'", bs->filename);
        return ret;
    }
    s->size = size;
    return 0;
}

static int qcow2_truncate(BlockDriverState *bs, uint64_t size, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    g_mutex_lock(&s->lock);
    ret = qcow2_truncate_locked(bs, size, errp);
    g_mutex_unlock(&s->lock);
    return ret;
}

static int64_t qcow2_get_length(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    return s->size;
}

static int64_t qcow2_get_allocated_size(BlockDriverState *bs)
{
    return bdrv_get_allocated_size(bs->file);
}

static void qcow2_get_info(BlockDriverState *bs, BlockInfo *info)
{
    BDRVQcow2State *s = bs->opaque;

    info->cluster_size = s->cluster_size;
    info->qcow2_version = s->version;
    info->refcount_bits = 16;
    info->corrupt = s->incompat & QCOW2_INCOMPAT_CORRUPT;
    info->dirty = s->incompat & QCOW2_INCOMPAT_DIRTY;
    info->lazy_refcounts = s->compat & QCOW2_COMPAT_LAZY_REFCOUNTS;
}

/* One 48-byte feature name table entry. */
static size_t put_feature(uint8_t *p, int type, int bit, const char *name)
{
    p[0] = type;
    p[1] = bit;
    memset(p + 2, 0, 46);
    memcpy(p + 2, name, strlen(name));
    return 48;
}

static size_t put_ext(uint8_t *p, uint32_t type, const void *data,
                      uint32_t len)
{
    put_be32(p, type);
    put_be32(p + 4, len);
    memcpy(p + 8, data, len);
    return 8 + ROUND_UP((size_t)len, 8);
}

/* Header cluster: header, extensions, backing file name. */
static size_t qcow2_build_header(uint8_t *hdr, const BlockCreateOptions *o,
                                 int cluster_bits, int version)
{
    uint64_t cs = 1ULL << cluster_bits;
    size_t off = version >= 3 ? 112 : QCOW2_HDR_V2_LENGTH;
    uint8_t table[48 * 3];
    size_t tlen = 0;

    put_be32(hdr, QCOW2_MAGIC);
    put_be32(hdr + 4, version);
    put_be32(hdr + 20, cluster_bits);
    put_be64(hdr + 48, cs);           /* refcount table in cluster 1 */
    put_be32(hdr + 56, 1);
    if (version >= 3) {
        put_be32(hdr + 96, 4);
        put_be32(hdr + 100, 112);
    }
    if (o->backing_fmt) {
        off += put_ext(hdr + off, QCOW2_EXT_BACKING_FORMAT, o->backing_fmt,
                       strlen(o->backing_fmt));
    }
    if (version >= 3) {
        tlen += put_feature(table + tlen, 0, 0, "dirty bit");
        tlen += put_feature(table + tlen, 0, 1, "corrupt bit");
        tlen += put_feature(table + tlen, 1, 0, "lazy refcounts");
        off += put_ext(hdr + off, QCOW2_EXT_FEATURE_TABLE, table, tlen);
    }
    off += 8;                         /* end-of-extensions marker */
    if (o->backing_file) {
        size_t len = strlen(o->backing_file);

        put_be64(hdr + 8, off);
        put_be32(hdr + 16, len);
        memcpy(hdr + off, o->backing_file, len);
        off += len;
    }
    return off;
}

static bool qcow2_create(const char *filename, const BlockCreateOptions *o,
                         Error **errp)
{
    uint64_t cs = o->cluster_size ? o->cluster_size
                                  : 1ULL << QCOW2_DEFAULT_CLUSTER_BITS;
    int bits = g_bit_nth_msf(cs, -1);
    int version = o->qcow2_version ? o->qcow2_version : 3;
    g_autofree uint8_t *buf = NULL;
    BlockCreateOptions empty = { .size = 0 };
    BlockDriverState *bs;
    bool ok;

    if ((cs & (cs - 1)) || bits < QCOW2_MIN_CLUSTER_BITS ||
        bits > QCOW2_MAX_CLUSTER_BITS) {
        error_setg(errp, "Cluster size must be a power of two between 512 "
                   "and 2M");
        return false;
    }
    if (o->backing_file && strlen(o->backing_file) > QCOW2_MAX_BACKING_NAME) {
        error_setg(errp, "Backing file name too long");
        return false;
    }
    /* Start from an empty raw file: locks it and truncates it. */
    if (!bdrv_raw.create(filename, &empty, errp)) {
        return false;
    }
    bs = bdrv_open(filename, "raw", BDRV_O_RDWR, BDRV_CACHE_WRITEBACK, errp);
    if (!bs) {
        return false;
    }
    /* Cluster 0 header, 1 refcount table, 2 refcount block; the L1 table
     * is created by growing the empty image to its size. */
    buf = g_malloc0(3 * cs);
    if (qcow2_build_header(buf, o, bits, version) > cs) {
        error_setg(errp, "Backing file name too long for the cluster size");
        bdrv_close(bs);
        return false;
    }
    put_be64(buf + cs, 2 * cs);
    for (int i = 0; i < 3; i++) {
        buf[2 * cs + 2 * i + 1] = 1;  /* 16-bit big-endian refcount 1 */
    }
    /* Through the driver: the empty file has no length to check against. */
    ok = bs->drv->pwritev(bs, 0, 3 * cs,
                          &(struct iovec){ buf, 3 * cs }, 1) == 0;
    bdrv_close(bs);
    if (!ok) {
        error_setg(errp, "Could not write qcow2 header to '%s'", filename);
        return false;
    }
    bs = bdrv_open(filename, "qcow2", BDRV_O_RDWR | BDRV_O_NO_BACKING,
                   BDRV_CACHE_WRITEBACK, errp);
    if (!bs) {
        return false;
    }
    ok = bdrv_truncate(bs, o->size, errp);
    bdrv_close(bs);
    return ok;
}

const BlockDriver bdrv_qcow2 = {
    .format_name = "qcow2",
    .instance_size = sizeof(BDRVQcow2State),
    .probe = qcow2_probe,
    .open = qcow2_open,
    .close = qcow2_close,
    .thread_safe = true,        /* s->lock; data reads run in parallel */
    .preadv = qcow2_preadv,
    .pwritev = qcow2_pwritev,
    .pwrite_compressed = qcow2_pwrite_compressed,
    .flush = qcow2_flush,
    .discard = qcow2_discard,
    .truncate = qcow2_truncate,
    .get_length = qcow2_get_length,
    .get_allocated_size = qcow2_get_allocated_size,
    .get_info = qcow2_get_info,
    .check = qcow2_check,
    .create = qcow2_create,
};
