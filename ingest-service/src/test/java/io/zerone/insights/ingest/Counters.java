package io.zerone.insights.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A counter's count so far, as the service's registry holds it. A counter registered up front shows at 0 in the scrape
 * too, so a test compares counts read before and after, never a series' presence alone.
 */
final class Counters {

    private Counters() {
    }

    /** The count of the counter with this name and tag, 0 before its first increment. */
    static double count(MeterRegistry meters, String name, String tag, String value) {
        Counter counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }
}
