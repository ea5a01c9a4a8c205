#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <zlib.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one fixed-signature wrapper per option used. */
static inline int shortwall_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}
static inline int shortwall_git_set_cache_object_limit(git_object_t type, size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, bytes);
}

static inline int shortwall_git_set_cache_max_size(ssize_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, bytes);
}

/* An object database backend written in Swift: libgit2's struct first (libgit2 hands back a pointer
   to it), then the Swift reader that owns the state. */
typedef struct {
    git_odb_backend parent;
    void *reader;
} shortwall_odb_backend;

/* inflateInit is a macro (it passes zlib's version and struct size), which Swift cannot call. */
static inline int shortwall_inflate_init(z_stream *stream) {
    return inflateInit(stream);
}
