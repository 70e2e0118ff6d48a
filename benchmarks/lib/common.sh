# Sourced by run.sh: logging, the results table, the mains, the RSS and load sampler.

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

load1() { cut -d' ' -f1 /proc/loadavg; }

# A measurement starts: the sampler's peaks (RSS of each JVM, the 1-minute load average) count again from now.
phase_start() { rm -f "$WORK"/*.rss-phase "$WORK/phase.load-max"; }

# The load column: the 1-minute load average when the figure was taken, and its maximum during the measurement.
load_column() {
    local max
    max=$(cat "$WORK/phase.load-max" 2> /dev/null || true)
    awk -v now="$(load1)" -v max="$max" 'BEGIN { if (max == "") print now; else printf "%s (max %s)\n", now, (now + 0 > max + 0 ? now : max) }'
}

# One row of the table: section, figure, value, note; the load average is added here, beside every figure.
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$(load_column)" "${4:-}" >> "$RESULTS"; }

# The value of "RESULT name value" in a main's output (also when a log pattern precedes it).
result() {
    awk -v name="$1" '{ for (i = 1; i < NF - 1; i++) if ($i == "RESULT" && $(i + 1) == name) { print $(i + 2); exit } }' <<< "$2"
}

# "target <goal>: met" or "... MISSED" for value (ge|lt) threshold; a missing value misses. Missed goals are
# collected for the profiling hint under the table.
target() { # goal, value, ge|lt, threshold
    local verdict
    verdict=$(awk -v v="$2" -v op="$3" -v t="$4" 'BEGIN {
        if (v == "" || v == "n/a") { print "MISSED"; exit }
        ok = (op == "ge") ? (v + 0 >= t + 0) : (v + 0 < t + 0); print ok ? "met" : "MISSED" }')
    [[ $verdict == MISSED ]] && echo "$1" >> "$WORK/missed.txt"
    echo "target $1: $verdict"
}

count() { printf "%'d" "$1"; }
per_s() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", (t > 0 ? n / t : 0) }'; }

bench() {
    java -cp "$ROOT/benchmarks/target/benchmarks.jar:$ROOT/benchmarks/target/lib/*" "io.zerone.insights.bench.$1" "${@:2}" \
        2> >(tee -a "$WORK/bench.log" >&2) | tee -a "$WORK/bench.log"
}

bench_background() { # output file, main, arguments...: starts a main in the background, sets BACKGROUND_PID
    java -cp "$ROOT/benchmarks/target/benchmarks.jar:$ROOT/benchmarks/target/lib/*" "io.zerone.insights.bench.$2" "${@:3}" \
        > "$1" 2>&1 &
    BACKGROUND_PID=$!
}

wait_for() { # description, seconds, command...
    local what=$1 seconds=$2
    shift 2
    for ((i = 0; i < seconds * 2; i++)); do
        # stderr stays: a check that finds its process gone dies with a message
        "$@" > /dev/null && return 0
        sleep 0.5
    done
    die "$what not ready after ${seconds}s"
}

# --- resident memory ------------------------------------------------------------------------------------------
JVMS=(ingest render query rebuild stack)

rss_mb() { # current resident size in MB of the JVM whose pid is in $WORK/<name>.pid
    local pid kb
    pid=$(cat "$WORK/$1.pid" 2> /dev/null) || { echo n/a; return; }
    kb=$(ps -o rss= -p "$pid" 2> /dev/null | tr -d ' ')
    [[ -n $kb ]] && echo $((kb / 1024)) || echo n/a
}

# Every 2 s: the peak RSS of each running JVM over the run (<name>.rss-peak) and since phase_start (<name>.rss-phase),
# and the highest 1-minute load average since phase_start (phase.load-max).
sample() {
    local name now peak kind
    while true; do
        for name in "${JVMS[@]}"; do
            now=$(rss_mb "$name")
            [[ $now == n/a ]] && continue
            for kind in rss-peak rss-phase; do
                peak=$(cat "$WORK/$name.$kind" 2> /dev/null || echo 0)
                ((now > peak)) && echo "$now" > "$WORK/$name.$kind"
            done
        done
        awk -v now="$(load1)" -v file="$WORK/phase.load-max" 'BEGIN {
            max = 0; if ((getline line < file) > 0) max = line; close(file)
            if (now + 0 > max + 0) print now > file }'
        sleep 2
    done
}

phase_rss() { # names...: "ingest 150 MB, render 170 MB" peaks since phase_start
    local out="" name
    for name in "$@"; do
        out="$out${out:+, }$name $(cat "$WORK/$name.rss-phase" 2> /dev/null || echo n/a)"
    done
    echo "$out"
}

xmx_of() { # JVM options: their -Xmx, or what the JVM picks without one
    local xmx
    xmx=$(grep -o -- '-Xmx[^ ]*' <<< "$1" | tail -1 || true)
    echo "${xmx:-no -Xmx (a quarter of RAM)}"
}

# --- CPU per process --------------------------------------------------------------------------------------------
# CPU ticks (user + system) used so far by each part of the stack, as "name=ticks ..." on one line: the three
# service JVMs, the infra JVM (the Kafka broker), PostgreSQL (live processes plus the postmaster's reaped
# children, so short-lived backends count) and the whole machine (/proc/stat; "other" is the rest: the load
# generator, wrk, the OS).
cpu_ticks() {
    local name pid out="" pg=0 postmaster
    for name in ingest render query infra stack; do
        pid=$(cat "$WORK/$name.pid" 2> /dev/null) || continue
        [[ -r /proc/$pid/stat ]] || continue
        out="$out $name=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")"
    done
    postmaster=$(pgrep -o -x postgres 2> /dev/null || true)
    if [[ -n $postmaster ]]; then
        pg=$(awk '{ print $16 + $17 }' "/proc/$postmaster/stat")
        for pid in $(pgrep -x postgres); do
            pg=$((pg + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2> /dev/null || echo 0)))
        done
        out="$out postgres=$pg"
    fi
    echo "$out machine=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat)"
}

# "ingest 2.1, render 1.3, ... ms CPU per <unit>" between two cpu_ticks lines, for count units (insights, seconds)
cpu_per_item() { # before, after, count, unit (default insight)
    awk -v before="$1" -v after="$2" -v n="$3" -v unit="${4:-insight}" -v hz="$(getconf CLK_TCK)" 'BEGIN {
        split(before, b, " "); for (i in b) { split(b[i], kv, "="); start[kv[1]] = kv[2] }
        split(after, a, " "); sum = 0
        for (i = 1; i <= length(a); i++) {
            split(a[i], kv, "="); if (!(kv[1] in start) || n <= 0) continue
            ms = (kv[2] - start[kv[1]]) * 1000 / hz / n
            if (kv[1] == "machine") { total = ms; continue }
            sum += ms; out = out sprintf("%s%s %.1f", (out == "" ? "" : ", "), kv[1], ms)
        }
        printf "%s%sother %.1f; machine %.1f ms CPU per %s\n", out, (out == "" ? "" : ", "), total - sum, total, unit }'
}
