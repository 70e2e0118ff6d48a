# Sourced by run.sh: the reads of issue 9 at the size of the store, with their anchors measured in the same run and
# the same wrk settings. Cached pages first (the article page identity and gzip, beside nginx serving the same bytes
# from files); then query-service is restarted with its response cache switched off (query.cache.maximum-size=0), so
# that every listing, search and JSON request reaches PostgreSQL, and started again as it was at the end.
# At every size after the first, each p99 is compared with the first size's (issue 9: within 1.2x from 10,000 to
# 1,000,000 insights).

scale_reads() { # section
    local section=$1 slug out
    slug=$(cat "$WORK/first-slug.txt")
    out=$(bench ScalePaths --dir="$WORK")
    record "$section" "store size" "$(count "$(projected)") live insights" \
        "$(result search_queries "$out") distinct search queries (common $(result search_queries_common "$out"), rare $(result search_queries_rare "$out"), phrases $(result search_queries_phrase "$out"), typos $(result search_queries_typo "$out")); wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION"
    scale_cached_article "$section" "$slug"
    # loaded now, measured (-S) right before JSON by slug: a load and its vacuum between a warm-up and its figure would
    # disturb it
    pgbench_init "$section" || true
    restart_query "cache off" QUERY_CACHE_MAXIMUMSIZE=0
    # the restarted JVM's code is compiled on every path measured below first
    cat "$WORK"/listing-*.paths "$WORK/search-mix.paths" "$WORK/json.paths" > "$WORK/scale-warmup.paths"
    warm_until_steady "$section" "the reads below, mixed, cache off" "@$WORK/scale-warmup.paths"
    scale_p99 "$section" listing-first "HTML listing, first page" "/insights"
    scale_p99 "$section" listing-deep "HTML listing, deep cursors" "@$WORK/listing-deep.paths"
    scale_p99 "$section" listing-category "HTML listing by category" "@$WORK/listing-category.paths"
    scale_p99 "$section" listing-tag "HTML listing by tag" "@$WORK/listing-tag.paths"
    scale_p99 "$section" search "search, mix of $(result search_queries "$out") queries" "@$WORK/search-mix.paths" 100
    # the mix above is mostly listing and search time: JSON by slug's own path may still be compiling
    warm_until_steady "$section" "JSON by slug, cache off" "@$WORK/json.paths"
    # the anchor right before its figure: this machine's speed drifts by 2-3x within minutes (docs/benchmarks.md)
    pgbench_select "$section"
    local pgbench=$PGBENCH_TPS
    pgbench_drop
    wrk_run "$section" "JSON by slug, cache off, random slugs of the store" "@$WORK/json.paths"
    record "$section" "JSON by slug, cache off / pgbench -S" "$(ratio "$WRK_RPS" "$pgbench")x" \
        "$(target ">= 0.5x pgbench -S (JSON by slug)" "$(ratio "$WRK_RPS" "$pgbench")" ge 0.5); $WRK_RPS req/s vs $pgbench tps"
    restart_query "cache on"
}

# The article page from the cache, identity and gzip, each beside nginx serving the same bytes from a file.
scale_cached_article() { # section, slug
    local section=$1 slug=$2 coding header nginx_path nginx_rps sent
    if ! nginx_start "$slug"; then
        record "$section" "nginx, the article page from a file" "not measured" "$NGINX_MISSING"
        return
    fi
    # a JVM that was just (re)started compiles the page's path first (on a loaded 2-core machine the identity figure
    # rose from ~1,500 to ~13,000 req/s over its first 30 s)
    warm_until_steady "$section" "article page cached, identity" "/insights/$slug"
    WRK_HEADER="Accept-Encoding: gzip" warm_until_steady "$section" "article page cached, gzip" "/insights/$slug"
    for coding in identity gzip; do
        header="" nginx_path="/insights/$slug"
        if [[ $coding == gzip ]]; then
            header="Accept-Encoding: gzip" nginx_path="/gzip/insights/$slug"
            # the stored gzip bytes, not a per-request compression: the same bytes nginx serves
            sent=$(curl -sf -H "$header" -D "$WORK/scale-gzip.headers" "$QUERY_URL/insights/$slug" | cmp -s - "$WORK/nginx/html$nginx_path" && echo same || echo DIFFERENT)
            grep -qi '^content-encoding: gzip' "$WORK/scale-gzip.headers" || sent="$sent, no Content-Encoding: gzip!"
        else
            sent=same
        fi
        phase_start
        WRK_HEADER=$header wrk_measure "$nginx_path" "http://127.0.0.1:$NGINX_PORT"
        nginx_rps=$WRK_RPS
        record "$section" "nginx: the article page's $coding bytes from a file" "$WRK_RPS req/s, p99 ${WRK_P99:-n/a} ms" \
            "$(stat -c %s "$WORK/nginx/html$nginx_path") bytes, 1 worker $WRK_NOTE"
        WRK_HEADER=$header wrk_run "$section" "article page cached, $coding" "/insights/$slug"
        record "$section" "article page cached, $coding / nginx" "$(ratio "$WRK_RPS" "$nginx_rps")x" \
            "$(target ">= 0.5x nginx (cached article, $coding)" "$(ratio "$WRK_RPS" "$nginx_rps")" ge 0.5); bytes as nginx's: $sent"
    done
    stop_named nginx 10
}

# p99 of a read; at the first size it is kept, at later sizes compared with it (and with an absolute bound if given)
scale_p99() { # section, key, figure, path or @file, [p99 bound in ms]
    local section=$1 key=$2 figure=$3 bound=${5:-} first value note
    wrk_run "$section" "$figure, cache off" "$4"
    first=$(awk -F'\t' -v k="$key" '$1 == k { print $2 " " $3; exit }' "$WORK/scale-first.tsv" 2> /dev/null || true)
    if [[ -z $first ]]; then
        printf '%s\t%s\t%s\n' "$key" "${WRK_P99:-n/a}" "$(count "$(projected)")" >> "$WORK/scale-first.tsv"
        value="the first size"
        note="later sizes of this run are compared with its p99"
    else
        value="$(ratio "${WRK_P99:-n/a}" "${first% *}")x"
        note="$(target "p99 within 1.2x of the first size ($figure)" "${value%x}" lt 1.205): ${WRK_P99:-n/a} ms here, ${first% *} ms at ${first#* } insights"
    fi
    [[ -n $bound ]] && note="$note; $(target "p99 < $bound ms ($figure)" "${WRK_P99:-n/a}" lt "$bound")"
    record "$section" "$figure, cache off: p99 / p99 at the first size" "$value" "$note"
}

ratio() { # a, b: a / b with two decimals, n/a when either is missing
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || a == "n/a" || b == "" || b == "n/a" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'
}

restart_query() { # label, NAME=value...: query-service again, with these environment variables for this start only
    local label=$1 assignment
    shift
    log "restarting query-service ($label)"
    stop_named query 30
    for assignment in "$@"; do
        export "${assignment?}"
    done
    start_service query
    for assignment in "$@"; do
        unset "${assignment%%=*}"
    done
}
