/*
 * The small object model: types, classes, instances, properties and the
 * object tree.
 *
 * A type is a static TypeInfo registered from a constructor (type_init).
 * Registration only records the TypeInfo; parents are resolved and classes
 * built on first use, so registration order does not matter.
 *
 * A class is allocated once per type: a copy of its parent's class on which
 * the type's class_init runs, so parent class data is inherited and can be
 * overridden.  Instances run instance_init from the base type down and
 * instance_finalize from the most derived type up.
 *
 * Properties are named and typed; their values travel as strings, which is
 * what -device and the monitor give us.  Class properties are shared by all
 * instances (and listable without one); instance properties hold children
 * ("child<T>") and dynamic links.
 *
 * The tree: a root container holds children by name; every object has at
 * most one parent, which holds a reference to it.  Paths look like
 * "/machine/peripheral/net0".
 */
#ifndef QOM_OBJECT_H
#define QOM_OBJECT_H

typedef struct Error Error;
typedef struct TypeImpl TypeImpl;
typedef struct ObjectClass ObjectClass;
typedef struct Object Object;
typedef struct ObjectProperty ObjectProperty;

#define TYPE_OBJECT "object"
#define TYPE_CONTAINER "container"

#define OBJECT_CLASS_CAST_CACHE 4

struct ObjectClass {
    TypeImpl *type;
    /* Type name pointers a checked cast has accepted (atomic). */
    const char *cast_cache[OBJECT_CLASS_CAST_CACHE];
    GHashTable *properties;     /* this class level only: name -> prop */
    /* Called when the object leaves the tree (devices unrealize here). */
    void (*unparent)(Object *obj);
};

struct Object {
    ObjectClass *klass;
    GHashTable *properties;     /* instance properties: name -> prop */
    int ref;
    Object *parent;
    char *name;                 /* child property name in parent */
};

typedef struct TypeInfo {
    const char *name;
    const char *parent;
    size_t instance_size;       /* 0: the parent's */
    void (*instance_init)(Object *obj);
    void (*instance_finalize)(Object *obj);
    size_t class_size;          /* 0: the parent's */
    void (*class_init)(ObjectClass *klass, const void *data);
    const void *class_data;
    bool abstract;
} TypeInfo;

/* Getter returns a g_malloc'd string; setter parses one. */
typedef char *ObjectPropertyGet(Object *obj, ObjectProperty *prop,
                                Error **errp);
typedef bool ObjectPropertySet(Object *obj, ObjectProperty *prop,
                               const char *value, Error **errp);
typedef bool ObjectPropertySetLink(Object *obj, ObjectProperty *prop,
                                   Object *target, Error **errp);
typedef void ObjectPropertyRelease(Object *obj, ObjectProperty *prop);

struct ObjectProperty {
    char *name;
    char *type;                 /* "str", "uint32", "child<pl011>", ... */
    char *description;          /* may be NULL */
    char *defval;               /* default shown in help, may be NULL */
    ObjectPropertyGet *get;     /* NULL: write-only */
    ObjectPropertySet *set;     /* NULL: read-only */
    ObjectPropertySetLink *set_link;    /* link properties only */
    ObjectPropertyRelease *release;
    void *opaque;
};

/* Registration. */
void type_register_static(const TypeInfo *info);
#define type_init(fn) \
    static void __attribute__((constructor)) type_init_##fn(void) { fn(); }

/* Classes. */
ObjectClass *object_class_by_name(const char *typename);
ObjectClass *object_class_get_parent(ObjectClass *klass);
const char *object_class_get_name(ObjectClass *klass);
bool object_class_is_abstract(ObjectClass *klass);
ObjectClass *object_class_dynamic_cast(ObjectClass *klass,
                                       const char *typename);
ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *typename,
                                              const char *file, int line);
/* Classes of implements_type and its subtypes, sorted by name. */
GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract);

/* Instances. */
/* A programming error (unknown or abstract type) aborts. */
Object *object_new(const char *typename);
/* For names that come from the user. */
Object *object_new_checked(const char *typename, Error **errp);
Object *object_ref(void *obj);
void object_unref(void *obj);
ObjectClass *object_get_class(Object *obj);
const char *object_get_typename(Object *obj);
Object *object_dynamic_cast(Object *obj, const char *typename);
Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line);

#define OBJECT(obj) ((Object *)(obj))
#define OBJECT_CLASS(klass) ((ObjectClass *)(klass))
#define OBJECT_CHECK(type, obj, name) \
    ((type *)object_dynamic_cast_assert(OBJECT(obj), (name), \
                                        __FILE__, __LINE__))
#define OBJECT_CLASS_CHECK(class_type, klass, name) \
    ((class_type *)object_class_dynamic_cast_assert(OBJECT_CLASS(klass), \
                                                    (name), __FILE__, \
                                                    __LINE__))
#define OBJECT_GET_CLASS(class_type, obj, name) \
    OBJECT_CLASS_CHECK(class_type, object_get_class(OBJECT(obj)), name)

/*
 * OBJECT_DECLARE_TYPE(PL011State, PL011Class, PL011) declares the typedefs
 * and the checked casts PL011(obj), PL011_CLASS(klass) and
 * PL011_GET_CLASS(obj) for the type named TYPE_PL011.
 */
#define OBJECT_DECLARE_TYPE(Instance, Class, NAME) \
    typedef struct Instance Instance; \
    typedef struct Class Class; \
    static inline G_GNUC_UNUSED Instance *NAME(const void *obj) \
    { return OBJECT_CHECK(Instance, obj, TYPE_##NAME); } \
    static inline G_GNUC_UNUSED Class *NAME##_CLASS(const void *klass) \
    { return OBJECT_CLASS_CHECK(Class, klass, TYPE_##NAME); } \
    static inline G_GNUC_UNUSED Class *NAME##_GET_CLASS(const void *obj) \
    { return OBJECT_GET_CLASS(Class, obj, TYPE_##NAME); }
/* Same, for a type that adds no class members of its own. */
#define OBJECT_DECLARE_SIMPLE_TYPE(Instance, NAME) \
    typedef struct Instance Instance; \
    static inline G_GNUC_UNUSED Instance *NAME(const void *obj) \
    { return OBJECT_CHECK(Instance, obj, TYPE_##NAME); }

/* Properties.  Adding a name twice is a programming error. */
ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    ObjectPropertyGet *get,
                                    ObjectPropertySet *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque);
ObjectProperty *object_class_property_add(ObjectClass *klass,
                                          const char *name, const char *type,
                                          ObjectPropertyGet *get,
                                          ObjectPropertySet *set,
                                          void *opaque);
void object_property_del(Object *obj, const char *name);
/* Instance properties first, then the class and its ancestors. */
ObjectProperty *object_property_find(Object *obj, const char *name);
ObjectProperty *object_class_property_find(ObjectClass *klass,
                                           const char *name);
/* Every property of klass and its ancestors, sorted by name. */
GPtrArray *object_class_property_list(ObjectClass *klass);

bool object_property_set_str(Object *obj, const char *name,
                             const char *value, Error **errp);
char *object_property_get_str(Object *obj, const char *name, Error **errp);
bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             Error **errp);
bool object_property_get_int(Object *obj, const char *name, int64_t *value,
                             Error **errp);
bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp);
bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp);
bool object_property_get_bool(Object *obj, const char *name, bool *value,
                              Error **errp);
bool object_property_set_link(Object *obj, const char *name, Object *target,
                              Error **errp);

/*
 * A dynamic link: a "link<type>" property over *targetp, settable by path
 * (or by a unique partial path such as an id) or object.
 */
void object_property_add_link(Object *obj, const char *name,
                              const char *type, Object **targetp);

/* The tree. */
Object *object_get_root(void);
/* Adds a "child<type>" property; the parent takes a reference. */
void object_property_add_child(Object *parent, const char *name,
                               Object *child);
/* Takes obj out of the tree, dropping the parent's reference. */
void object_unparent(Object *obj);
/* Calls fn on each child until it returns non-zero (returned). */
int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque);
/* "/a/b/c"; NULL when obj is not in the tree.  g_free the result. */
char *object_get_canonical_path(Object *obj);
const char *object_get_canonical_path_component(Object *obj);
/*
 * An absolute path ("/machine/peripheral/net0") or a partial one ("net0",
 * "peripheral/net0") that must match exactly one object in the tree.
 * *ambiguous (may be NULL) tells a partial path that matched several.
 */
Object *object_resolve_path(const char *path, bool *ambiguous);
/* Returns the container at path under root, creating missing ones. */
Object *container_get(Object *root, const char *path);

#endif
