package io.zerone.insights.bench;

import java.util.Locale;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Prints figures as {@code RESULT name value} lines, which run.sh collects into its table. */
final class Figures {

    private Figures() {
    }

    /** Microsecond latencies up to ten minutes, three significant digits. */
    static Histogram latencies() {
        return new ConcurrentHistogram(600_000_000L, 3);
    }

    static void print(String name, double value) {
        System.out.printf(Locale.ROOT, "RESULT %s %.1f%n", name, value);
    }

    static void count(String name, long value) {
        System.out.printf(Locale.ROOT, "RESULT %s %d%n", name, value);
    }

    static void printMillis(String name, Histogram micros) {
        if (micros.getTotalCount() == 0) {
            System.out.printf("RESULT %s_p50_ms n/a%nRESULT %s_p99_ms n/a%nRESULT %s_max_ms n/a%n", name, name, name);
            return;
        }
        print(name + "_p50_ms", micros.getValueAtPercentile(50) / 1000.0);
        print(name + "_p99_ms", micros.getValueAtPercentile(99) / 1000.0);
        print(name + "_max_ms", micros.getMaxValue() / 1000.0);
    }
}
