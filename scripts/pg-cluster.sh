#!/usr/bin/env bash
# A private PostgreSQL cluster from Debian's server binaries: loopback only, its own socket dir.
#
#   pg-cluster.sh start DIR [PORT] [--throwaway]
#       Starts (creating if needed) the cluster in DIR. Prints shell exports:
#       XC_PG_DIR, XC_PG_PORT and XC_PG_CONN (an Npgsql connection string to database "postgres").
#       PORT defaults to a free port. --throwaway turns durability off (tests only).
#       If the cluster in DIR already runs, prints its exports and exits 0.
#   pg-cluster.sh stop DIR [--delete]
#       Stops the cluster (fast shutdown); --delete removes DIR afterwards.
#   pg-cluster.sh status DIR
#       Exit 0 and print the port when it runs, exit 3 when it does not.
#
# initdb and postgres refuse to run as root, so as root they run as the `postgres` user
# (created by Debian's package; override with XC_PG_RUNAS).
set -euo pipefail

die() { echo "pg-cluster: $*" >&2; exit 1; }

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [[ -n "$d" && -x "$d/initdb" ]] || die "PostgreSQL server binaries not found (apt-get install -y postgresql)"
  echo "$d"
}

if [[ $(id -u) -eq 0 ]]; then
  RUNAS=${XC_PG_RUNAS:-postgres}
  id "$RUNAS" >/dev/null 2>&1 || die "user '$RUNAS' does not exist (it comes with Debian's postgresql package)"
  as_pg() { runuser -u "$RUNAS" -- "$@"; }
  give() { chown -R "$RUNAS" "$@"; }
else
  as_pg() { "$@"; }
  give() { :; }
fi

# A port below the kernel's ephemeral range: above it, any outgoing connection's local port (a
# test's client, the build server's) can hold the number between this check and the server's bind.
free_port() {
  local p low
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  (( low > 21000 )) || low=32768
  for _ in $(seq 1 100); do
    p=$(( 20000 + RANDOM % (low - 20000) ))
    # A fresh port has no socket at all, not even a closing one.
    if [[ -z "$(ss -Htan "sport = :$p" 2>/dev/null)" ]]; then echo "$p"; return; fi
  done
  die "no free port found"
}

# Only a listener stops the server binding its port again: the sockets a stopped server leaves
# closing (TIME-WAIT, FIN-WAIT) were its own, and a restart on the same port must work.
port_in_use() { [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]; }

print_exports() {
  local dir=$1 port=$2
  cat <<OUT
export XC_PG_DIR='$dir' XC_PG_PORT=$port
export XC_PG_CONN='Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=postgres'
OUT
}

running_port() {
  # postmaster.pid line 4 holds the port; pg_ctl status confirms the process lives.
  local dir=$1 bin
  bin=$(pg_bin)
  [[ -f "$dir/data/postmaster.pid" ]] || return 1
  as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 || return 1
  sed -n 4p "$dir/data/postmaster.pid"
}

cmd_start() {
  local dir="" port="" throwaway=0
  for a in "$@"; do
    case $a in
      --throwaway) throwaway=1 ;;
      *) if [[ -z "$dir" ]]; then dir=$a; else port=$a; fi ;;
    esac
  done
  [[ -n "$dir" ]] || die "usage: pg-cluster.sh start DIR [PORT] [--throwaway]"
  mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
  local bin; bin=$(pg_bin)

  local p
  if p=$(running_port "$dir"); then print_exports "$dir" "$p"; return 0; fi
  local chosen=0
  if [[ -z "$port" ]]; then port=$(free_port); chosen=1; fi
  port_in_use "$port" && die "port $port is already in use by another process; choose another port"

  # The postgres user must be able to reach DIR: give it the directory itself, and make sure
  # every parent is searchable.
  give "$dir"
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    (umask 077; printf 'postgres\n' > "$dir/pwfile"); give "$dir/pwfile"
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed in $dir/data"; }
  fi
  mkdir -p "$dir/sock"; give "$dir/sock"
  local opts="-k $dir/sock -c listen_addresses=127.0.0.1 -c max_connections=300"
  if [[ $throwaway == 1 ]]; then
    opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  # A port this script chose can still be taken before the server binds it: then another one.
  local attempt logged
  for attempt in 1 2 3; do
    logged=$(stat -c %s "$dir/postgres.log" 2>/dev/null || echo 0)
    # setsid: the server leaves the caller's process group, so a Ctrl+C in the terminal reaches the
    # AppHost (which stops its services first, then this cluster) and not the database directly.
    if as_pg setsid "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 -o "-p $port $opts" start >"$dir/pg_ctl.log" 2>&1; then
      print_exports "$dir" "$port"
      return 0
    fi
    if [[ $chosen == 1 && $attempt -lt 3 ]] && tail -c +$((logged + 1)) "$dir/postgres.log" 2>/dev/null | grep -q "Address already in use"; then
      echo "pg-cluster: port $port was taken before the server bound it; trying another" >&2
      port=$(free_port)
      continue
    fi
    break
  done
  tail -20 "$dir/postgres.log" >&2 || true
  die "PostgreSQL did not start (log: $dir/postgres.log)"
}

cmd_stop() {
  local dir="" delete=0
  for a in "$@"; do
    case $a in --delete) delete=1 ;; *) dir=$a ;; esac
  done
  [[ -n "$dir" ]] || die "usage: pg-cluster.sh stop DIR [--delete]"
  [[ -d "$dir" ]] || return 0
  local bin; bin=$(pg_bin)
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  fi
  if [[ $delete == 1 ]]; then rm -rf "$dir"; fi
}

cmd_status() {
  local dir=${1:?usage: pg-cluster.sh status DIR} p
  if p=$(running_port "$dir"); then echo "$p"; else exit 3; fi
}

case ${1:-} in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  status) shift; cmd_status "$@" ;;
  *) die "usage: pg-cluster.sh start|stop|status DIR ..." ;;
esac
