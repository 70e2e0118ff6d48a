package io.zerone.insights.faultrun;

import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of a run and its verdict. */
record Report(FaultRun.Settings settings, long operations, long requests, long retries, long unavailable,
        long rateLimited, long inFlight, long timeouts, long connectionErrors, long serverErrors,
        long duplicatesSent, long unknown, int poisonInjected, int poisonDeadLettered,
        List<Faults.Recovery> recoveries, Map<String, Map<String, Long>> reads, Verdict firstCheck, Verdict verdict, Duration settled, Duration total, String loadAverage) {

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "%nFault run: %,d operations over %,d slugs by %d editors at up to %.0f/s, seed %d,"
                + " in %.0f s; load average %s%n", settings.operations(), settings.slugs(), settings.clients(),
                settings.rate(), settings.seed(), total.toMillis() / 1e3, loadAverage);
        out.printf(Locale.ROOT, "operations sent %,d (probes and partition markers included), requests %,d,"
                + " retries %,d, 503s %,d, 429s %,d, 409s %,d, timeouts %,d, connection errors %,d, other 5xx %,d%n",
                operations, requests, retries, unavailable, rateLimited, inFlight, timeouts, connectionErrors,
                serverErrors);
        out.printf(Locale.ROOT, "duplicates sent %,d; outcomes unknown after the client's retries %,d;"
                + " poison records %d, in the dead-letter topic %d%n", duplicatesSent, unknown, poisonInjected,
                poisonDeadLettered);
        out.printf("%-28s %-22s %12s %18s %19s%n", "fault", "killed at", "ready after", "kill-to-readable",
                "ready-to-readable");
        for (Faults.Recovery recovery : recoveries) {
            out.printf(Locale.ROOT, "%-28s %-22s %10.1f s %16.1f s %17.1f s%n", recovery.fault(),
                    recovery.killedAt().truncatedTo(ChronoUnit.SECONDS),
                    seconds(recovery.readyAfter()), seconds(recovery.readableAfter()),
                    seconds(recovery.readableAfter().minus(recovery.readyAfter())));
        }
        reads.forEach((phase, answers) -> out.printf("visitor's reads, %s: %s%n", phase, answers));
        out.printf("lost %d, stale %d, duplicated %d, reordered %d, resurrected %d%n", count(Verdict.Wrong.LOST),
                count(Verdict.Wrong.STALE), count(Verdict.Wrong.DUPLICATED), count(Verdict.Wrong.REORDERED),
                count(Verdict.Wrong.RESURRECTED));
        if (firstCheck.failed() > 0) {
            out.printf(Locale.ROOT, "the first check found %d wrong; the last, %.1f s later, %d%n",
                    firstCheck.failed(), settled.toMillis() / 1e3, verdict.failed());
        }
        verdict.failures().stream().limit(40).forEach(failure -> out.println("  FAILED " + failure));
        if (verdict.failed() > 40) {
            out.println("  ... and " + (verdict.failed() - 40) + " more");
        }
        out.printf("%d passed, %d failed%n", verdict.passed(), verdict.failed());
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1e3;
    }

    int count(Verdict.Wrong kind) {
        return verdict.count(kind);
    }
}
