#!/usr/bin/env bash
# XcAspire developer entry point.
#   ./xc run [--silos N]     start the whole system (PostgreSQL, silos, API, sample source) with the Aspire dashboard
#   ./xc test [--long]       build and run every test suite against a throwaway PostgreSQL cluster
#   ./xc bench [SIZES…]      import generated meets (default 2000 10000 20000 results), the 20000 one also on 2 silos, scrape an 84-race meet; print the figures
#   ./xc generate [RESULTS]  write the benchmark's generated meet (default 20000 results) as a folder under the data root
#   ./xc probe <meetId>      fetch one live meet from Athletic.net and print what was read (writes nothing)
#   ./xc probe --season <schoolId> <year>   the same for one school's season calendar
#   ./xc adopt [--check] <conn>  adopt the site's existing database (--check: report only, change nothing)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'xc: %s\n' "$*" >&2; exit 1; }

is_root() { [[ $(id -u) -eq 0 ]]; }

apt_updated=0
apt_install() {
  if [[ $apt_updated == 0 ]]; then
    say "apt-get update"
    apt-get update -qq >/dev/null || die "apt-get update failed"
    apt_updated=1
  fi
  say "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

# Each need: a test that it is met, the Debian packages that meet it.
need() {
  local what=$1 check=$2; shift 2
  if eval "$check"; then return 0; fi
  if is_root && command -v apt-get >/dev/null; then
    apt_install "$@"
    eval "$check" || die "$what is still missing after installing $*"
  else
    die "$what is missing. Install it first, as root: apt-get install -y $*"
  fi
}

have_pg_server() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
have_ss() { command -v ss >/dev/null; }
have_chromium() { [ -x /usr/bin/chromium ]; }

ensure_base() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is missing: install it from https://dot.net (dotnet-sdk-10.0)"
  need "the PostgreSQL server" have_pg_server postgresql
  need "ss (iproute2)" have_ss iproute2
  if ! is_root; then return 0; fi
  id postgres >/dev/null 2>&1 || die "user 'postgres' is missing; reinstall Debian's postgresql package"
}

# Prints "N passed, N failed, N skipped" from a TRX file.
trx_counts() {
  local f=$1
  local line
  line=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  local total passed failed
  total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$line")
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$line")
  failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$line")
  echo "${passed:-0} ${failed:-0} $(( ${total:-0} - ${passed:-0} - ${failed:-0} ))"
}

cmd_test() {
  local long=0
  for a in "$@"; do
    case $a in
      --long) long=1 ;;
      *) die "unknown option for test: $a" ;;
    esac
  done
  ensure_base
  # The admin UI's browser tests drive Debian's Chromium through Playwright.
  need "Chromium" have_chromium chromium

  say "dotnet build"
  dotnet build XcAspire.sln -nologo -v quiet -clp:ErrorsOnly || die "build failed"

  local pgdir
  pgdir=$(mktemp -d "${TMPDIR:-/tmp}/xc-test-pg.XXXXXX")
  # Stop and delete the throwaway cluster however the run ends.
  trap 'scripts/pg-cluster.sh stop "'"$pgdir"'" --delete' EXIT
  say "starting a throwaway PostgreSQL cluster"
  eval "$(scripts/pg-cluster.sh start "$pgdir" --throwaway)"
  export XC_TEST_PG="$XC_PG_CONN"

  local filter="Category!=long"
  [[ $long == 1 ]] && filter=""
  local results="$ROOT/.xcaspire/test-results"
  rm -rf "$results"; mkdir -p "$results"
  # Browser tests write their screenshots under here.
  export XC_TEST_RESULTS="$results"

  local total_passed=0 total_failed=0 total_skipped=0 status=0 summary=""
  local proj name start secs
  for proj in tests/*/*.Tests.csproj; do
    name=$(basename "$proj" .csproj)
    say "dotnet test $name"
    start=$(date +%s%N)
    local args=(test "$proj" --no-build -nologo --results-directory "$results/$name"
                --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal")
    [[ -n "$filter" ]] && args+=(--filter "$filter")
    if ! dotnet "${args[@]}"; then status=1; fi
    local ms=$(( ($(date +%s%N) - start) / 1000000 ))
    secs="$((ms / 1000)).$(( (ms % 1000) / 100 ))"
    local trx="$results/$name/$name.trx" p=0 f=0 s=0
    if [[ -f "$trx" ]]; then
      read -r p f s < <(trx_counts "$trx")
    else
      f=1; status=1
      echo "xc: $name produced no test results" >&2
    fi
    (( p + f == 0 )) && { echo "xc: $name ran no test" >&2; status=1; }
    total_passed=$((total_passed + p)); total_failed=$((total_failed + f)); total_skipped=$((total_skipped + s))
    summary+=$(printf '  %-34s %5d passed %3d failed %3d skipped %8ss' "$name" "$p" "$f" "$s" "$secs")$'\n'
  done

  echo
  echo "Test projects:"
  printf '%s' "$summary"
  echo "tests: $total_passed passed, $total_failed failed, $total_skipped skipped"
  (( total_failed > 0 )) && status=1
  return $status
}

cmd_run() {
  local silos=()
  while [[ $# -gt 0 ]]; do
    case $1 in
      --silos) [[ ${2:-} =~ ^[0-9]+$ ]] || die "--silos takes a number"; silos=(--silos "$2"); shift 2 ;;
      *) die "unknown option for run: $1 (./xc run [--silos N])" ;;
    esac
  done
  ensure_base
  say "dotnet build"
  dotnet build XcAspire.sln -nologo -v quiet -clp:ErrorsOnly || die "build failed"
  # Aspire's settings for a local run: the dashboard on loopback over plain http (with its browser-token
  # login and an API key on its OTLP endpoint, both generated per run), fixed ports for its OTLP
  # endpoint and resource service, no update check (no internet needed).
  local dashboard=${XC_DASHBOARD_PORT:-18888}
  export ASPNETCORE_URLS="http://127.0.0.1:$dashboard"
  export ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="http://127.0.0.1:$((dashboard + 1))"
  export ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL="http://127.0.0.1:$((dashboard + 2))"
  export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true ASPIRE_VERSION_CHECK_DISABLED=true ASPIRE_DASHBOARD_TELEMETRY_OPTOUT=true
  export DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-Development}
  # exec the built AppHost itself (what `dotnet run --project XcAspire.AppHost` runs), so Ctrl+C and
  # SIGTERM reach it directly and it stops everything it started.
  exec dotnet XcAspire.AppHost/bin/Debug/net10.0/XcAspire.AppHost.dll "${silos[@]}"
}

cmd_bench() {
  ensure_base
  say "dotnet build (Release) bench/XcAspire.Bench"
  dotnet build bench/XcAspire.Bench -c Release -nologo -v quiet -clp:ErrorsOnly || die "build failed"

  local pgdir
  pgdir=$(mktemp -d "${TMPDIR:-/tmp}/xc-bench-pg.XXXXXX")
  # Stop and delete the throwaway cluster however the run ends.
  trap 'scripts/pg-cluster.sh stop "'"$pgdir"'" --delete' EXIT
  say "starting a throwaway PostgreSQL cluster"
  eval "$(scripts/pg-cluster.sh start "$pgdir" --throwaway)"
  XC_BENCH_PG="$XC_PG_CONN" dotnet bench/XcAspire.Bench/bin/Release/net10.0/XcAspire.Bench.dll "$@"
  say "two silos: the 20,000-result meet imported by folder path through the API on 2 silos, against the engine"
  XC_BENCH_PG="$XC_PG_CONN" dotnet run -c Release --project bench/XcAspire.ScaleBench -- two-silos
  say "failover: the same meet on 2 silo processes, one killed (SIGKILL) mid-import; how long its races waited"
  XC_BENCH_PG="$XC_PG_CONN" dotnet run -c Release --project bench/XcAspire.ScaleBench -- failover
  say "source benchmark: an 84-race meet from the sample source with 200 ms latency"
  dotnet run -c Release --project bench/XcAspire.SourceBench  # sourcebench: 84-race scrape vs what politeness implies
  say "scale benchmark: 30 meets (~75,000 results) imported concurrently through the API on 3 silos"
  XC_BENCH_PG="$XC_PG_CONN" dotnet run -c Release --project bench/XcAspire.ScaleBench
}

# ./xc generate [RESULTS]: the benchmark's meet as a CSV folder under the data root, to import by hand
# (start-import with its directoryPath, or the admin UI).
cmd_generate() {
  local size=${1:-20000}
  [[ $size =~ ^[0-9]+$ ]] || die "generate takes a number of results, not '$size'"
  command -v dotnet >/dev/null || die "the .NET 10 SDK is missing: install it from https://dot.net (dotnet-sdk-10.0)"
  dotnet build bench/XcAspire.Bench -c Release -nologo -v quiet "-clp:ErrorsOnly;NoSummary" >&2 || die "build failed"
  local root=${XC_DATA_ROOT:-$ROOT/.xcaspire/data}
  local folder="generated_${size}_$(date +%s)"
  mkdir -p "$root"
  dotnet bench/XcAspire.Bench/bin/Release/net10.0/XcAspire.Bench.dll generate "$size" "$root/$folder" || die "generate failed"
  echo "import it with: POST /api/admin/import-meet/start-import {\"directoryPath\":\"$folder\"}"
}

cmd_probe() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is missing: install it from https://dot.net (dotnet-sdk-10.0)"
  dotnet build tools/XcAspire.Probe -nologo -v quiet -clp:ErrorsOnly || die "build failed"
  exec dotnet tools/XcAspire.Probe/bin/Debug/net10.0/XcAspire.Probe.dll "$@"
}

# ./xc adopt [--check] <connection string>: adopt the site's existing database (README: "Adopting
# the site's database"); on an adopted database it checks, or puts back, what drifted. Exit 2 when
# rows the new keys reject, or a column type XcAspire cannot work with, block it.
cmd_adopt() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is missing: install it from https://dot.net (dotnet-sdk-10.0)"
  dotnet build tools/XcAspire.Adopt -nologo -v quiet "-clp:ErrorsOnly;NoSummary" >&2 || die "build failed"
  exec dotnet tools/XcAspire.Adopt/bin/Debug/net10.0/XcAspire.Adopt.dll "$@"
}

case ${1:-} in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  bench) shift; cmd_bench "$@" ;;
  generate) shift; cmd_generate "$@" ;;
  probe) shift; cmd_probe "$@" ;;
  adopt) shift; cmd_adopt "$@" ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
