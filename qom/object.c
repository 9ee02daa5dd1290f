/*
 * Types, classes and instances.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "qom/object.h"

struct TypeImpl {
    const TypeInfo *info;
    TypeImpl *parent;
    ObjectClass *klass;         /* NULL until first use */
    size_t class_size;
    size_t instance_size;
};

static GHashTable *type_table_get(void)
{
    static GHashTable *table;

    if (!table) {
        table = g_hash_table_new(g_str_hash, g_str_equal);
    }
    return table;
}

void type_register_static(const TypeInfo *info)
{
    TypeImpl *ti;

    assert(info->name);
    if (g_hash_table_contains(type_table_get(), info->name)) {
        g_error("type '%s' registered twice", info->name);
    }
    ti = g_new0(TypeImpl, 1);
    ti->info = info;
    g_hash_table_insert(type_table_get(), (gpointer)info->name, ti);
}

static void type_initialize(TypeImpl *ti);

static TypeImpl *type_get(const char *name)
{
    TypeImpl *ti = name ? g_hash_table_lookup(type_table_get(), name) : NULL;

    if (ti) {
        type_initialize(ti);
    }
    return ti;
}

/* Resolves the parent and builds the class: a copy of the parent's. */
static void type_initialize(TypeImpl *ti)
{
    const TypeInfo *info = ti->info;
    ObjectClass *klass;

    if (ti->klass) {
        return;
    }
    ti->class_size = info->class_size;
    ti->instance_size = info->instance_size;
    if (info->parent) {
        ti->parent = type_get(info->parent);
        if (!ti->parent) {
            g_error("type '%s': unknown parent type '%s'",
                    info->name, info->parent);
        }
        if (!ti->class_size) {
            ti->class_size = ti->parent->class_size;
        }
        if (!ti->instance_size) {
            ti->instance_size = ti->parent->instance_size;
        }
        assert(ti->class_size >= ti->parent->class_size);
        assert(ti->instance_size >= ti->parent->instance_size);
    }
    assert(ti->class_size >= sizeof(ObjectClass));
    klass = g_malloc0(ti->class_size);
    if (ti->parent) {
        memcpy(klass, ti->parent->klass, ti->parent->class_size);
    }
    klass->type = ti;
    klass->properties = g_hash_table_new(g_str_hash, g_str_equal);
    ti->klass = klass;
    if (info->class_init) {
        info->class_init(klass, info->class_data);
    }
}

ObjectClass *object_class_by_name(const char *typename)
{
    TypeImpl *ti = type_get(typename);

    return ti ? ti->klass : NULL;
}

ObjectClass *object_class_get_parent(ObjectClass *klass)
{
    TypeImpl *parent = klass->type->parent;

    return parent ? parent->klass : NULL;
}

const char *object_class_get_name(ObjectClass *klass)
{
    return klass->type->info->name;
}

bool object_class_is_abstract(ObjectClass *klass)
{
    return klass->type->info->abstract;
}

ObjectClass *object_class_dynamic_cast(ObjectClass *klass,
                                       const char *typename)
{
    TypeImpl *target = type_get(typename);
    TypeImpl *ti;

    if (!klass || !target) {
        return NULL;
    }
    for (ti = klass->type; ti; ti = ti->parent) {
        if (ti == target) {
            return klass;
        }
    }
    return NULL;
}

/*
 * Checked casts run on hot paths (a CPU's state on every TB lookup): the
 * class remembers the name pointers it accepted, to skip the type table.
 */
static bool class_cast_cached(ObjectClass *klass, const char *typename)
{
    for (int i = 0; i < OBJECT_CLASS_CAST_CACHE; i++) {
        if (g_atomic_pointer_get(&klass->cast_cache[i]) == typename) {
            return true;
        }
    }
    return false;
}

static void class_cast_remember(ObjectClass *klass, const char *typename)
{
    static unsigned next;   /* racy round-robin: any slot will do */
    unsigned i = g_atomic_int_add(&next, 1) % OBJECT_CLASS_CAST_CACHE;

    g_atomic_pointer_set(&klass->cast_cache[i], typename);
}

ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *typename,
                                              const char *file, int line)
{
    if (!klass || class_cast_cached(klass, typename)) {
        return klass;
    }
    if (!object_class_dynamic_cast(klass, typename)) {
        g_error("%s:%d: class '%s' is not a '%s'", file, line,
                object_class_get_name(klass), typename);
    }
    class_cast_remember(klass, typename);
    return klass;
}

static gint class_name_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(object_class_get_name((ObjectClass *)a),
                  object_class_get_name((ObjectClass *)b));
}

GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract)
{
    GHashTableIter iter;
    gpointer value;
    GSList *list = NULL;

    g_hash_table_iter_init(&iter, type_table_get());
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        TypeImpl *ti = value;

        type_initialize(ti);
        if ((!ti->info->abstract || include_abstract) &&
            object_class_dynamic_cast(ti->klass, implements_type)) {
            list = g_slist_prepend(list, ti->klass);
        }
    }
    return g_slist_sort(list, class_name_cmp);
}

static void object_init_with_type(Object *obj, TypeImpl *ti)
{
    if (ti->parent) {
        object_init_with_type(obj, ti->parent);
    }
    if (ti->info->instance_init) {
        ti->info->instance_init(obj);
    }
}

Object *object_new_checked(const char *typename, Error **errp)
{
    TypeImpl *ti = type_get(typename);
    Object *obj;

    if (!ti) {
        error_setg(errp, "unknown type '%s'", typename);
        return NULL;
    }
    if (ti->info->abstract) {
        error_setg(errp, "type '%s' is abstract", typename);
        return NULL;
    }
    obj = g_malloc0(ti->instance_size);
    obj->klass = ti->klass;
    obj->ref = 1;
    obj->properties = g_hash_table_new(g_str_hash, g_str_equal);
    object_init_with_type(obj, ti);
    return obj;
}

Object *object_new(const char *typename)
{
    Error *err = NULL;
    Object *obj = object_new_checked(typename, &err);

    if (!obj) {
        g_error("object_new: %s", error_get_pretty(err));
    }
    return obj;
}

ObjectClass *object_get_class(Object *obj)
{
    return obj->klass;
}

const char *object_get_typename(Object *obj)
{
    return object_class_get_name(obj->klass);
}

Object *object_dynamic_cast(Object *obj, const char *typename)
{
    if (obj && object_class_dynamic_cast(obj->klass, typename)) {
        return obj;
    }
    return NULL;
}

Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line)
{
    if (!obj || class_cast_cached(obj->klass, typename)) {
        return obj;
    }
    if (!object_dynamic_cast(obj, typename)) {
        g_error("%s:%d: object of type '%s' is not a '%s'", file, line,
                object_get_typename(obj), typename);
    }
    class_cast_remember(obj->klass, typename);
    return obj;
}

Object *object_ref(void *opaque)
{
    Object *obj = opaque;

    if (obj) {
        g_atomic_int_inc(&obj->ref);
    }
    return obj;
}

/* Instance properties go first: children may still point back at us. */
static void object_property_del_all(Object *obj)
{
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, obj->properties);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        ObjectProperty *prop = value;

        g_hash_table_iter_remove(&iter);
        if (prop->release) {
            prop->release(obj, prop);
        }
        g_free(prop->name);
        g_free(prop->type);
        g_free(prop->description);
        g_free(prop->defval);
        g_free(prop);
    }
}

static void object_finalize(Object *obj)
{
    TypeImpl *ti;

    assert(!obj->parent);
    object_property_del_all(obj);
    for (ti = obj->klass->type; ti; ti = ti->parent) {
        if (ti->info->instance_finalize) {
            ti->info->instance_finalize(obj);
        }
    }
    g_hash_table_unref(obj->properties);
    g_free(obj->name);
    g_free(obj);
}

void object_unref(void *opaque)
{
    Object *obj = opaque;

    if (!obj) {
        return;
    }
    assert(obj->ref > 0);
    if (g_atomic_int_dec_and_test(&obj->ref)) {
        object_finalize(obj);
    }
}

static const TypeInfo object_info = {
    .name = TYPE_OBJECT,
    .instance_size = sizeof(Object),
    .class_size = sizeof(ObjectClass),
    .abstract = true,
};

static const TypeInfo container_info = {
    .name = TYPE_CONTAINER,
    .parent = TYPE_OBJECT,
};

static void object_register_types(void)
{
    type_register_static(&object_info);
    type_register_static(&container_info);
}

type_init(object_register_types)
