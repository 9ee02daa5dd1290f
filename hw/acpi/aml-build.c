/* ACPI table headers and AML encoding (see include/hw/acpi/aml-build.h). */
#include "kemu/osdep.h"
#include "hw/acpi/aml-build.h"

#define AML_ZERO_OP         0x00
#define AML_ONE_OP          0x01
#define AML_NAME_OP         0x08
#define AML_BYTE_PREFIX     0x0a
#define AML_WORD_PREFIX     0x0b
#define AML_DWORD_PREFIX    0x0c
#define AML_QWORD_PREFIX    0x0e
#define AML_SCOPE_OP        0x10
#define AML_BUFFER_OP       0x11
#define AML_PACKAGE_OP      0x12
#define AML_EXT_PREFIX      0x5b
#define AML_DEVICE_OP       0x82
#define AML_ROOT_CHAR       '\\'

void acpi_add8(GByteArray *t, uint8_t v)
{
    g_byte_array_append(t, &v, 1);
}

void acpi_add16(GByteArray *t, uint16_t v)
{
    acpi_add8(t, v);
    acpi_add8(t, v >> 8);
}

void acpi_add32(GByteArray *t, uint32_t v)
{
    acpi_add16(t, v);
    acpi_add16(t, v >> 16);
}

void acpi_add64(GByteArray *t, uint64_t v)
{
    acpi_add32(t, v);
    acpi_add32(t, v >> 32);
}

void acpi_set32(GByteArray *t, size_t off, uint32_t v)
{
    assert(off + 4 <= t->len);
    for (int i = 0; i < 4; i++) {
        t->data[off + i] = v >> (8 * i);
    }
}

void acpi_set64(GByteArray *t, size_t off, uint64_t v)
{
    acpi_set32(t, off, v);
    acpi_set32(t, off + 4, v >> 32);
}

void acpi_add_gas(GByteArray *t, uint8_t space, uint8_t bit_width,
                  uint8_t access_size, uint64_t addr)
{
    acpi_add8(t, space);
    acpi_add8(t, bit_width);
    acpi_add8(t, 0);                    /* bit offset */
    acpi_add8(t, access_size);
    acpi_add64(t, addr);
}

void acpi_align(GByteArray *t, size_t align)
{
    while (t->len % align) {
        acpi_add8(t, 0);
    }
}

size_t acpi_table_begin(GByteArray *t, const char *sig, uint8_t rev)
{
    size_t off = t->len;

    assert(strlen(sig) == 4);
    g_byte_array_append(t, (const uint8_t *)sig, 4);
    acpi_add32(t, 0);                   /* length, set at the end */
    acpi_add8(t, rev);
    acpi_add8(t, 0);                    /* checksum, set at the end */
    g_byte_array_append(t, (const uint8_t *)ACPI_OEM_ID, 6);
    g_byte_array_append(t, (const uint8_t *)ACPI_OEM_TABLE_ID, 8);
    acpi_add32(t, 1);                   /* OEM revision */
    g_byte_array_append(t, (const uint8_t *)"KEMU", 4);
    acpi_add32(t, 1);                   /* creator revision */
    return off;
}

uint8_t acpi_checksum(const uint8_t *p, size_t len)
{
    uint8_t sum = 0;

    for (size_t i = 0; i < len; i++) {
        sum += p[i];
    }
    return -sum;
}

void acpi_table_end(GByteArray *t, size_t off)
{
    size_t len = t->len - off;

    acpi_set32(t, off + 4, len);
    t->data[off + 9] = 0;
    t->data[off + 9] = acpi_checksum(t->data + off, len);
}

/* The PkgLength counts itself: 1 to 4 bytes for up to 2^28 - 1. */
void aml_pkglength(GByteArray *out, size_t body_len)
{
    size_t len;
    int extra;

    if (body_len + 1 < 64) {
        acpi_add8(out, body_len + 1);
        return;
    }
    for (extra = 1; extra <= 3; extra++) {
        len = body_len + 1 + extra;
        if (len < (1u << (4 + 8 * extra))) {
            break;
        }
    }
    assert(extra <= 3);
    acpi_add8(out, extra << 6 | (len & 0xf));
    for (int i = 0; i < extra; i++) {
        acpi_add8(out, len >> (4 + 8 * i));
    }
}

void aml_integer(GByteArray *out, uint64_t v)
{
    if (v == 0 || v == 1) {
        acpi_add8(out, v ? AML_ONE_OP : AML_ZERO_OP);
    } else if (v <= 0xff) {
        acpi_add8(out, AML_BYTE_PREFIX);
        acpi_add8(out, v);
    } else if (v <= 0xffff) {
        acpi_add8(out, AML_WORD_PREFIX);
        acpi_add16(out, v);
    } else if (v <= 0xffffffff) {
        acpi_add8(out, AML_DWORD_PREFIX);
        acpi_add32(out, v);
    } else {
        acpi_add8(out, AML_QWORD_PREFIX);
        acpi_add64(out, v);
    }
}

/* Only what the DSDT uses: one optional root prefix, then segments. */
void aml_name_string(GByteArray *out, const char *name)
{
    size_t len;

    if (*name == AML_ROOT_CHAR) {
        acpi_add8(out, AML_ROOT_CHAR);
        name++;
    }
    len = strlen(name);
    assert(len == 4);                   /* one NameSeg */
    g_byte_array_append(out, (const uint8_t *)name, len);
}

void aml_name(GByteArray *out, const char *name, const GByteArray *data)
{
    acpi_add8(out, AML_NAME_OP);
    aml_name_string(out, name);
    g_byte_array_append(out, data->data, data->len);
}

void aml_name_integer(GByteArray *out, const char *name, uint64_t v)
{
    g_autoptr(GByteArray) data = g_byte_array_new();

    aml_integer(data, v);
    aml_name(out, name, data);
}

/* op [ext], PkgLength, head, body. */
static void wrap(GByteArray *out, bool ext, uint8_t op, const GByteArray *head,
                 GByteArray *body)
{
    size_t head_len = head ? head->len : 0;

    if (ext) {
        acpi_add8(out, AML_EXT_PREFIX);
    }
    acpi_add8(out, op);
    aml_pkglength(out, head_len + body->len);
    if (head) {
        g_byte_array_append(out, head->data, head->len);
    }
    g_byte_array_append(out, body->data, body->len);
    g_byte_array_unref(body);
}

void aml_package(GByteArray *out, unsigned nelems, GByteArray *body)
{
    g_autoptr(GByteArray) head = g_byte_array_new();

    assert(nelems <= 0xff);
    acpi_add8(head, nelems);
    wrap(out, false, AML_PACKAGE_OP, head, body);
}

void aml_buffer(GByteArray *out, GByteArray *body)
{
    g_autoptr(GByteArray) head = g_byte_array_new();

    aml_integer(head, body->len);
    wrap(out, false, AML_BUFFER_OP, head, body);
}

void aml_scope(GByteArray *out, const char *name, GByteArray *body)
{
    g_autoptr(GByteArray) head = g_byte_array_new();

    aml_name_string(head, name);
    wrap(out, false, AML_SCOPE_OP, head, body);
}

void aml_device(GByteArray *out, const char *name, GByteArray *body)
{
    g_autoptr(GByteArray) head = g_byte_array_new();

    aml_name_string(head, name);
    wrap(out, true, AML_DEVICE_OP, head, body);
}

uint32_t aml_eisaid(const char *id)
{
    uint16_t vendor, product;

    assert(strlen(id) == 7);
    vendor = (id[0] - 0x40) << 10 | (id[1] - 0x40) << 5 | (id[2] - 0x40);
    product = strtoul(id + 3, NULL, 16);
    /* Stored big-endian: vendor then product. */
    return (vendor >> 8) | (vendor & 0xff) << 8 |
           (uint32_t)(product >> 8) << 16 | (uint32_t)(product & 0xff) << 24;
}
