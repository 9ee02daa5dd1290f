kemu-obj += net/net.o
kemu-obj += net/queue.o
kemu-obj += net/hub.o
kemu-obj += net/netdev.o
kemu-obj += net/slirp.o
kemu-obj += net/socket.o
kemu-obj += net/tap.o
kemu-obj += net/offload.o
