/*
 * Guest-to-host TCP sender for the I/O benchmark (tests/bench/io/run.sh):
 * busybox's nc writes in 1 KiB pieces, which measures nc rather than the
 * network.  Connects to ADDR:PORT and writes MIB MiB of zeros in 256 KiB
 * writes, then closes; the host side times the transfer.
 *   netsend ADDR PORT MIB
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHUNK (256 * 1024)

int main(int argc, char **argv)
{
    static char buf[CHUNK];
    struct sockaddr_in sa = { .sin_family = AF_INET };
    long long left;
    int fd;

    if (argc != 4 || inet_pton(AF_INET, argv[1], &sa.sin_addr) != 1) {
        fprintf(stderr, "usage: netsend ADDR PORT MIB\n");
        return 2;
    }
    sa.sin_port = htons(atoi(argv[2]));
    left = atoll(argv[3]) * 1024 * 1024;
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        perror("netsend: connect");
        return 1;
    }
    while (left > 0) {
        ssize_t n = write(fd, buf, left < CHUNK ? left : CHUNK);

        if (n < 0) {
            perror("netsend: write");
            return 1;
        }
        left -= n;
    }
    close(fd);
    return 0;
}
