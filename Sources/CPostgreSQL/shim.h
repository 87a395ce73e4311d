#ifndef CPOSTGRESQL_SHIM_H
#define CPOSTGRESQL_SHIM_H

#include <libpq-fe.h>

/// A notice processor that drops server notices (libpq's default prints them to stderr).
static void cpostgresql_ignore_notice(void *arg, const char *message) {
    (void)arg;
    (void)message;
}

static inline void cpostgresql_silence_notices(PGconn *connection) {
    PQsetNoticeProcessor(connection, cpostgresql_ignore_notice, 0);
}

#endif
