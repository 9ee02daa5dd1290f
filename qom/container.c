/*
 * The object tree: children, containers, canonical paths, path lookup.
 */
#include "kemu/osdep.h"
#include "qom/object.h"

Object *object_get_root(void)
{
    static Object *root;

    if (!root) {
        root = object_new(TYPE_CONTAINER);
    }
    return root;
}

static char *child_get(Object *obj, ObjectProperty *prop, Error **errp)
{
    return object_get_canonical_path(prop->opaque);
}

static void child_release(Object *obj, ObjectProperty *prop)
{
    Object *child = prop->opaque;

    child->parent = NULL;
    g_clear_pointer(&child->name, g_free);
    object_unref(child);
}

void object_property_add_child(Object *parent, const char *name,
                               Object *child)
{
    g_autofree char *type = g_strdup_printf("child<%s>",
                                            object_get_typename(child));

    assert(!child->parent);
    object_property_add(parent, name, type, child_get, NULL, child_release,
                        child);
    object_ref(child);
    child->parent = parent;
    child->name = g_strdup(name);
}

void object_unparent(Object *obj)
{
    if (!obj->parent) {
        return;
    }
    if (obj->klass->unparent) {
        obj->klass->unparent(obj);
    }
    /* The hook may have dropped the last other reference: keep ours. */
    object_ref(obj);
    object_property_del(obj->parent, obj->name);
    object_unref(obj);
}

static bool property_is_child(ObjectProperty *prop)
{
    return g_str_has_prefix(prop->type, "child<");
}

int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque)
{
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, obj->properties);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        ObjectProperty *prop = value;
        int ret;

        if (property_is_child(prop)) {
            ret = fn(prop->opaque, opaque);
            if (ret) {
                return ret;
            }
        }
    }
    return 0;
}

const char *object_get_canonical_path_component(Object *obj)
{
    return obj->name;
}

char *object_get_canonical_path(Object *obj)
{
    Object *root = object_get_root();
    GString *path = g_string_new("");

    for (; obj != root; obj = obj->parent) {
        if (!obj->parent) {
            g_string_free(path, TRUE);
            return NULL;
        }
        g_string_prepend(path, obj->name);
        g_string_prepend_c(path, '/');
    }
    if (!path->len) {
        g_string_append_c(path, '/');
    }
    return g_string_free(path, FALSE);
}

static Object *child_by_name(Object *parent, const char *name)
{
    ObjectProperty *prop = g_hash_table_lookup(parent->properties, name);

    return prop && property_is_child(prop) ? prop->opaque : NULL;
}

/* parts: path components, empty ones skipped. */
static Object *resolve_abs(Object *obj, char **parts)
{
    for (; obj && *parts; parts++) {
        if (**parts) {
            obj = child_by_name(obj, *parts);
        }
    }
    return obj;
}

typedef struct PartialSearch {
    char **parts;
    Object *found;
    bool ambiguous;
} PartialSearch;

static int resolve_partial(Object *obj, void *opaque)
{
    PartialSearch *s = opaque;
    Object *match = resolve_abs(obj, s->parts);

    if (match) {
        if (s->found && s->found != match) {
            s->ambiguous = true;
            return 1;
        }
        s->found = match;
    }
    return object_child_foreach(obj, resolve_partial, s);
}

Object *object_resolve_path(const char *path, bool *ambiguous)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", -1);
    PartialSearch s = { .parts = parts };

    if (ambiguous) {
        *ambiguous = false;
    }
    if (path[0] == '/') {
        return resolve_abs(object_get_root(), parts);
    }
    if (!path[0]) {
        return NULL;
    }
    resolve_partial(object_get_root(), &s);
    if (ambiguous) {
        *ambiguous = s.ambiguous;
    }
    return s.ambiguous ? NULL : s.found;
}

Object *container_get(Object *root, const char *path)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", -1);
    Object *obj = root;
    char **p;

    for (p = parts; *p; p++) {
        Object *child;

        if (!**p) {
            continue;
        }
        child = child_by_name(obj, *p);
        if (!child) {
            child = object_new(TYPE_CONTAINER);
            object_property_add_child(obj, *p, child);
            object_unref(child);
        }
        obj = child;
    }
    return obj;
}
