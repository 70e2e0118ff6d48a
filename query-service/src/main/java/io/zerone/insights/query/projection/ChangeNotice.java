package io.zerone.insights.query.projection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import io.zerone.insights.events.InsightRendered;

/**
 * The payload of the one {@code insight_changed} notification a committed batch sends: the slugs it changed, then
 * {@code tag:<tag>} and {@code case:<case>} (URL-encoded) for every tag and case reference the insights it published
 * carry now, separated by single spaces; or {@link #EVERYTHING} when that would not fit. Every replica drops the
 * entries of those slugs, every article page whose related insights those tags, cases or slugs may change
 * (docs/adr/0025), and every entry not tied to one slug (listings, search, feed), or empties its cache on {@code *}.
 */
final class ChangeNotice {

    static final String EVERYTHING = "*";

    /** PostgreSQL refuses payloads of 8,000 bytes and more; the margin keeps the limit obvious. */
    static final int MAX_PAYLOAD_BYTES = 7_900;

    private ChangeNotice() {
    }

    static String payload(Collection<String> changedSlugs) {
        return payload(changedSlugs, List.of());
    }

    /** {@code published}: the revisions among the changes that are live now (an unpublish names its slug only). */
    static String payload(Collection<String> changedSlugs, Collection<InsightRendered> published) {
        TreeSet<String> topics = new TreeSet<>();
        for (InsightRendered insight : published) {
            insight.insight().tags().forEach(tag -> topics.add("tag:" + encode(tag)));
            if (insight.insight().caseRef() != null) {
                topics.add("case:" + encode(insight.insight().caseRef()));
            }
        }
        String slugs = String.join(" ", changedSlugs);
        String payload = topics.isEmpty() ? slugs : slugs + " " + String.join(" ", topics);
        boolean fits = !slugs.isEmpty() && payload.getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES;
        return fits ? payload : EVERYTHING;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
