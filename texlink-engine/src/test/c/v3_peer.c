/*
 * A minimal v3 peer written in C from wire-v3.md alone, with the records as C structs in the
 * natural x86-64 layout the spec describes. texlink's interop tests run it against the Java
 * engine in both directions: if a field moved by one byte, frames would not verify.
 *
 *   v3_peer consume SOCKET FRAMES            connect, verify FRAMES frames, release each
 *   v3_peer produce SOCKET FRAMES [unsealed] serve one consumer, publish FRAMES frames
 *
 * Frames carry texlink's test pattern: the frame id in the first 8 bytes, then byte b of row y
 * is 37*(b + 7y + 13*id) mod 256 (ABGR8888, so a row is width*4 bytes).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    uint32_t backend, handle_type, frame_type, width, height, depth, stride, format;
    uint64_t modifier, size, frame_id;
    uint32_t sync_handle_type, reserved;
    uint64_t sync_value;
} meta_t;

typedef struct {
    uint32_t version, buffer_count, buffering, pad;
    meta_t meta;
    char control_block_name[64];
} handshake_t;

typedef struct {
    uint64_t frame_id;
    uint32_t buffer_index, has_sync_fd;
    uint64_t sync_value;
} notice_t;

typedef struct {
    _Atomic uint64_t frame_id;
    _Atomic uint32_t current_index;
    _Atomic uint32_t refs[3];
    uint32_t buffer_count;
    uint32_t pad;
    meta_t meta;
} control_t;

_Static_assert(sizeof(meta_t) == 72, "meta is 72 bytes");
_Static_assert(sizeof(handshake_t) == 152, "handshake is 152 bytes");
_Static_assert(sizeof(notice_t) == 24, "notice is 24 bytes");
_Static_assert(sizeof(control_t) == 104, "control block is 104 bytes");

#define FOURCC_ABGR8888 ('A' | 'B' << 8 | '2' << 16 | '4' << 24)

static void die(const char *what) {
    fprintf(stderr, "v3_peer: %s: %s\n", what, strerror(errno));
    exit(2);
}

static void read_fully(int fd, void *buf, size_t n) {
    size_t done = 0;
    while (done < n) {
        ssize_t r = recv(fd, (char *) buf + done, n - done, 0);
        if (r <= 0) die("recv");
        done += (size_t) r;
    }
}

static int recv_fd(int sock) {
    char byte;
    struct iovec iov = {&byte, 1};
    char control[CMSG_SPACE(sizeof(int))];
    struct msghdr msg = {0};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    if (recvmsg(sock, &msg, 0) != 1) die("recvmsg");
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (!c || c->cmsg_type != SCM_RIGHTS) {
        fprintf(stderr, "v3_peer: no descriptor\n");
        exit(2);
    }
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    return fd;
}

static void send_fd(int sock, int fd) {
    char byte = 0;
    struct iovec iov = {&byte, 1};
    char control[CMSG_SPACE(sizeof(int))];
    struct msghdr msg = {0};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    if (sendmsg(sock, &msg, MSG_NOSIGNAL) != 1) die("sendmsg");
}

static unsigned char pattern_byte(uint64_t b, uint64_t y, uint64_t id) {
    return (unsigned char) ((37 * ((b + 7 * y + 13 * id) % 256)) & 0xff);
}

static void fill(unsigned char *frame, const meta_t *m, uint64_t id) {
    uint64_t row = (uint64_t) m->width * 4;
    for (uint64_t y = 0; y < m->height; y++)
        for (uint64_t b = 0; b < row; b++) frame[y * m->stride + b] = pattern_byte(b, y, id);
    memcpy(frame, &id, 8);
}

static int verify(const unsigned char *frame, const meta_t *m, uint64_t id) {
    uint64_t got;
    memcpy(&got, frame, 8);
    if (got != id) {
        fprintf(stderr, "v3_peer: frame id in pixels %llu, notice said %llu\n", (unsigned long long) got, (unsigned long long) id);
        return 0;
    }
    uint64_t row = (uint64_t) m->width * 4;
    for (uint64_t y = 0; y < m->height; y++)
        for (uint64_t b = (y == 0 ? 8 : 0); b < row; b++)
            if (frame[y * m->stride + b] != pattern_byte(b, y, id)) {
                fprintf(stderr, "v3_peer: frame %llu row %llu byte %llu differs\n", (unsigned long long) id,
                        (unsigned long long) y, (unsigned long long) b);
                return 0;
            }
    return 1;
}

static int consume(const char *path, int frames) {
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    strncpy(addr.sun_path, path, sizeof addr.sun_path - 1);
    if (connect(sock, (struct sockaddr *) &addr, sizeof addr) != 0) die("connect");
    handshake_t h;
    read_fully(sock, &h, sizeof h);
    if (h.version != 3 || h.buffer_count < 1 || h.buffer_count > 3) {
        fprintf(stderr, "v3_peer: bad handshake\n");
        return 2;
    }
    unsigned char *buffers[3];
    for (uint32_t i = 0; i < h.buffer_count; i++) {
        int fd = recv_fd(sock);
        buffers[i] = mmap(NULL, h.meta.size, PROT_READ, MAP_SHARED, fd, 0);
        if (buffers[i] == MAP_FAILED) die("mmap buffer");
        close(fd);
    }
    int shm = shm_open(h.control_block_name, O_RDONLY, 0);
    if (shm < 0) die("shm_open");
    control_t *cb = mmap(NULL, sizeof(control_t), PROT_READ, MAP_SHARED, shm, 0);
    if (cb == MAP_FAILED) die("mmap control block");
    printf("C consumer: %ux%u fourcc 0x%x, %u buffers, control block %s (%u buffers)\n", h.meta.width, h.meta.height,
           h.meta.format, h.buffer_count, h.control_block_name, cb->buffer_count);
    fflush(stdout);
    uint64_t last = 0;
    for (int n = 0; n < frames; n++) {
        notice_t note;
        read_fully(sock, &note, sizeof note);
        if (note.buffer_index >= h.buffer_count || note.has_sync_fd > 1) {
            fprintf(stderr, "v3_peer: bad notice\n");
            return 2;
        }
        int ok = note.frame_id > last && verify(buffers[note.buffer_index], &h.meta, note.frame_id)
                 && atomic_load(&cb->frame_id) >= note.frame_id;
        last = note.frame_id;
        uint32_t release = note.buffer_index;
        if (send(sock, &release, sizeof release, MSG_NOSIGNAL) != sizeof release) die("send release");
        if (!ok) return 1;
    }
    printf("C consumer OK %d frames, last id %llu\n", frames, (unsigned long long) last);
    return 0;
}

static int produce(const char *path, int frames, int sealed) {
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char name[64];
    snprintf(name, sizeof name, "/texlink_%.*s", (int) (strrchr(base, '.') ? strrchr(base, '.') - base : (long) strlen(base)), base);
    meta_t m = {.backend = 1, .handle_type = 3, .frame_type = 0, .width = 320, .height = 240, .depth = 1,
                .stride = 320 * 4, .format = FOURCC_ABGR8888, .size = 320 * 240 * 4};
    int shm = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (shm < 0) die("shm_open");
    if (ftruncate(shm, sizeof(control_t)) != 0) die("ftruncate control block");
    control_t *cb = mmap(NULL, sizeof(control_t), PROT_READ | PROT_WRITE, MAP_SHARED, shm, 0);
    if (cb == MAP_FAILED) die("mmap control block");
    cb->buffer_count = 3;
    cb->meta = m;
    int fds[3];
    unsigned char *buffers[3];
    for (int i = 0; i < 3; i++) {
        fds[i] = memfd_create("v3-peer-frame", MFD_CLOEXEC | (sealed ? MFD_ALLOW_SEALING : 0));
        if (fds[i] < 0 || ftruncate(fds[i], (off_t) m.size) != 0) die("memfd");
        if (sealed && fcntl(fds[i], F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0) die("seal");
        buffers[i] = mmap(NULL, m.size, PROT_READ | PROT_WRITE, MAP_SHARED, fds[i], 0);
        if (buffers[i] == MAP_FAILED) die("mmap buffer");
    }
    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    strncpy(addr.sun_path, path, sizeof addr.sun_path - 1);
    unlink(path);
    if (bind(listener, (struct sockaddr *) &addr, sizeof addr) != 0 || listen(listener, 4) != 0) die("bind");
    printf("C producer READY %s\n", name);
    fflush(stdout);
    int sock = accept(listener, NULL, NULL);
    if (sock < 0) die("accept");
    handshake_t h = {.version = 3, .buffer_count = 3, .buffering = 3, .meta = m};
    snprintf(h.control_block_name, sizeof h.control_block_name, "%s", name);
    if (send(sock, &h, sizeof h, MSG_NOSIGNAL) != sizeof h) die("send handshake");
    for (int i = 0; i < 3; i++) send_fd(sock, fds[i]);
    int current = -1, last_written = -1, published = 0, consumer_left = 0;
    while (published < frames && !consumer_left) {
        struct pollfd p = {sock, POLLIN, 0};
        while (!consumer_left && poll(&p, 1, 0) > 0) { /* take releases as they come */
            uint32_t index;
            ssize_t r = recv(sock, &index, sizeof index, MSG_WAITALL);
            if (r == 0) {
                consumer_left = 1; /* hung up: a session ends when its socket closes */
            } else if (r != sizeof index) {
                die("recv release");
            } else if (index < 3) {
                atomic_fetch_sub(&cb->refs[index], 1);
            }
        }
        if (consumer_left) break;
        int next = -1;
        for (int step = 1; step <= 3 && next < 0; step++) {
            int c = (last_written + step + 3) % 3;
            if (c != current && atomic_load(&cb->refs[c]) == 0) next = c;
        }
        if (next < 0) {
            nanosleep(&(struct timespec){0, 200000}, NULL);
            continue;
        }
        uint64_t id = atomic_fetch_add(&cb->frame_id, 1) + 1;
        fill(buffers[next], &m, id);
        cb->meta.frame_id = id;
        atomic_store_explicit(&cb->current_index, (uint32_t) next, memory_order_release);
        atomic_fetch_add(&cb->refs[next], 1);
        notice_t note = {.frame_id = id, .buffer_index = (uint32_t) next};
        if (send(sock, &note, sizeof note, MSG_NOSIGNAL) != sizeof note) die("send notice");
        current = last_written = next;
        published++;
        nanosleep(&(struct timespec){0, 2000000}, NULL);
    }
    printf("C producer published %d frames%s\n", published, consumer_left ? ", then the consumer left" : "");
    char byte;
    while (!consumer_left && recv(sock, &byte, 1, 0) > 0) {
        /* drain releases until the consumer hangs up */
    }
    shm_unlink(name);
    unlink(path);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 4 && strcmp(argv[1], "consume") == 0) return consume(argv[2], atoi(argv[3]));
    if (argc >= 4 && strcmp(argv[1], "produce") == 0) return produce(argv[2], atoi(argv[3]), !(argc > 4 && strcmp(argv[4], "unsealed") == 0));
    fprintf(stderr, "usage: v3_peer consume|produce SOCKET FRAMES [unsealed]\n");
    return 2;
}
