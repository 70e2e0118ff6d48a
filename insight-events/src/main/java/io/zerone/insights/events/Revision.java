package io.zerone.insights.events;

/**
 * Orders the revisions of one slug. It is the position of the source event in {@link Topics#INSIGHT_EVENTS}:
 * all events of a slug share one partition (the key is the slug), offsets only grow, and compaction keeps
 * offsets, so a replay yields the same revision for the same source event.
 */
public record Revision(int partition, long offset) implements Comparable<Revision> {

    public Revision {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset must not be negative");
        }
    }

    public boolean isNewerThan(Revision other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Revision other) {
        return Long.compare(offset, other.offset);
    }
}
