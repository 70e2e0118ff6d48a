#!/usr/bin/env bash
# End-to-end figures for the Insights pipeline; see docs/benchmarks.md.
#
#   benchmarks/run.sh                 quick: 10,000 insights, short runs (15-25 minutes here: the pipeline loads ~50/s)
#   MODE=full benchmarks/run.sh       full: 10,000 then 1,000,000 insights, rebuild at 1,000,000 (hours here)
#
# Builds, starts Kafka and PostgreSQL (./run-stack --infra-only --fresh, data in $WORK/stack, not .dev-stack/),
# starts ingest-, render- and query-service as separate JVMs, measures, prints one table and stops everything,
# also on failure or Ctrl-C. Needs wrk: installed with apt-get when missing (root) or the script stops.
#
# Settings (environment):
#   MODE=quick|full          sets the defaults below
#   SCALE_COUNTS             store sizes for the read figures, ascending   quick "10000"   full "10000 1000000"
#   INGEST_COUNT             requests for the ingest throughput figure     quick 3000      full 50000
#   INGEST_CONCURRENCY       requests in flight for the max-rate runs      64
#   RATE                     steady rate of the publish-to-readable run    200
#   DURATION                 seconds of the steady run                     quick 20        full 60
#   MAX_READABLE_COUNT       requests of the max-rate publish-to-readable  quick 2000      full 20000
#   WRK_DURATION             seconds per wrk run                           quick 10        full 30
#   WRK_THREADS, WRK_CONNECTIONS                                           2, 32
#   SERVICE_JAVA_OPTS        JVM options of the three services             "-Xmx512m -XX:+ExitOnOutOfMemoryError"
#   BULK_PATH=pipeline|clone how stores beyond the first scale fill: pipeline (BulkLoad to insight-events, rendered
#                            and projected by the services) or clone (copies of the projected rows, straight in
#                            PostgreSQL: read figures only; the rebuild then replays what the topic holds)
#   PHASES                   what to measure                               "reads publish rebuild"
#   SKIP_BUILD=1             use the jars already built
#   WORK                     logs, URL lists and the stores                .bench/
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

MODE=${MODE:-quick}
if [[ $MODE == full ]]; then
    SCALE_COUNTS=${SCALE_COUNTS:-"10000 1000000"}
    INGEST_COUNT=${INGEST_COUNT:-50000}
    DURATION=${DURATION:-60}
    MAX_READABLE_COUNT=${MAX_READABLE_COUNT:-20000}
    WRK_DURATION=${WRK_DURATION:-30}
else
    SCALE_COUNTS=${SCALE_COUNTS:-"10000"}
    INGEST_COUNT=${INGEST_COUNT:-3000}
    DURATION=${DURATION:-20}
    MAX_READABLE_COUNT=${MAX_READABLE_COUNT:-2000}
    WRK_DURATION=${WRK_DURATION:-10}
fi
INGEST_CONCURRENCY=${INGEST_CONCURRENCY:-64}
RATE=${RATE:-200}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}
BULK_PATH=${BULK_PATH:-pipeline}
PHASES=" ${PHASES:-reads publish rebuild} "
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:-"-Xmx512m -XX:+ExitOnOutOfMemoryError"}
WORK=${WORK:-$ROOT/.bench}
QUERY_URL=http://localhost:8080
INGEST_URL=http://localhost:8081
SERVICES=(ingest render query)
declare -A PORTS=([ingest]=8081 [render]=8082 [query]=8080)

mkdir -p "$WORK"
RESULTS=$WORK/results.tsv
: > "$RESULTS"
: > "$WORK/bench.log"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# One row of the table: section, figure, value, note.
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >> "$RESULTS"; }

# The value of "RESULT name value" in a main's output.
result() { awk -v name="$1" '$1 == "RESULT" && $2 == name { print $3 }' <<< "$2"; }

bench() {
    java -cp "$ROOT/benchmarks/target/benchmarks.jar:$ROOT/benchmarks/target/lib/*" "io.zerone.insights.bench.$1" "${@:2}" \
        2> >(tee -a "$WORK/bench.log" >&2) | tee -a "$WORK/bench.log"
}

stop_pid() { # pid, seconds to wait before SIGKILL
    local pid=$1 wait_s=$2
    [[ -n $pid ]] && kill -0 "$pid" 2> /dev/null || return 0
    kill -TERM "$pid" 2> /dev/null || true
    for ((i = 0; i < wait_s * 10; i++)); do
        kill -0 "$pid" 2> /dev/null || return 0
        sleep 0.1
    done
    log "process $pid did not stop in ${wait_s}s; killing it"
    kill -KILL "$pid" 2> /dev/null || true
}

descendants() { # every process started under a pid, children first
    local child
    for child in $(ps -o pid= --ppid "$1" 2> /dev/null); do
        descendants "$child"
        echo "$child"
    done
}

# The measurements run in a background subshell (MAIN_PID) so that a signal reaches this shell at once, even while a
# measurement runs. Cleanup ends that subshell and what it started (mains, wrk, the sampler), then stops the services
# and at last Kafka and PostgreSQL gracefully, by the pids they wrote to $WORK.
cleanup() {
    local status=$? keep pid name
    trap - EXIT INT TERM
    # the sampler outlives a main that returned normally, so it has a pid file of its own
    [[ -f $WORK/sampler.pid ]] && kill "$(cat "$WORK/sampler.pid")" 2> /dev/null || true
    rm -f "$WORK/sampler.pid"
    if [[ -n ${MAIN_PID:-} ]]; then
        keep=" $(cat "$WORK"/{ingest,render,query,infra}.pid 2> /dev/null | tr '\n' ' ') "
        infra=$(cat "$WORK/infra.pid" 2> /dev/null || true)
        [[ -n $infra ]] && keep="$keep $(descendants "$infra" | tr '\n' ' ') "
        tree=$(descendants "$MAIN_PID")
        kill -KILL "$MAIN_PID" 2> /dev/null || true
        for pid in $tree; do
            [[ $keep == *" $pid "* ]] || kill -TERM "$pid" 2> /dev/null || true
        done
    fi
    for ((s = ${#SERVICES[@]} - 1; s >= 0; s--)); do
        name=${SERVICES[s]}
        stop_pid "$(cat "$WORK/$name.pid" 2> /dev/null || true)" 30
        rm -f "$WORK/$name.pid"
    done
    # the dev stack's shutdown hook stops Kafka and PostgreSQL (and PostgreSQL's own processes) on SIGTERM
    stop_pid "$(cat "$WORK/infra.pid" 2> /dev/null || true)" 90
    rm -f "$WORK/infra.pid"
    [[ $status -ne 0 ]] && log "stopped after a failure (exit $status); logs in $WORK"
    exit "$status"
}

wait_for() { # description, seconds, command...
    local what=$1 seconds=$2
    shift 2
    for ((i = 0; i < seconds * 2; i++)); do
        "$@" > /dev/null 2>&1 && return 0
        sleep 0.5
    done
    die "$what not ready after ${seconds}s"
}

start_service() {
    local name=$1 jar
    jar=$(ls "$ROOT/$name-service/target/$name-service-"*-exec.jar 2> /dev/null | head -1)
    [[ -n $jar ]] || die "no $name-service exec jar (is $name-service on this branch and built?)"
    # shellcheck disable=SC2086
    java $SERVICE_JAVA_OPTS -jar "$jar" >> "$WORK/$name.log" 2>&1 &
    echo $! > "$WORK/$name.pid"
    wait_for "$name-service" 180 service_ready "$name" $!
    log "$name-service up (pid $(cat "$WORK/$name.pid"))"
}

service_ready() { # name, pid: ready, and the port is this pid's (another engineer's service could hold it)
    kill -0 "$2" || die "$1-service exited; see $WORK/$1.log"
    ss -ltnpH "sport = :${PORTS[$1]}" | grep -q "pid=$2," || return 1
    curl -sf "http://localhost:${PORTS[$1]}/actuator/health/readiness"
}

stop_service() {
    stop_pid "$(cat "$WORK/$1.pid")" 30
    rm -f "$WORK/$1.pid"
}

rss_mb() { # current resident size of a service JVM in MB
    local kb
    kb=$(ps -o rss= -p "$(cat "$WORK/$1.pid" 2> /dev/null)" 2> /dev/null | tr -d ' ')
    [[ -n $kb ]] && echo $((kb / 1024)) || echo n/a
}

sample_rss() { # the peak resident size of each service, every 2 s, into $WORK/<name>.rss-peak (MB)
    while true; do
        for name in "${SERVICES[@]}"; do
            local now peak
            now=$(rss_mb "$name")
            [[ $now == n/a ]] && continue
            peak=$(cat "$WORK/$name.rss-peak" 2> /dev/null || echo 0)
            ((now > peak)) && echo "$now" > "$WORK/$name.rss-peak"
        done
        sleep 2
    done
}

projected() { bench Projections count 2> /dev/null | tail -1; }

wait_projected() { # expected count, label: waits until the read model holds that many live insights
    local out
    out=$(bench Projections wait --count="$1" --label="$2" --timeout-s=$((4 * 3600)))
    result "$2_s" "$out"
}

wrk_run() { # section, figure, path or @file-of-paths
    local section=$1 figure=$2 target=$3 out rps p99 non2xx errors note
    # queries a slow run left queued in PostgreSQL would otherwise slow the next run down
    bench Projections idle --timeout-s=300 > /dev/null
    if [[ $target == @* ]]; then
        out=$(WRK_PATHS=${target#@} wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" --timeout 60s --latency \
            -s "$ROOT/benchmarks/wrk/paths.lua" "$QUERY_URL" 2>&1)
    else
        out=$(wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" --timeout 60s --latency "$QUERY_URL$target" 2>&1)
    fi
    printf '### %s / %s (%s)\n%s\n' "$section" "$figure" "$target" "$out" >> "$WORK/wrk.log"
    rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' <<< "$out")
    p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
        else if (v ~ /m$/) { sub(/m$/, "", v); v *= 60000 } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
        printf "%.1f", v }' <<< "$out")
    non2xx=$(awk '/Non-2xx or 3xx responses/ { print $NF }' <<< "$out")
    errors=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' <<< "$out")
    note=""
    [[ -n $non2xx ]] && note="$non2xx non-2xx!"
    [[ -n $errors && $errors != 0 ]] && note="$note $errors socket errors!"
    record "$section" "$figure" "${rps:-n/a} req/s, p99 ${p99:-n/a} ms" "$note"
    log "$section / $figure: ${rps:-n/a} req/s, p99 ${p99:-n/a} ms $note"
}

reads() { # section: every read, cached (one URL again and again) and uncached (random URLs of many insights)
    local section=$1 slug
    bench Projections paths --dir="$WORK" --sample=20000 > /dev/null
    slug=$(cat "$WORK/first-slug.txt")
    wrk_run "$section" "warm-up (not a figure)" "@$WORK/article.paths" > /dev/null 2>&1
    sed -i '$d' "$RESULTS"
    wrk_run "$section" "article page cached" "/insights/$slug"
    wrk_run "$section" "article page uncached" "@$WORK/article.paths"
    wrk_run "$section" "listing page cached" "/insights"
    wrk_run "$section" "listing page uncached" "@$WORK/listing.paths"
    wrk_run "$section" "JSON by slug cached" "/api/insights/$slug"
    wrk_run "$section" "JSON by slug uncached" "@$WORK/json.paths"
    wrk_run "$section" "JSON listing uncached" "@$WORK/api-listing.paths"
    wrk_run "$section" "search cached" "/api/search?q=cloud+cost+control"
    wrk_run "$section" "search uncached" "@$WORK/search.paths"
    wrk_run "$section" "search page uncached" "@$WORK/html-search.paths"
    record "$section" "RSS after reads (MB)" "ingest $(rss_mb ingest), render $(rss_mb render), query $(rss_mb query)"
}

rebuild() { # replays insight-rendered into empty projections and times it
    total=$(projected)
    log "rebuild: replaying insight-rendered into empty projections ($total insights)"
    stop_service query
    bench Projections reset
    started=$(date +%s.%N)
    start_service query
    wait_projected "$total" rebuild > /dev/null
    took=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
    record "rebuild (replay insight-rendered)" "$(printf "%'d" "$total") insights" \
        "$(awk -v t="$took" -v n="$total" 'BEGIN { printf "%.0f s, %.0f insights/s", t, n / t }')" \
        "schema dropped, consumer group deleted; from query-service JVM start"
    record "rebuild (replay insight-rendered)" "RSS when rebuilt (MB)" "query $(rss_mb query)"
}

publish() { # label, extra PublishLoad arguments; echoes its output and adds what it stored to STORED
    local out
    out=$(bench PublishLoad --label="$1" --ingest="$INGEST_URL" --query="$QUERY_URL" "${@:2}")
    echo "$out"
}

# ---------------------------------------------------------------------------------------------------------------
main() {
log "mode $MODE: scales $SCALE_COUNTS; work dir $WORK"
for port in 8080 8081 8082 9092 9093 15432; do
    if (: < "/dev/tcp/localhost/$port") 2> /dev/null; then
        die "port $port is in use: stop the stack that holds it (./run-stack, another benchmark) first"
    fi
done
if ! command -v wrk > /dev/null; then
    [[ $(id -u) == 0 ]] || die "wrk is missing: apt-get install -y wrk"
    log "installing wrk (apt-get install -y wrk)"
    apt-get install -y wrk > "$WORK/apt.log" 2>&1 || die "could not install wrk; see $WORK/apt.log"
fi
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    log "building"
    modules=ingest-service,dev-stack,benchmarks
    for module in render-service query-service; do
        [[ -d $module ]] && modules="$modules,$module"
    done
    ./mvnw -q -B -DskipTests -pl "$modules" -am package
fi

log "starting Kafka and PostgreSQL (./run-stack --infra-only --fresh, data in $WORK/stack)"
JAVA_TOOL_OPTIONS="-Dinsights.dev-stack.dir=$WORK/stack" ./run-stack --infra-only --fresh \
    > "$WORK/infra.log" 2>&1 &
echo $! > "$WORK/infra.pid"
wait_for "Kafka and PostgreSQL" 300 grep -q "are up" "$WORK/infra.log"
rm -f "$WORK"/*.log.prev "$WORK"/*.rss-peak
for name in "${SERVICES[@]}"; do
    : > "$WORK/$name.log"
    start_service "$name"
done
sample_rss &
echo $! > "$WORK/sampler.pid"

LOADED=0 # bulk-loaded insights so far; their indexes make their slugs
first=1
for scale in $SCALE_COUNTS; do
    have=$(projected)
    need=$((scale - have))
    section="reads at $(printf "%'d" "$scale")"
    if ((need > 0)) && [[ $BULK_PATH == clone && $first == 0 ]]; then
        log "clone path: copying projected rows to reach $scale"
        out=$(bench Projections clone --count="$scale")
        record "clone path (copies in PostgreSQL, read figures only)" "to $(printf "%'d" "$scale") insights" \
            "$(result clone_s "$out") s" "secondary indexes dropped, rows copied, indexes rebuilt, vacuum analyze"
    elif ((need > 0)); then
        log "bulk loading $need insights to reach $scale"
        started=$(date +%s.%N)
        out=$(bench BulkLoad --from=$LOADED --count=$need)
        LOADED=$((LOADED + need))
        wait_projected "$scale" "bulk" > /dev/null
        took=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
        record "bulk load (write to insight-events, render, project)" "$(printf "%'d" "$need") insights" \
            "$(awk -v t="$took" -v n="$need" 'BEGIN { printf "%.0f s, %.0f insights/s end to end", t, n / t }')" \
            "producer alone: $(result bulk_produced_per_s "$out") records/s"
        record "bulk load (write to insight-events, render, project)" "RSS when loaded (MB)" \
            "ingest $(rss_mb ingest), render $(rss_mb render), query $(rss_mb query)"
    fi
    if [[ $PHASES == *" reads "* ]]; then
        log "reads at $scale insights"
        reads "$section"
    fi

    if ((first)) && [[ $PHASES == *" publish "* ]]; then
        log "ingest: max rate, $INGEST_COUNT requests, $INGEST_CONCURRENCY in flight"
        out=$(publish ingest --count="$INGEST_COUNT" --warmup=1000 --concurrency="$INGEST_CONCURRENCY" --rate=0)
        record "ingest (acks=all)" "accepted per second" "$(result ingest_accepted_per_s "$out")" \
            "$INGEST_CONCURRENCY in flight; errors $(result ingest_errors "$out")"
        record "ingest (acks=all)" "202 latency p50 / p99 / max (ms)" \
            "$(result ingest_ack_p50_ms "$out") / $(result ingest_ack_p99_ms "$out") / $(result ingest_ack_max_ms "$out")"
        wait_projected $((scale + $(result ingest_stored "$out"))) catchup > /dev/null

        steady=$((RATE * DURATION))
        log "publish to readable at $RATE/s for ${DURATION}s"
        out=$(publish steady --count=$steady --warmup=$((RATE * 2)) --concurrency="$INGEST_CONCURRENCY" --rate="$RATE" --readable=true)
        record "publish to readable" "at $RATE/s: p50 / p99 / max (ms)" \
            "$(result steady_readable_p50_ms "$out") / $(result steady_readable_p99_ms "$out") / $(result steady_readable_max_ms "$out")" \
            "offered $(result steady_offered_per_s "$out")/s; 202 p99 $(result steady_ack_p99_ms "$out") ms; unreadable $(result steady_unreadable "$out"); errors $(result steady_errors "$out")"

        log "publish to readable at the max rate, $MAX_READABLE_COUNT requests"
        out=$(publish max --count="$MAX_READABLE_COUNT" --warmup=500 --concurrency="$INGEST_CONCURRENCY" --rate=0 --readable=true)
        record "publish to readable" "at max ($(result max_accepted_per_s "$out")/s): p50 / p99 / max (ms)" \
            "$(result max_readable_p50_ms "$out") / $(result max_readable_p99_ms "$out") / $(result max_readable_max_ms "$out")" \
            "202 p99 $(result max_ack_p99_ms "$out") ms; unreadable $(result max_unreadable "$out"); errors $(result max_errors "$out")"
    fi
    if ((first)) && [[ $PHASES == *" rebuild "* && $BULK_PATH == clone ]]; then
        rebuild
    fi
    first=0
done

# the clone path's copies are not on the topic: then the rebuild ran before them, at the pipeline's size
if [[ $PHASES == *" rebuild "* && $BULK_PATH != clone ]]; then
    rebuild
fi
for name in "${SERVICES[@]}"; do
    record "memory" "$name-service peak RSS (MB)" "$(cat "$WORK/$name.rss-peak" 2> /dev/null || echo n/a)" \
        "sampled every 2 s over the whole run; $SERVICE_JAVA_OPTS"
done

{
    echo
    echo "Insights benchmarks ($MODE) on $(nproc) cores, $(date -u +'%Y-%m-%d %H:%M UTC'); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
    printf '%-54s | %-42s | %-46s | %s\n' "section" "figure" "value" "note"
    printf '%.0s-' {1..170}
    echo
    awk -F'\t' '{ printf "%-54s | %-42s | %-46s | %s\n", $1, $2, $3, $4 }' "$RESULTS"
} | tee "$WORK/table.txt"
}

trap cleanup EXIT
trap 'exit 130' INT TERM
main &
MAIN_PID=$!
wait "$MAIN_PID"
