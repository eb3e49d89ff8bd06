#!/usr/bin/env bash
# Start the local PostgreSQL cluster and Redis when they are installed but not running.
# Whatever is already up is left alone; whatever is not installed is reported, not fatal:
# scripts/database.py falls back to an embedded PostgreSQL, and Plein runs without Redis
# (cache misses, tasks in-process).
set -euo pipefail

tcp_open() {  # host port
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

postgres_up() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h 127.0.0.1 -p 5432
    else
        tcp_open 127.0.0.1 5432
    fi
}

redis_up() {
    if command -v redis-cli >/dev/null 2>&1; then
        [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]
    else
        tcp_open 127.0.0.1 6379
    fi
}

wait_for() {  # description check-command
    for _ in $(seq 1 50); do
        if "$2"; then echo "services: $1 is up"; return 0; fi
        sleep 0.2
    done
    echo "services: $1 did not come up" >&2
    return 1
}

case "${DATABASE_URL:-}" in
    "" | *@127.0.0.1:5432/* | *@localhost:5432/* | *@127.0.0.1/* | *@localhost/*)
        if postgres_up; then
            echo "services: PostgreSQL on 127.0.0.1:5432 is already running"
        elif command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ] \
                && [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; then
            version=$(ls /etc/postgresql | sort -V | tail -n 1)
            echo "services: starting PostgreSQL $version (pg_ctlcluster)"
            pg_ctlcluster --skip-systemctl-redirect "$version" main start
            wait_for PostgreSQL postgres_up
        else
            echo "services: no PostgreSQL installed here; the embedded one (pgserver) is used"
        fi
        ;;
    *)
        echo "services: DATABASE_URL points elsewhere; not starting a local PostgreSQL"
        ;;
esac

if redis_up; then
    echo "services: Redis on 127.0.0.1:6379 is already running"
elif command -v redis-server >/dev/null 2>&1; then
    echo "services: starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
        >/dev/null
    wait_for Redis redis_up
else
    echo "services: no Redis installed here; tests that need it will say so"
fi
