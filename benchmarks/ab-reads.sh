#!/usr/bin/env bash
# A/B of two query-service jars on the reads that miss the cache, for a shared machine whose speed drifts by 2-3x
# within minutes: the jars take turns (A B A B ...) on the same store, each turn restarts query-service with its
# response cache off, warms it, measures pgbench -S on the same PostgreSQL right before the wrk run, and prints the
# ratio of the two with the load average and PostgreSQL's CPU per request. Compare the ratios of alternating turns,
# not req/s across runs.
#
#   JAR_A=/tmp/query-before.jar JAR_B=query-service/target/query-service-0.1.0-SNAPSHOT-exec.jar \
#       WORK=.bench benchmarks/ab-reads.sh
#
# WORK is the directory of an earlier `benchmarks/run.sh` run whose store is kept in $WORK/stack (its Kafka and
# PostgreSQL are started from there, as KEEP_STORE=1 does) and whose json.paths lists the store's slugs. Settings:
# ROUNDS (3), WARMUP_S (150: the longest warm-up, which ends sooner when the speed stops rising), MEASURE_S (20),
# WRK_THREADS (2), WRK_CONNECTIONS (32), and PATHS ("json article"): the .paths files of WORK to measure, by name: json
# (JSON by slug) and article (the article page, made from it), or any that run.sh's scale phase wrote there
# (listing-deep, listing-category, listing-tag, search-mix).
# PATHS="cached-identity cached-gzip" measures instead the article page served from the cache (query-service then runs
# with its cache on), each beside nginx serving the same bytes from the files run.sh's scale phase left in WORK/nginx,
# in place of pgbench -S; cached and uncached names do not mix in one run.
# Ports 8080, 8090, 9092, 9093 and 15432 must be free.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
: "${JAR_A:?the jar of variant A}" "${JAR_B:?the jar of variant B}" "${WORK:?a run.sh work directory with its store}"
ROUNDS=${ROUNDS:-3} WARMUP_S=${WARMUP_S:-150} MEASURE_S=${MEASURE_S:-20} PATHS=${PATHS:-json article}
WRK_THREADS=${WRK_THREADS:-2} WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}
WORK=$(cd "$WORK" && pwd)
[[ -d $WORK/stack && -s $WORK/json.paths ]] || { echo "no kept store or json.paths in $WORK" >&2; exit 1; }
CACHE_OFF=1
if [[ " $PATHS" == *" cached-"* ]]; then
    [[ $(tr ' ' '\n' <<< "$PATHS" | grep -cv '^cached-\|^$') == 0 ]] || { echo "PATHS: cached-* names run alone" >&2; exit 1; }
    [[ -s $WORK/nginx/nginx.conf ]] || { echo "no $WORK/nginx from run.sh's scale phase" >&2; exit 1; }
    CACHE_OFF= # query-service's own cache settings
    CACHED_SLUG=$(ls "$WORK/nginx/html/insights" | head -1)
    NGINX_URL=http://$(awk '$1 == "listen" { sub(";", "", $2); print $2 }' "$WORK/nginx/nginx.conf")
    printf '/insights/%s\n' "$CACHED_SLUG" > "$WORK/cached-identity.paths"
    cp "$WORK/cached-identity.paths" "$WORK/cached-gzip.paths"
fi
sed 's|^/api/insights/|/insights/|' "$WORK/json.paths" > "$WORK/article.paths"
export MALLOC_ARENA_MAX=2 PGHOST=localhost PGPORT=15432
QUERY_OPTS=${QUERY_JAVA_OPTS:--Xmx256m -Xss512k -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}
LOG=$WORK/ab
mkdir -p "$LOG"

# set -e ends the script at a failed command; say which, rather than stop without a word
trap 'echo "ab-reads.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done; wait 2> /dev/null || true; }
trap cleanup EXIT

# CPU seconds of every postgres process (utime + stime, in clock ticks)
postgres_ticks() {
    local total=0 pid stat
    for pid in $(pgrep -x postgres || true); do
        stat=$(cut -d' ' -f14,15 "/proc/$pid/stat" 2> /dev/null) || continue
        total=$((total + ${stat% *} + ${stat#* }))
    done
    echo "$total"
}

wrk_rps() { # paths file, seconds, [base URL]; prints "req/s p99"; a *-gzip.paths file asks for gzip
    local out header=()
    [[ $1 == *-gzip.paths ]] && header=(-H "Accept-Encoding: gzip")
    out=$(WRK_PATHS=$1 wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$2"s --latency "${header[@]}" \
        -s benchmarks/wrk/paths.lua "${3:-http://localhost:8080}")
    grep -qi 'non-2xx' <<< "$out" && echo "warning: $(grep -i 'non-2xx' <<< "$out")" >&2
    echo "$(awk '/Requests\/sec/ { print $2 }' <<< "$out") $(awk '$1 == "99%" { print $2 }' <<< "$out")"
}

# emptied first: the last run's "are up" must not be read before the new JVM's redirect truncates the file
: > "$LOG/infra.log"
# shellcheck disable=SC2046
java $(sed -n 's/^exec java \(.*\) -jar .*/\1/p' run-stack) -Dinsights.dev-stack.dir="$WORK/stack" \
    -jar dev-stack/target/dev-stack-0.1.0-SNAPSHOT-exec.jar --infra-only > "$LOG/infra.log" 2>&1 &
pids+=($!)
until grep -qs 'are up' "$LOG/infra.log"; do kill -0 "${pids[0]}" || { echo "infra exited; see $LOG/infra.log" >&2; exit 1; }; sleep 1; done
psql -U postgres -d postgres -qc "drop database if exists pgbench" -c "create database pgbench" > "$LOG/pgbench.log" 2>&1
pgbench -U postgres -i -s 5 -q pgbench >> "$LOG/pgbench.log" 2>&1
if [[ -n ${NGINX_URL:-} ]]; then
    # the nginx of run.sh's anchor, on the files it left: the identity bytes, and at /gzip/ the gzip bytes
    nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' > "$LOG/nginx.log" 2>&1 &
    pids+=($!)
    until curl -sf -o /dev/null "$NGINX_URL/insights/$CACHED_SLUG"; do kill -0 "${pids[-1]}" || { echo "nginx exited; see $LOG/nginx.log" >&2; exit 1; }; sleep 1; done
    sed "s|^|/gzip|" "$WORK/cached-gzip.paths" > "$WORK/nginx-gzip.paths"
fi

# Unmeasured load until the JVM's speed on the path stops rising (its C2 compiler is busy for a minute or two after a
# start, more on a loaded machine): 10 s wrk runs until they are steady (lib/warmup.sh, as run.sh's warm-ups), or
# WARMUP_S have passed. The curve goes to stderr.
source benchmarks/lib/warmup.sh
warm() { # paths file
    local rps spent=0 rates=()
    while ((spent < WARMUP_S)); do
        read -r rps _ < <(wrk_rps "$1" 10)
        rates+=("$rps")
        spent=$((spent + 10))
        warmed_up "${rates[@]}" && break
    done
    echo "warm-up on $(basename "$1"), req/s of each 10 s: ${rates[*]}" >&2
}

anchor() { # path name; prints the anchor's rate measured now: nginx on the same bytes, or pgbench -S
    case $1 in
        cached-identity) wrk_rps "$WORK/cached-identity.paths" "$MEASURE_S" "$NGINX_URL" | cut -d' ' -f1 ;;
        cached-gzip) wrk_rps "$WORK/nginx-gzip.paths" "$MEASURE_S" "$NGINX_URL" | cut -d' ' -f1 ;;
        *) pgbench -U postgres -S -c"$WRK_CONNECTIONS" -j"$WRK_THREADS" -T10 pgbench 2> /dev/null | awk '/^tps/ { printf "%.0f", $3 }' ;;
    esac
}

printf '%-6s %-3s %-15s %10s %9s %11s %7s %16s %6s\n' round jar path "req/s" p99 \
    "$([[ -n ${NGINX_URL:-} ]] && echo nginx || echo "pgbench -S")" ratio "postgres ms/req" load
for round in $(seq 1 "$ROUNDS"); do
    for variant in A B; do
        jar=JAR_$variant
        # shellcheck disable=SC2086
        # the actuator on a port of its own, as docker-compose deploys it (a jar from before 8090 serves it on 8080)
        env ${CACHE_OFF:+QUERY_CACHE_MAXIMUMSIZE=0} INSIGHTS_MANAGEMENT_PORT=8090 java $QUERY_OPTS -jar "${!jar}" \
            > "$LOG/query-$variant.log" 2>&1 &
        query=$!
        until curl -sf localhost:8090/actuator/health/readiness > /dev/null \
            || curl -sf localhost:8080/actuator/health/readiness > /dev/null; do
            kill -0 "$query" || { echo "query-service $variant exited; see $LOG/query-$variant.log" >&2; exit 1; }
            sleep 1
        done
        for path in $PATHS; do
            warm "$WORK/$path.paths"
            tps=$(anchor "$path")
            before=$(postgres_ticks)
            read -r rps p99 < <(wrk_rps "$WORK/$path.paths" "$MEASURE_S")
            ticks=$(( $(postgres_ticks) - before ))
            printf '%-6s %-3s %-15s %10.0f %9s %11s %7s %16s %6s\n' "$round" "$variant" "$path" "$rps" "$p99" "$tps" \
                "$(awk -v a="$rps" -v b="$tps" 'BEGIN { printf "%.2fx", a / b }')" \
                "$(awk -v t="$ticks" -v r="$rps" -v s="$MEASURE_S" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f", t / hz * 1000 / (r * s) }')" \
                "$(cut -d' ' -f1 /proc/loadavg)"
        done
        kill "$query"; wait "$query" 2> /dev/null || true
    done
done
