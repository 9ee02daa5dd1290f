/*
 * The object model: types, classes, casts, lifecycle, properties, tree.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "qom/object.h"

#define TYPE_ANIMAL "test-animal"
#define TYPE_DOG "test-dog"
#define TYPE_PUPPY "test-puppy"

OBJECT_DECLARE_TYPE(Animal, AnimalClass, ANIMAL)

struct AnimalClass {
    ObjectClass parent_class;
    const char *sound;
    int legs;
};

struct Animal {
    Object parent_obj;
    char *name;
    int64_t age;
    bool good;
    Object *friend;
};

static GString *lifecycle_log;

static void log_event(const char *what)
{
    if (!lifecycle_log) {
        lifecycle_log = g_string_new("");
    }
    g_string_append(lifecycle_log, what);
}

static char *name_get(Object *obj, ObjectProperty *prop, Error **errp)
{
    return g_strdup(ANIMAL(obj)->name ?: "");
}

static bool name_set(Object *obj, ObjectProperty *prop, const char *value,
                     Error **errp)
{
    g_free(ANIMAL(obj)->name);
    ANIMAL(obj)->name = g_strdup(value);
    return true;
}

static char *age_get(Object *obj, ObjectProperty *prop, Error **errp)
{
    return g_strdup_printf("%" PRId64, ANIMAL(obj)->age);
}

static bool age_set(Object *obj, ObjectProperty *prop, const char *value,
                    Error **errp)
{
    char *end;
    int64_t v = g_ascii_strtoll(value, &end, 10);

    if (*end || end == value) {
        error_setg(errp, "age: '%s' is not a number", value);
        return false;
    }
    ANIMAL(obj)->age = v;
    return true;
}

static char *good_get(Object *obj, ObjectProperty *prop, Error **errp)
{
    return g_strdup(ANIMAL(obj)->good ? "on" : "off");
}

static bool good_set(Object *obj, ObjectProperty *prop, const char *value,
                     Error **errp)
{
    ANIMAL(obj)->good = !strcmp(value, "on");
    return true;
}

static void animal_class_init(ObjectClass *klass, const void *data)
{
    AnimalClass *ac = ANIMAL_CLASS(klass);

    ac->sound = "...";
    ac->legs = 4;
    object_class_property_add(klass, "name", "str", name_get, name_set, NULL);
    object_class_property_add(klass, "age", "int", age_get, age_set, NULL);
}

static void animal_init(Object *obj)
{
    log_event("A+");
    object_property_add_link(obj, "friend", TYPE_ANIMAL,
                             &ANIMAL(obj)->friend);
}

static void animal_finalize(Object *obj)
{
    log_event("A-");
    g_free(ANIMAL(obj)->name);
}

static void dog_class_init(ObjectClass *klass, const void *data)
{
    ((AnimalClass *)klass)->sound = data;
    object_class_property_add(klass, "good", "bool", good_get, good_set,
                              NULL);
}

static void dog_init(Object *obj)
{
    log_event("D+");
}

static void dog_finalize(Object *obj)
{
    log_event("D-");
}

static void puppy_class_init(ObjectClass *klass, const void *data)
{
    ((AnimalClass *)klass)->legs = 3;   /* sound stays the dog's */
}

static void puppy_init(Object *obj)
{
    log_event("P+");
}

static void puppy_finalize(Object *obj)
{
    log_event("P-");
}

/* Registered child first: parents are resolved lazily. */
static const TypeInfo puppy_info = {
    .name = TYPE_PUPPY,
    .parent = TYPE_DOG,
    .instance_init = puppy_init,
    .instance_finalize = puppy_finalize,
    .class_init = puppy_class_init,
};

static const TypeInfo dog_info = {
    .name = TYPE_DOG,
    .parent = TYPE_ANIMAL,
    .instance_init = dog_init,
    .instance_finalize = dog_finalize,
    .class_init = dog_class_init,
    .class_data = "woof",
};

static const TypeInfo animal_info = {
    .name = TYPE_ANIMAL,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Animal),
    .instance_init = animal_init,
    .instance_finalize = animal_finalize,
    .class_size = sizeof(AnimalClass),
    .class_init = animal_class_init,
    .abstract = true,
};

static void register_test_types(void)
{
    type_register_static(&puppy_info);
    type_register_static(&dog_info);
    type_register_static(&animal_info);
}

type_init(register_test_types)

static void test_hierarchy_and_casts(void)
{
    Object *pup = object_new(TYPE_PUPPY);
    Object *dog = object_new(TYPE_DOG);
    ObjectClass *oc = object_class_by_name(TYPE_DOG);

    g_assert_cmpstr(object_get_typename(pup), ==, TYPE_PUPPY);
    g_assert_true(object_dynamic_cast(pup, TYPE_ANIMAL) == pup);
    g_assert_true(object_dynamic_cast(pup, TYPE_DOG) == pup);
    g_assert_true(object_dynamic_cast(pup, TYPE_OBJECT) == pup);
    g_assert_null(object_dynamic_cast(dog, TYPE_PUPPY));
    g_assert_null(object_dynamic_cast(dog, "no-such-type"));
    g_assert_true(ANIMAL(pup) == (Animal *)pup);
    g_assert_nonnull(oc);
    g_assert_cmpstr(object_class_get_name(object_class_get_parent(oc)), ==,
                    TYPE_ANIMAL);
    g_assert_null(object_class_by_name("no-such-type"));
    g_assert_null(object_class_dynamic_cast(oc, TYPE_PUPPY));
    object_unref(pup);
    object_unref(dog);
}

static void test_bad_cast_aborts(void)
{
    if (g_test_subprocess()) {
        Object *dog = object_new(TYPE_DOG);
        OBJECT_CHECK(Object, dog, TYPE_PUPPY);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*is not a 'test-puppy'*");
}

static void test_class_list(void)
{
    GSList *list = object_class_get_list(TYPE_ANIMAL, false);
    GSList *all = object_class_get_list(TYPE_ANIMAL, true);

    g_assert_cmpint(g_slist_length(list), ==, 2);
    g_assert_cmpstr(object_class_get_name(list->data), ==, TYPE_DOG);
    g_assert_cmpstr(object_class_get_name(list->next->data), ==, TYPE_PUPPY);
    g_assert_cmpint(g_slist_length(all), ==, 3);
    g_assert_cmpstr(object_class_get_name(all->data), ==, TYPE_ANIMAL);
    g_slist_free(list);
    g_slist_free(all);
}

static void test_abstract_and_unknown_rejected(void)
{
    Error *err = NULL;

    g_assert_null(object_new_checked(TYPE_ANIMAL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "type 'test-animal' is abstract");
    error_free(err);
    err = NULL;
    g_assert_null(object_new_checked("test-cat", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "unknown type 'test-cat'");
    error_free(err);
    g_assert_true(object_class_is_abstract(object_class_by_name(TYPE_ANIMAL)));
}

static void test_class_inheritance(void)
{
    AnimalClass *dog = (AnimalClass *)object_class_by_name(TYPE_DOG);
    AnimalClass *pup = (AnimalClass *)object_class_by_name(TYPE_PUPPY);
    AnimalClass *animal = (AnimalClass *)object_class_by_name(TYPE_ANIMAL);

    g_assert_cmpstr(animal->sound, ==, "...");
    g_assert_cmpstr(dog->sound, ==, "woof");
    g_assert_cmpint(dog->legs, ==, 4);
    g_assert_cmpstr(pup->sound, ==, "woof");
    g_assert_cmpint(pup->legs, ==, 3);
    g_assert_cmpint(animal->legs, ==, 4);
}

static void test_instance_sees_class(void)
{
    Object *pup = object_new(TYPE_PUPPY);

    g_assert_true(ANIMAL_GET_CLASS(pup) ==
                  ANIMAL_CLASS(object_class_by_name(TYPE_PUPPY)));
    g_assert_cmpint(ANIMAL_GET_CLASS(pup)->legs, ==, 3);
    object_unref(pup);
}

static void test_init_finalize_order(void)
{
    Object *pup;

    if (lifecycle_log) {
        g_string_truncate(lifecycle_log, 0);
    }
    pup = object_new(TYPE_PUPPY);
    g_assert_cmpstr(lifecycle_log->str, ==, "A+D+P+");
    object_unref(pup);
    g_assert_cmpstr(lifecycle_log->str, ==, "A+D+P+P-D-A-");
}

static void test_refcount(void)
{
    Object *dog = object_new(TYPE_DOG);

    g_string_truncate(lifecycle_log, 0);
    object_ref(dog);
    object_unref(dog);
    g_assert_cmpstr(lifecycle_log->str, ==, "");
    object_unref(dog);
    g_assert_cmpstr(lifecycle_log->str, ==, "D-A-");
}

static void test_properties(void)
{
    Object *dog = object_new(TYPE_DOG);
    Error *err = NULL;
    int64_t age = 0;
    bool good = false;
    char *s;

    g_assert_true(object_property_set_str(dog, "name", "rex", &error_fatal));
    s = object_property_get_str(dog, "name", &error_fatal);
    g_assert_cmpstr(s, ==, "rex");
    g_free(s);
    g_assert_true(object_property_set_int(dog, "age", -3, &error_fatal));
    g_assert_true(object_property_get_int(dog, "age", &age, &error_fatal));
    g_assert_cmpint(age, ==, -3);
    g_assert_true(object_property_set_bool(dog, "good", true, &error_fatal));
    g_assert_true(object_property_get_bool(dog, "good", &good, &error_fatal));
    g_assert_true(good);

    g_assert_false(object_property_set_str(dog, "age", "old", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "age: 'old' is not a number");
    error_free(err);
    err = NULL;
    g_assert_false(object_property_set_str(dog, "colour", "red", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Property 'test-dog.colour' not found");
    error_free(err);
    object_unref(dog);
}

static void test_class_property_list(void)
{
    ObjectClass *oc = object_class_by_name(TYPE_PUPPY);
    GPtrArray *props = object_class_property_list(oc);
    ObjectProperty *p;

    g_assert_cmpuint(props->len, ==, 3);
    p = g_ptr_array_index(props, 0);
    g_assert_cmpstr(p->name, ==, "age");
    g_assert_cmpstr(p->type, ==, "int");
    g_assert_cmpstr(((ObjectProperty *)g_ptr_array_index(props, 1))->name,
                    ==, "good");
    g_assert_cmpstr(((ObjectProperty *)g_ptr_array_index(props, 2))->name,
                    ==, "name");
    g_assert_nonnull(object_class_property_find(oc, "name"));
    g_assert_null(object_class_property_find(oc, "friend"));
    g_ptr_array_free(props, TRUE);
}

static void test_links(void)
{
    Object *root = container_get(object_get_root(), "/links");
    Object *dog = object_new(TYPE_DOG);
    Object *pup = object_new(TYPE_PUPPY);
    Object *plain = object_new(TYPE_CONTAINER);
    Error *err = NULL;
    char *path;

    object_property_add_child(root, "pup", pup);
    g_assert_true(object_property_set_link(dog, "friend", pup, &error_fatal));
    g_assert_true(ANIMAL(dog)->friend == pup);
    path = object_property_get_str(dog, "friend", &error_fatal);
    g_assert_cmpstr(path, ==, "/links/pup");
    g_free(path);

    g_assert_false(object_property_set_link(dog, "friend", plain, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Property 'test-dog.friend': "
                    "object of type 'container' is not a 'test-animal'");
    error_free(err);
    err = NULL;
    g_assert_false(object_property_set_str(dog, "friend", "/links/cat", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Property 'test-dog.friend' can't find value "
                    "'/links/cat'");
    error_free(err);
    g_assert_true(object_property_set_str(dog, "friend", "", &error_fatal));
    g_assert_null(ANIMAL(dog)->friend);
    g_assert_true(object_property_set_str(dog, "friend", "/links/pup",
                                          &error_fatal));
    g_assert_true(ANIMAL(dog)->friend == pup);
    g_assert_cmpstr(object_property_find(dog, "friend")->type, ==,
                    "link<test-animal>");

    object_unparent(pup);
    object_unref(pup);                  /* the link still holds it */
    g_assert_true(ANIMAL(dog)->friend == pup);
    g_string_truncate(lifecycle_log, 0);
    object_unref(dog);
    /* Instance properties (the link) go before the finalizers. */
    g_assert_cmpstr(lifecycle_log->str, ==, "P-D-A-D-A-");
    object_unref(plain);
}

static void test_tree_paths(void)
{
    Object *root = object_get_root();
    Object *b = container_get(root, "/tree/a/b");
    Object *dog = object_new(TYPE_DOG);
    bool ambiguous = true;
    char *path;

    g_assert_true(container_get(root, "/tree/a/b") == b);
    g_assert_true(object_resolve_path("/tree/a/b", NULL) == b);
    path = object_get_canonical_path(b);
    g_assert_cmpstr(path, ==, "/tree/a/b");
    g_free(path);
    path = object_get_canonical_path(root);
    g_assert_cmpstr(path, ==, "/");
    g_free(path);
    g_assert_null(object_get_canonical_path(dog));

    object_property_add_child(b, "rex", dog);
    object_unref(dog);
    g_assert_cmpstr(object_get_canonical_path_component(dog), ==, "rex");
    g_assert_true(object_resolve_path("/tree/a/b/rex", NULL) == dog);
    g_assert_true(object_resolve_path("rex", &ambiguous) == dog);
    g_assert_false(ambiguous);
    g_assert_true(object_resolve_path("b/rex", NULL) == dog);
    g_assert_null(object_resolve_path("/tree/a/rex", NULL));
    g_assert_null(object_resolve_path("/tree/a/b/rex/more", NULL));
    g_assert_cmpstr(object_property_find(b, "rex")->type, ==,
                    "child<test-dog>");

    container_get(root, "/tree/x/rex");
    g_assert_null(object_resolve_path("rex", &ambiguous));
    g_assert_true(ambiguous);
    g_assert_true(object_resolve_path("b/rex", NULL) == dog);

    g_string_truncate(lifecycle_log, 0);
    object_unparent(dog);               /* the tree held the last ref */
    g_assert_cmpstr(lifecycle_log->str, ==, "D-A-");
    g_assert_null(object_resolve_path("/tree/a/b/rex", NULL));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qom/hierarchy-and-casts", test_hierarchy_and_casts);
    g_test_add_func("/qom/bad-cast-aborts", test_bad_cast_aborts);
    g_test_add_func("/qom/class-list", test_class_list);
    g_test_add_func("/qom/abstract-and-unknown-rejected",
                    test_abstract_and_unknown_rejected);
    g_test_add_func("/qom/class-inheritance", test_class_inheritance);
    g_test_add_func("/qom/instance-sees-class", test_instance_sees_class);
    g_test_add_func("/qom/init-finalize-order", test_init_finalize_order);
    g_test_add_func("/qom/refcount", test_refcount);
    g_test_add_func("/qom/properties", test_properties);
    g_test_add_func("/qom/class-property-list", test_class_property_list);
    g_test_add_func("/qom/links", test_links);
    g_test_add_func("/qom/tree-paths", test_tree_paths);
    return g_test_run();
}
