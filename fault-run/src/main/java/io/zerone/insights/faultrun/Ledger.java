package io.zerone.insights.faultrun;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.zerone.insights.faultrun.Operation.Insight;

/**
 * What the ingest API accepted, per slug: the last operation answered with 2xx decides what every surface must show.
 * An operation whose outcome stayed unknown after the client gave up leaves two truths possible, the state before it
 * and the state after it; the client then sends nothing more for that slug, so no third state can arise.
 */
final class Ledger {

    private final Map<String, Entry> slugs = new ConcurrentHashMap<>();

    void accepted(Operation operation) {
        entry(operation.slug()).accepted(operation);
    }

    void unknown(Operation operation) {
        entry(operation.slug()).unknown = operation;
    }

    boolean isUnknown(String slug) {
        Entry entry = slugs.get(slug);
        return entry != null && entry.unknown != null;
    }

    Collection<String> slugs() {
        return slugs.keySet();
    }

    /** The states a slug may show: one, or two when its last operation's outcome is unknown. */
    Set<Insight> allowed(String slug) {
        Entry entry = slugs.get(slug);
        Set<Insight> allowed = new LinkedHashSet<>();
        allowed.add(entry.current);
        if (entry.unknown != null) {
            allowed.add(entry.unknown.outcome());
        }
        return allowed;
    }

    /** Titles and tokens of revisions that are no longer the truth: showing one of them is stale. */
    List<Insight> superseded(String slug) {
        Entry entry = slugs.get(slug);
        Set<Insight> allowed = allowed(slug);
        return entry.history.stream().filter(insight -> insight.live() && !allowed.contains(insight)).toList();
    }

    private Entry entry(String slug) {
        return slugs.computeIfAbsent(slug, s -> new Entry());
    }

    private static final class Entry {
        volatile Insight current = Insight.ABSENT;
        volatile Operation unknown;
        final List<Insight> history = new ArrayList<>();

        synchronized void accepted(Operation operation) {
            current = operation.outcome();
            history.add(current);
        }
    }
}
