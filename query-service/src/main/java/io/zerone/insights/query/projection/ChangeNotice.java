package io.zerone.insights.query.projection;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The payload of the one {@code insight_changed} notification a committed batch sends: the slugs it changed,
 * separated by single spaces, or {@link #EVERYTHING} when that would not fit. Every replica drops the entries of
 * those slugs and every entry not tied to one slug (listings, search, feed), or empties its cache on {@code *}.
 */
final class ChangeNotice {

    static final String EVERYTHING = "*";

    /** PostgreSQL refuses payloads of 8,000 bytes and more; the margin keeps the limit obvious. */
    static final int MAX_PAYLOAD_BYTES = 7_900;

    private ChangeNotice() {
    }

    static String payload(Collection<String> changedSlugs) {
        String slugs = String.join(" ", changedSlugs);
        boolean fits = !slugs.isEmpty() && slugs.getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES;
        return fits ? slugs : EVERYTHING;
    }
}
