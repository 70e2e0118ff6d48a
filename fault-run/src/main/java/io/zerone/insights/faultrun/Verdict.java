package io.zerone.insights.faultrun;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The checks of one truth check: how many passed, which failed, and the insights each kind of wrong touched. */
final class Verdict {

    enum Wrong {
        LOST("lost"), STALE("stale"), DUPLICATED("duplicated"), REORDERED("reordered"), RESURRECTED("resurrected");

        final String label;

        Wrong(String label) {
            this.label = label;
        }
    }

    private final Map<Wrong, Set<String>> wrong = new EnumMap<>(Wrong.class);
    private final List<String> failures = new ArrayList<>();
    private int passed;

    Verdict() {
        for (Wrong kind : Wrong.values()) {
            wrong.put(kind, new TreeSet<>());
        }
    }

    synchronized void pass() {
        passed++;
    }

    synchronized void fail(String check) {
        failures.add(check);
    }

    /** A failed check that shows an insight wrong in one of the five ways. */
    synchronized void fail(Wrong kind, String slug, String check) {
        wrong.get(kind).add(slug);
        failures.add(kind.label + " " + slug + ": " + check);
    }

    /** Ends a check of many insights at once (a listing, a feed): it passed when it failed nothing since {@code before}. */
    synchronized void passedIfNoneSince(int before) {
        if (failures.size() == before) {
            passed++;
        }
    }

    synchronized int passed() {
        return passed;
    }

    synchronized int failed() {
        return failures.size();
    }

    synchronized int count(Wrong kind) {
        return wrong.get(kind).size();
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }
}
