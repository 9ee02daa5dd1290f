/*
 * Building ACPI tables: the common table header with its checksum, and
 * the few AML constructs a small DSDT needs (ACPI 6.x section 20),
 * appended to GByteArrays.
 *
 * AML terms with a PkgLength (Scope, Device, Package, Buffer) are built in
 * a separate array (the body) and wrapped by one call, which computes the
 * length and frees the body.
 */
#ifndef HW_ACPI_AML_BUILD_H
#define HW_ACPI_AML_BUILD_H

#define ACPI_OEM_ID         "KEMU  "
#define ACPI_OEM_TABLE_ID   "KEMUPC  "
#define ACPI_HEADER_SIZE    36

/* Generic Address Structure address spaces. */
enum { ACPI_GAS_MEMORY = 0, ACPI_GAS_IO = 1 };

/* Little-endian appends. */
void acpi_add8(GByteArray *t, uint8_t v);
void acpi_add16(GByteArray *t, uint16_t v);
void acpi_add32(GByteArray *t, uint32_t v);
void acpi_add64(GByteArray *t, uint64_t v);
/* Overwrite at off. */
void acpi_set32(GByteArray *t, size_t off, uint32_t v);
void acpi_set64(GByteArray *t, size_t off, uint64_t v);
/* A 12-byte Generic Address Structure. */
void acpi_add_gas(GByteArray *t, uint8_t space, uint8_t bit_width,
                  uint8_t access_size, uint64_t addr);
/* Pad with zeros to a multiple of align. */
void acpi_align(GByteArray *t, size_t align);

/* Append a header for signature sig; returns the table's offset. */
size_t acpi_table_begin(GByteArray *t, const char *sig, uint8_t rev);
/* Set the length and checksum of the table begun at off. */
void acpi_table_end(GByteArray *t, size_t off);
/* The byte that makes len bytes at p sum to zero. */
uint8_t acpi_checksum(const uint8_t *p, size_t len);

/* AML. */
void aml_pkglength(GByteArray *out, size_t body_len);
void aml_integer(GByteArray *out, uint64_t v);
/* "_S5_", "PCI0", "\\_SB_" ...: 4-character segments, optional root. */
void aml_name_string(GByteArray *out, const char *name);
/* Name(name, <the bytes of data>) */
void aml_name(GByteArray *out, const char *name, const GByteArray *data);
void aml_name_integer(GByteArray *out, const char *name, uint64_t v);
/* Package/Buffer/Scope/Device from a body array (consumed). */
void aml_package(GByteArray *out, unsigned nelems, GByteArray *body);
void aml_buffer(GByteArray *out, GByteArray *body);
void aml_scope(GByteArray *out, const char *name, GByteArray *body);
void aml_device(GByteArray *out, const char *name, GByteArray *body);
/* An EISA ID such as "PNP0A03" as its compressed 32-bit integer. */
uint32_t aml_eisaid(const char *id);

#endif
