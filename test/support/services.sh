#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis on loopback for the test suites.
#   eval "$(test/support/services.sh start)"   # prints export TEST_DATABASE_URL=… TEST_REDIS_URL=… TEST_SERVICES_DIR=…
#   test/support/services.sh stop "$TEST_SERVICES_DIR"
# PostgreSQL refuses to run as root: when run as root, the cluster belongs to the `postgres` user.
# Free ports and a fresh temporary folder per run, so several runs never collide. Nothing is kept.
set -euo pipefail

pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] || { echo "services.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
  echo "$dir"
}

free_port() {
  node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# Runs a command as the cluster's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir bin pg_port redis_port
  dir="$(mktemp -d -t test-services.XXXXXX)"
  chmod 755 "$dir"
  mkdir -p "$dir/pg" "$dir/pg-socket"
  [ "$(id -u)" = "0" ] && chown postgres: "$dir/pg" "$dir/pg-socket"
  bin="$(pg_bin)"
  pg_port="$(free_port)"
  as_owner "$bin/initdb" -D "$dir/pg/data" --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 30 \
    -o "-p $pg_port -k $dir/pg-socket -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >"$dir/pg-start.log" 2>&1 || { cat "$dir/pg-start.log" "$dir/pg/server.log" >&2 2>/dev/null; exit 1; }
  echo "$bin" >"$dir/pg-bin"

  redis_port="$(free_port)"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$redis_port" ping >/dev/null 2>&1 || { cat "$dir/redis.log" >&2; exit 1; }

  echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$pg_port/postgres TEST_REDIS_URL=redis://127.0.0.1:$redis_port TEST_SERVICES_DIR=$dir"
}

stop() {
  local dir="${1:?usage: services.sh stop DIR}"
  [ -d "$dir" ] || return 0
  if [ -f "$dir/pg-bin" ]; then
    as_owner "$(cat "$dir/pg-bin")/pg_ctl" -D "$dir/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -f "$dir/redis.pid" ]; then
    kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
