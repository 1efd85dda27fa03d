# Shared by the benchmark scripts: a throwaway PostgreSQL 15 cluster (Debian's, default durability) in $TMP.
# start_postgres sets PG_DATA and PG_PORT and creates the database "sportello"; the caller's EXIT trap stops it
# with stop_postgres. Needs $TMP and free_port.
PG_BIN=/usr/lib/postgresql/15/bin
PG_DATA=""

have_postgres() { [[ -x "$PG_BIN/postgres" ]]; }

start_postgres() {
    PG_DATA="$TMP/pg"
    mkdir -p "$PG_DATA" && chown postgres "$TMP" "$PG_DATA"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust >/dev/null
    PG_PORT="$(free_port)"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$TMP/pg.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$TMP -c max_connections=200" start >/dev/null
    recreate_database
}

recreate_database() {
    runuser -u postgres -- "$PG_BIN/dropdb" --if-exists -h 127.0.0.1 -p "$PG_PORT" -U postgres sportello 2>/dev/null
    runuser -u postgres -- "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres sportello
}

stop_postgres() {
    [[ -n "$PG_DATA" ]] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1
    return 0
}
