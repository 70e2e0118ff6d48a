# Sourced by run.sh: the pipeline's figures (bulk, publish, ramp, reads, cached pages under load) and disk sizes.

projected() { bench Projections count 2> /dev/null | tail -1; }

wait_projected() { # expected count, label: waits until the read model holds that many live insights
    local out
    out=$(bench Projections wait --count="$1" --label="$2" --timeout-s=$((4 * 3600)))
    result "$2_s" "$out"
}

# EXPECTED: live insights the read model will hold once the pipeline has caught up with every accepted publish
stored() { EXPECTED=$((EXPECTED + ${1:-0})); }

catch_up() { # waits until the pipeline projected all that was accepted; a shortfall is noted, not fatal
    if ! bench Projections wait --count="$EXPECTED" --label=catchup --timeout-s="$CATCHUP_TIMEOUT_S" > /dev/null; then
        record "pipeline" "caught up before the next figure" "NO: $(projected) of $EXPECTED after ${CATCHUP_TIMEOUT_S}s" \
            "insights lost or stuck; see the services' logs and the DLTs"
        EXPECTED=$(projected)
    fi
}

# --- wrk --------------------------------------------------------------------------------------------------------
# WRK_HEADER (optional): one request header, e.g. "Accept-Encoding: gzip"
wrk_measure() { # path or @file-of-paths, base URL: sets WRK_RPS, WRK_P99, WRK_NOTE and appends the output to wrk.log
    local target=$1 base=${2:-$QUERY_URL} out non2xx errors header=()
    [[ -n ${WRK_HEADER:-} ]] && header=(-H "$WRK_HEADER")
    if [[ $target == @* ]]; then
        out=$(WRK_PATHS=${target#@} wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" --timeout 60s --latency \
            "${header[@]}" -s "$ROOT/benchmarks/wrk/paths.lua" "$base" 2>&1)
    else
        out=$(wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" --timeout 60s --latency "${header[@]}" \
            "$base$target" 2>&1)
    fi
    printf '### %s%s %s(load %s)\n%s\n' "$base" "$target" "${WRK_HEADER:+[$WRK_HEADER] }" "$(load1)" "$out" >> "$WORK/wrk.log"
    WRK_RPS=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' <<< "$out")
    WRK_RPS=${WRK_RPS:-n/a}
    WRK_P99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
        else if (v ~ /m$/) { sub(/m$/, "", v); v *= 60000 } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
        printf "%.1f", v }' <<< "$out")
    non2xx=$(awk '/Non-2xx or 3xx responses/ { print $NF }' <<< "$out")
    errors=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' <<< "$out")
    WRK_NOTE=""
    [[ -n $non2xx ]] && WRK_NOTE="$non2xx non-2xx!"
    # wrk's count leaves out 1xx-3xx: a list of addresses that only redirect was timed as a listing (2026-11-28)
    local statuses
    statuses=$(first_statuses "$target" "$base")
    [[ -n $statuses ]] && WRK_NOTE="${WRK_NOTE:+$WRK_NOTE }answered $statuses, not 2xx!"
    [[ -n $errors && $errors != 0 ]] && WRK_NOTE="$WRK_NOTE $errors socket errors!"
    return 0
}

# The statuses other than 2xx that the first five addresses of a run answer (one curl each, after the run)
first_statuses() { # path or @file-of-paths, base URL
    local path code header=() found=""
    [[ -n ${WRK_HEADER:-} ]] && header=(-H "$WRK_HEADER")
    while read -r path; do
        code=$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' "${header[@]}" "$2$path" || true)
        [[ $code == 2?? ]] || found="$found $code ($path)"
    done < <(if [[ $1 == @* ]]; then head -5 "${1#@}"; else echo "$1"; fi)
    echo "${found# }"
}

# Unmeasured load on a target until query-service's speed on it stops rising: a restarted JVM's C2 compiler is still
# compiling the path for a minute or two (2026-11-28, 2 cores: JSON by slug with the cache off rose from ~500 to
# ~5,000 req/s over its first 60-70 s of load, the cached article page from 3,400 to 23,000 over 60 s; a fixed
# 15-30 s warm-up measured the JIT, not the service). wrk in 10 s runs until they are steady (lib/warmup.sh), or
# READ_WARMUP_MAX_S have passed. The curve goes to the log and to the results.
warm_until_steady() { # section, label, path or @file
    local spent=0 rates=() notes=""
    while ((spent < READ_WARMUP_MAX_S)); do
        WRK_DURATION=10 wrk_measure "$3"
        rates+=("$WRK_RPS")
        [[ -n $WRK_NOTE ]] && notes="$notes $WRK_NOTE"
        spent=$((spent + 10))
        warmed_up "${rates[@]}" && break
    done
    record "$1" "warm-up: $2 (not a figure)" "${spent} s" "req/s of each 10 s: ${rates[*]}$notes"
    log "$1 / warm-up of $2: ${rates[*]} req/s, ${spent} s"
}

wrk_run() { # section, figure, path or @file; IDLE_WAIT=0 measures at once (while a load flows on purpose)
    # queries a slow run left queued in PostgreSQL would otherwise slow the next run down
    [[ ${IDLE_WAIT:-1} == 1 ]] && bench Projections idle --timeout-s=300 > /dev/null
    phase_start
    wrk_measure "$3"
    record "$1" "$2" "$WRK_RPS req/s, p99 ${WRK_P99:-n/a} ms" "$WRK_NOTE"
    log "$1 / $2: $WRK_RPS req/s, p99 ${WRK_P99:-n/a} ms $WRK_NOTE"
}

url_lists() { # the URL lists of the uncached runs and first-slug.txt, drawn from the store as it is now
    bench Projections paths --dir="$WORK" --sample=20000 > /dev/null
}

reads() { # section: every read, cached (one URL again and again) and uncached (random URLs of many insights)
    local section=$1 slug
    url_lists
    slug=$(cat "$WORK/first-slug.txt")
    wrk_measure "@$WORK/article.paths" # warm-up, not a figure
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

# --- the bulk path ----------------------------------------------------------------------------------------------
bulk_load() { # section, count, first index, JVM names...: BulkLoad to insight-events until all are projected
    local section=$1 count=$2 from=$3 base out first took rate
    shift 3
    base=$(projected)
    log "bulk: $(count "$count") insights to insight-events, waiting until the projection holds $(count $((base + count)))"
    pg_statements_reset
    out=$(bench BulkLoad --from="$from" --count="$count" --dir="$WORK")
    [[ $(result bulk_failed "$out") == 0 ]] || die "bulk load: $(result bulk_failed "$out") sends failed; see $WORK/bench.log"
    # the clock starts at the first send, after the untimed generation; the sampler's peaks too
    first=$(result bulk_first_send_epoch_ms "$out")
    phase_start
    wait_projected $((base + count)) bulk > /dev/null
    took=$(awk -v s="$first" -v e="$(date +%s%3N)" 'BEGIN { printf "%.1f", (e - s) / 1000 }')
    rate=$(per_s "$count" "$took")
    pg_statements_top "$WORK/pg-statements-bulk-$from.txt"
    record "$section" "$(count "$count") insights: first send until all projected" "$took s, $rate insights/s" \
        "$(target "bulk >= 1,500/s" "$rate" ge 1500); producer alone $(result bulk_produced_per_s "$out") records/s"
    local name xmx=""
    for name in "$@"; do
        xmx="$xmx${xmx:+, }$name $(xmx_of "$(java_opts "$name")")"
    done
    record "$section" "peak RSS during the load (MB)" "$(phase_rss "$@")" "$xmx; aim < 256 MB per service"
}

sizes() { # section, label, stack dir: the Kafka log dir per topic, PostgreSQL's data dir and database
    local dir=$3 events rendered db
    events=$(du -smc "$dir"/kafka/insight-events-[0-9]* 2> /dev/null | tail -1 | cut -f1)
    rendered=$(du -smc "$dir"/kafka/insight-rendered-[0-9]* 2> /dev/null | tail -1 | cut -f1)
    db=$(PGPASSWORD=insights psql -h localhost -p 15432 -U insights -d insights -Atc \
        "select pg_database_size(current_database()) / 1048576" 2> /dev/null || echo n/a)
    record "$1" "disk $2 (MB)" "Kafka $(du -sm "$dir/kafka" | cut -f1) (insight-events $events, insight-rendered $rendered); PostgreSQL $(du -sm "$dir/postgres" | cut -f1) (database $db)" \
        "$(count "$(projected)") insights; $(df -BG --output=avail "$WORK" | tail -1 | tr -d ' ') free"
}

# What the stack costs when nothing happens: its polling and timers, the floor under every figure
idle_cpu() { # section
    local before
    catch_up
    before=$(cpu_ticks)
    sleep 20
    record "$1" "CPU when idle, per second (ms)" "$(cpu_per_item "$before" "$(cpu_ticks)" 20 second)"
}

# --- publishing through the ingest API --------------------------------------------------------------------------
publish() { # label, extra PublishLoad arguments; echoes its output
    bench PublishLoad --label="$1" --ingest="$INGEST_URL" --query="$QUERY_URL" "${@:2}"
}

# JIT warm-up before the publish figures: right after start, the four JVMs' C2 compilers take ~a third of the two
# cores for minutes while publishing (measured per thread, 2026-11-26), so a figure taken cold measures compilation.
# Services in production run warm; this publishes WARMUP_S seconds at WARMUP_RATE (readable checks included, so the
# read path warms too), unmeasured but recorded with its CPU per insight, once per run. Every figure after it waits
# for its backlog itself (catch_up).
warm_up() { # section
    local out
    [[ ${WARMED_UP:-0} == 1 || $WARMUP_S == 0 ]] && return 0
    WARMED_UP=1
    catch_up
    log "warm-up: publishing $WARMUP_RATE/s for ${WARMUP_S}s, unmeasured"
    phase_start
    publish_measured warm $((WARMUP_RATE * WARMUP_S)) --warmup=0 --concurrency="$OPEN_LOOP_CONCURRENCY" \
        --rate="$WARMUP_RATE" --readable=true --readable-timeout-s=120
    out=$PUBLISH_OUT
    stored "$(result warm_stored "$out")"
    record "$1" "warm-up: $WARMUP_RATE/s for $WARMUP_S s, unmeasured (CPU per insight, ms)" "$PUBLISH_CPU" \
        "readable p50 / p99 $(result warm_readable_p50_ms "$out") / $(result warm_readable_p99_ms "$out") ms: the cold JVMs' figures"
}

# A publish run whose CPU figure covers only its measured part: from its "warmed up, measuring" line until every
# insight was answered (and, with --readable=true, read). Sets PUBLISH_OUT (its output) and PUBLISH_CPU.
publish_measured() { # label, measured count, extra PublishLoad arguments
    local file="$WORK/publish-$1.out" before
    bench_background "$file" PublishLoad --label="$1" --ingest="$INGEST_URL" --query="$QUERY_URL" --count="$2" "${@:3}"
    wait_for "publish load $1 to warm up" 900 warming_up "$file" "$BACKGROUND_PID"
    before=$(cpu_ticks)
    profile_services start "$1"
    wait "$BACKGROUND_PID" || true
    PUBLISH_CPU=$(cpu_per_item "$before" "$(cpu_ticks)" "$2")
    profile_services stop "$1"
    PUBLISH_OUT=$(cat "$file")
    cat "$file" >> "$WORK/bench.log"
    PUBLISH_CPU="$PUBLISH_CPU (this client $(result "$1_client_cpu_ms_per_insight" "$PUBLISH_OUT") of it)"
}

warming_up() { # file, pid: the measured part began; dies when the load has gone before it
    grep -q "warmed up, measuring" "$1" && return 0
    kill -0 "$2" 2> /dev/null || die "the publish load exited before it measured; see $1"
    return 1
}

ingest_max() { # section
    local out
    log "ingest: max rate, $INGEST_COUNT requests, $INGEST_CONCURRENCY in flight"
    phase_start
    out=$(publish ingest --count="$INGEST_COUNT" --warmup="$INGEST_WARMUP" --concurrency="$INGEST_CONCURRENCY" --rate=0)
    stored "$(result ingest_stored "$out")"
    record "$1" "ingest accepted per second (acks=all)" "$(result ingest_accepted_per_s "$out")" \
        "$INGEST_CONCURRENCY in flight; errors $(result ingest_errors "$out")"
    record "$1" "ingest 202 latency p50 / p99 / max (ms)" \
        "$(result ingest_ack_p50_ms "$out") / $(result ingest_ack_p99_ms "$out") / $(result ingest_ack_max_ms "$out")"
}

steady() { # section, label, rate, seconds: publish to readable at a steady rate
    local section=$1 label=$2 rate=$3 seconds=$4 out p99 unreadable
    log "publish to readable at $rate/s for ${seconds}s"
    phase_start
    publish_measured "$label" $((rate * seconds)) --warmup=$((rate * 2)) --concurrency="$OPEN_LOOP_CONCURRENCY" \
        --rate="$rate" --readable=true
    out=$PUBLISH_OUT
    # what each insight cost: at a trickle the per-request and per-batch costs show here
    record "$section" "CPU per insight at $rate/s (ms)" "$PUBLISH_CPU"
    stored "$(result "${label}_stored" "$out")"
    p99=$(result "${label}_readable_p99_ms" "$out")
    unreadable=$(result "${label}_unreadable" "$out")
    record "$section" "publish to readable at $rate/s for $seconds s: p50 / p99 / max (ms)" \
        "$(result "${label}_readable_p50_ms" "$out") / $p99 / $(result "${label}_readable_max_ms" "$out")" \
        "$(target "p99 < 100 ms, all readable" "$([[ $unreadable == 0 ]] && echo "$p99")" lt 100); unreadable $unreadable of $((rate * seconds)); offered $(result "${label}_offered_per_s" "$out")/s; 202 p99 $(result "${label}_ack_p99_ms" "$out") ms; errors $(result "${label}_errors" "$out")"
}

max_readable() { # section: publish to readable, closed loop
    local out
    log "publish to readable at the max rate, $MAX_READABLE_COUNT requests"
    phase_start
    out=$(publish max --count="$MAX_READABLE_COUNT" --warmup=500 --concurrency="$INGEST_CONCURRENCY" --rate=0 --readable=true)
    stored "$(result max_stored "$out")"
    record "$1" "publish to readable at max ($(result max_accepted_per_s "$out")/s): p50 / p99 / max (ms)" \
        "$(result max_readable_p50_ms "$out") / $(result max_readable_p99_ms "$out") / $(result max_readable_max_ms "$out")" \
        "202 p99 $(result max_ack_p99_ms "$out") ms; unreadable $(result max_unreadable "$out"); errors $(result max_errors "$out")"
}

# The highest steady rate whose publish-to-readable p99 stays under RAMP_P99_MS: RAMP_STEP_S at each of RAMP_RATES,
# stopping at the first rate that misses it, leaves an insight unreadable, or that ingest does not keep up with.
ramp() { # section
    local section=$1 rate out p99 unreadable offered accepted errors why best=none
    for rate in $RAMP_RATES; do
        catch_up
        log "ramp: publish to readable at $rate/s for ${RAMP_STEP_S}s"
        phase_start
        publish_measured "ramp$rate" $((rate * RAMP_STEP_S)) --warmup="$rate" --concurrency="$OPEN_LOOP_CONCURRENCY" \
            --rate="$rate" --readable=true --readable-timeout-s=60
        out=$PUBLISH_OUT
        record "$section" "CPU per insight at $rate/s (ms)" "$PUBLISH_CPU"
        stored "$(result "ramp${rate}_stored" "$out")"
        p99=$(result "ramp${rate}_readable_p99_ms" "$out")
        unreadable=$(result "ramp${rate}_unreadable" "$out")
        offered=$(result "ramp${rate}_offered_per_s" "$out")
        accepted=$(result "ramp${rate}_accepted_per_s" "$out")
        errors=$(result "ramp${rate}_errors" "$out")
        why=$(awk -v r="$rate" -v p="$p99" -v u="$unreadable" -v o="$offered" -v a="$accepted" -v e="$errors" -v max="$RAMP_P99_MS" 'BEGIN {
            if (p == "" || p == "n/a" || p + 0 >= max) printf "p99 not under %d ms; ", max
            if (u + 0 > 0) printf "%d unreadable in 60 s; ", u
            if (e + 0 > 0) printf "%d errors; ", e
            if (o + 0 < 0.95 * r || a + 0 < 0.95 * r) printf "ingest did not keep up; " }')
        record "$section" "ramp at $rate/s for $RAMP_STEP_S s: p50 / p99 / max (ms)" \
            "$(result "ramp${rate}_readable_p50_ms" "$out") / $p99 / $(result "ramp${rate}_readable_max_ms" "$out")" \
            "${why:-meets p99 < $RAMP_P99_MS ms; }offered $offered/s, accepted $accepted/s, 202 p99 $(result "ramp${rate}_ack_p99_ms" "$out") ms"
        [[ -z $why ]] || break
        best=$rate
    done
    record "$section" "highest steady rate with publish-to-readable p99 < $RAMP_P99_MS ms" "$best/s" \
        "rates tried: $RAMP_RATES; $OPEN_LOOP_CONCURRENCY requests in flight at most"
}

# --- cached pages while insights are published ------------------------------------------------------------------
cached_under_load() { # section
    local section=$1 page name path idle loaded out ratio
    for page in "listing page|/insights" "article page|/insights/$(cat "$WORK/first-slug.txt")"; do
        name=${page%%|*}
        path=${page#*|}
        catch_up
        wrk_run "$section" "$name cached, idle" "$path"
        idle=$WRK_RPS
        log "$section: $name while $RATE publishes/s flow"
        bench_background "$WORK/background-publish.out" PublishLoad --label=background --ingest="$INGEST_URL" \
            --query="$QUERY_URL" --rate="$RATE" --count=$((RATE * (WRK_DURATION + 5))) --warmup=$((RATE * 2)) \
            --concurrency="$OPEN_LOOP_CONCURRENCY"
        wait_for "the background publish load" 120 grep -q "warmed up" "$WORK/background-publish.out"
        IDLE_WAIT=0 wrk_run "$section" "$name cached, while $RATE publishes/s flow" "$path"
        loaded=$WRK_RPS
        wait "$BACKGROUND_PID" || log "the background publish load failed; see $WORK/background-publish.out"
        out=$(cat "$WORK/background-publish.out")
        stored "$(result background_stored "$out")"
        ratio=$(awk -v l="$loaded" -v i="$idle" 'BEGIN { if (i + 0 > 0 && l != "n/a") printf "%.2f", l / i; else print "n/a" }')
        record "$section" "$name: while publishing / idle" "${ratio}x" \
            "$(target ">= 0.8x idle ($name)" "$ratio" ge 0.8); publishes offered $(result background_offered_per_s "$out")/s, accepted $(result background_accepted_per_s "$out")/s, errors $(result background_errors "$out")"
    done
}
