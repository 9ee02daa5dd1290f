kemu-obj += qom/object.o
kemu-obj += qom/object-prop.o
kemu-obj += qom/container.o
