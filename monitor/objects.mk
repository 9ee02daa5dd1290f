kemu-obj += monitor/monitor.o
kemu-obj += monitor/commands.o
