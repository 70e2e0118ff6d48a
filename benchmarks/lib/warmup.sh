# Sourced by run.sh (measure.sh's warm_until_steady) and by ab-reads.sh (warm): when a read warm-up may stop.

# warmed_up RATE...: the req/s of each 10 s warm-up run so far. True once there are at least three and the last two
# were not 5 % above the best before them: one slower run alone is this machine's noise. A run without a rate (n/a)
# is no rise.
warmed_up() {
    awk 'BEGIN {
        best = 0; flat = 0
        for (i = 1; i < ARGC; i++) {
            measured = ARGV[i] ~ /^[0-9.]+$/
            if (measured && ARGV[i] + 0 > best * 1.05) flat = 0; else flat++
            if (measured && ARGV[i] + 0 > best) best = ARGV[i] + 0
        }
        exit !(ARGC - 1 >= 3 && flat >= 2)
    }' "$@"
}
