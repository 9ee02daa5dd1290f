/*
 * Object properties: lookup, string/int/bool accessors, dynamic links.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "qom/object.h"
#include "util/keyval.h"

static ObjectProperty *property_new(const char *name, const char *type,
                                    ObjectPropertyGet *get,
                                    ObjectPropertySet *set, void *opaque)
{
    ObjectProperty *prop = g_new0(ObjectProperty, 1);

    prop->name = g_strdup(name);
    prop->type = g_strdup(type);
    prop->get = get;
    prop->set = set;
    prop->opaque = opaque;
    return prop;
}

ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    ObjectPropertyGet *get,
                                    ObjectPropertySet *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque)
{
    ObjectProperty *prop;

    if (object_property_find(obj, name)) {
        g_error("property '%s.%s' added twice", object_get_typename(obj),
                name);
    }
    prop = property_new(name, type, get, set, opaque);
    prop->release = release;
    g_hash_table_insert(obj->properties, prop->name, prop);
    return prop;
}

ObjectProperty *object_class_property_add(ObjectClass *klass,
                                          const char *name, const char *type,
                                          ObjectPropertyGet *get,
                                          ObjectPropertySet *set,
                                          void *opaque)
{
    ObjectProperty *prop;

    if (object_class_property_find(klass, name)) {
        g_error("property '%s.%s' added twice",
                object_class_get_name(klass), name);
    }
    prop = property_new(name, type, get, set, opaque);
    g_hash_table_insert(klass->properties, prop->name, prop);
    return prop;
}

void object_property_del(Object *obj, const char *name)
{
    ObjectProperty *prop = g_hash_table_lookup(obj->properties, name);

    assert(prop);
    g_hash_table_remove(obj->properties, name);
    if (prop->release) {
        prop->release(obj, prop);
    }
    g_free(prop->name);
    g_free(prop->type);
    g_free(prop->description);
    g_free(prop->defval);
    g_free(prop);
}

ObjectProperty *object_class_property_find(ObjectClass *klass,
                                           const char *name)
{
    for (; klass; klass = object_class_get_parent(klass)) {
        ObjectProperty *prop = g_hash_table_lookup(klass->properties, name);

        if (prop) {
            return prop;
        }
    }
    return NULL;
}

ObjectProperty *object_property_find(Object *obj, const char *name)
{
    ObjectProperty *prop = g_hash_table_lookup(obj->properties, name);

    return prop ? prop : object_class_property_find(obj->klass, name);
}

static gint prop_name_cmp(gconstpointer a, gconstpointer b)
{
    const ObjectProperty *pa = *(ObjectProperty *const *)a;
    const ObjectProperty *pb = *(ObjectProperty *const *)b;

    return strcmp(pa->name, pb->name);
}

GPtrArray *object_class_property_list(ObjectClass *klass)
{
    GPtrArray *list = g_ptr_array_new();

    for (; klass; klass = object_class_get_parent(klass)) {
        GHashTableIter iter;
        gpointer value;

        g_hash_table_iter_init(&iter, klass->properties);
        while (g_hash_table_iter_next(&iter, NULL, &value)) {
            g_ptr_array_add(list, value);
        }
    }
    g_ptr_array_sort(list, prop_name_cmp);
    return list;
}

static ObjectProperty *property_find_err(Object *obj, const char *name,
                                         Error **errp)
{
    ObjectProperty *prop = object_property_find(obj, name);

    if (!prop) {
        error_setg(errp, "Property '%s.%s' not found",
                   object_get_typename(obj), name);
    }
    return prop;
}

bool object_property_set_str(Object *obj, const char *name,
                             const char *value, Error **errp)
{
    ObjectProperty *prop = property_find_err(obj, name, errp);

    if (!prop) {
        return false;
    }
    if (!prop->set) {
        error_setg(errp, "Property '%s.%s' is read-only",
                   object_get_typename(obj), name);
        return false;
    }
    return prop->set(obj, prop, value, errp);
}

char *object_property_get_str(Object *obj, const char *name, Error **errp)
{
    ObjectProperty *prop = property_find_err(obj, name, errp);

    if (!prop) {
        return NULL;
    }
    if (!prop->get) {
        error_setg(errp, "Property '%s.%s' is write-only",
                   object_get_typename(obj), name);
        return NULL;
    }
    return prop->get(obj, prop, errp);
}

bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             Error **errp)
{
    g_autofree char *str = g_strdup_printf("%" PRId64, value);

    return object_property_set_str(obj, name, str, errp);
}

bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp)
{
    g_autofree char *str = g_strdup_printf("%" PRIu64, value);

    return object_property_set_str(obj, name, str, errp);
}

bool object_property_get_int(Object *obj, const char *name, int64_t *value,
                             Error **errp)
{
    g_autofree char *str = object_property_get_str(obj, name, errp);
    GError *gerr = NULL;

    if (!str) {
        return false;
    }
    if (!g_ascii_string_to_signed(str, 10, INT64_MIN, INT64_MAX, value,
                                  &gerr)) {
        error_setg(errp, "Property '%s.%s' is not an integer: %s",
                   object_get_typename(obj), name, gerr->message);
        g_error_free(gerr);
        return false;
    }
    return true;
}

bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp)
{
    return object_property_set_str(obj, name, value ? "on" : "off", errp);
}

bool object_property_get_bool(Object *obj, const char *name, bool *value,
                              Error **errp)
{
    g_autofree char *str = object_property_get_str(obj, name, errp);

    if (!str) {
        return false;
    }
    if (!parse_bool(str, value)) {
        error_setg(errp, "Property '%s.%s' is not a bool: '%s'",
                   object_get_typename(obj), name, str);
        return false;
    }
    return true;
}

bool object_property_set_link(Object *obj, const char *name, Object *target,
                              Error **errp)
{
    ObjectProperty *prop = property_find_err(obj, name, errp);

    if (!prop) {
        return false;
    }
    if (!prop->set_link) {
        error_setg(errp, "Property '%s.%s' is not a link",
                   object_get_typename(obj), name);
        return false;
    }
    return prop->set_link(obj, prop, target, errp);
}

/* Dynamic links: opaque is the Object ** field; the type is "link<T>". */
static char *link_target_type(ObjectProperty *prop)
{
    size_t len = strlen(prop->type);

    assert(g_str_has_prefix(prop->type, "link<") && len > 6);
    return g_strndup(prop->type + 5, len - 6);
}

static bool link_set_obj(Object *obj, ObjectProperty *prop, Object *target,
                         Error **errp)
{
    g_autofree char *type = link_target_type(prop);
    Object **targetp = prop->opaque;

    if (target && !object_dynamic_cast(target, type)) {
        error_setg(errp, "Property '%s.%s': object of type '%s' is not a "
                   "'%s'", object_get_typename(obj), prop->name,
                   object_get_typename(target), type);
        return false;
    }
    object_ref(target);
    object_unref(*targetp);
    *targetp = target;
    return true;
}

static bool link_set(Object *obj, ObjectProperty *prop, const char *value,
                     Error **errp)
{
    Object *target = NULL;

    if (*value) {
        target = object_resolve_path(value, NULL);
        if (!target) {
            error_setg(errp, "Property '%s.%s' can't find value '%s'",
                       object_get_typename(obj), prop->name, value);
            return false;
        }
    }
    return link_set_obj(obj, prop, target, errp);
}

static char *link_get(Object *obj, ObjectProperty *prop, Error **errp)
{
    Object **targetp = prop->opaque;
    char *path = *targetp ? object_get_canonical_path(*targetp) : NULL;

    return path ? path : g_strdup("");
}

static void link_release(Object *obj, ObjectProperty *prop)
{
    Object **targetp = prop->opaque;

    object_unref(*targetp);
    *targetp = NULL;
}

void object_property_add_link(Object *obj, const char *name,
                              const char *type, Object **targetp)
{
    g_autofree char *link_type = g_strdup_printf("link<%s>", type);
    ObjectProperty *prop;

    prop = object_property_add(obj, name, link_type, link_get, link_set,
                               link_release, targetp);
    prop->set_link = link_set_obj;
}
