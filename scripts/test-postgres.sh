#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests: 'start DIR' makes a cluster in DIR (Debian's postgresql, installed by
# prerequisites.sh --tests), listening on 127.0.0.1 only, and writes its admin URL to DIR/url; 'stop DIR' stops it
# and deletes DIR. PostgreSQL refuses to run as root, so under root the cluster belongs to the 'postgres' user.
set -euo pipefail
action="${1:?usage: test-postgres.sh start|stop DIR}"
dir="${2:?usage: test-postgres.sh start|stop DIR}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$bin/pg_ctl" ] || { echo "vidgan: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as_owner=()
[ "$(id -u)" -eq 0 ] && as_owner=(runuser -u postgres --)

case "$action" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=55432
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    "${as_owner[@]}" bash -c "umask 077; echo '$password' > '$dir/pw'"
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U vidgan --pwfile="$dir/pw" -A scram-sha-256 -E UTF8 \
      --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
      || { echo "vidgan: initdb failed: $(tail -n 1 "$dir/initdb.log")" >&2; exit 1; }
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start \
      || { echo "vidgan: PostgreSQL did not start: $(tail -n 1 "$dir/server.log")" >&2; exit 1; }
    echo "postgres://vidgan:$password@127.0.0.1:$port/postgres" > "$dir/url"
    ;;
  stop)
    [ -d "$dir/data" ] && "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w -s stop || true
    rm -rf "$dir"
    ;;
  *) echo "usage: test-postgres.sh start|stop DIR" >&2; exit 2 ;;
esac
