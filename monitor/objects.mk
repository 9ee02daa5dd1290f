kemu-obj += monitor/monitor.o
kemu-obj += monitor/commands.o
kemu-obj += monitor/monitor-chardev.o
kemu-obj += monitor/qmp-cmds.o
kemu-obj += monitor/qmp.o
