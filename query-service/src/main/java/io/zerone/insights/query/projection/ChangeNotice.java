package io.zerone.insights.query.projection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import io.zerone.insights.events.InsightRendered;

/**
 * The payloads of the {@code insight_changed} notifications a committed batch sends: the slugs it changed, then
 * {@code tag:<tag>} and {@code case:<case>} (URL-encoded) for every tag and case reference the insights it published
 * carry now, separated by single spaces, cut into as many payloads as PostgreSQL's limit needs, each naming at least
 * one slug. Every replica drops the entries of those slugs, every article page whose related insights those tags,
 * cases or slugs may change (docs/adr/0025), and every entry not tied to one slug (listings, search, feed). Dropping
 * by each payload is dropping by their union, so a batch of 500 (bulk loads, a backlog) still leaves the pages of
 * every other insight cached; before, a batch past one payload said {@link #EVERYTHING} and emptied every cache.
 */
final class ChangeNotice {

    static final String EVERYTHING = "*";

    /** PostgreSQL refuses payloads of 8,000 bytes and more; the margin keeps the limit obvious. */
    static final int MAX_PAYLOAD_BYTES = 7_900;

    private ChangeNotice() {
    }

    static List<String> payloads(Collection<String> changedSlugs) {
        return payloads(changedSlugs, List.of());
    }

    /**
     * {@code published}: the revisions among the changes that are live now (an unpublish names its slug only).
     * {@link #EVERYTHING} when no slug changed (a case's pages, which only a notice naming everything drops then) or
     * for a name no payload can hold.
     */
    static List<String> payloads(Collection<String> changedSlugs, Collection<InsightRendered> published) {
        if (changedSlugs.isEmpty()) {
            return List.of(EVERYTHING);
        }
        TreeSet<String> topics = new TreeSet<>();
        for (InsightRendered insight : published) {
            insight.insight().tags().forEach(tag -> topics.add("tag:" + encode(tag)));
            if (insight.insight().caseRef() != null) {
                topics.add("case:" + encode(insight.insight().caseRef()));
            }
        }
        String firstSlug = changedSlugs.iterator().next();
        List<String> tokens = new ArrayList<>(changedSlugs);
        int slugCount = tokens.size();
        tokens.addAll(topics);
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            int size = token.getBytes(StandardCharsets.UTF_8).length;
            boolean topic = i >= slugCount;
            if (size + (topic ? firstSlug.length() + 1 : 0) > MAX_PAYLOAD_BYTES) {
                return List.of(EVERYTHING);
            }
            if (bytes > 0 && bytes + 1 + size > MAX_PAYLOAD_BYTES) {
                payloads.add(payload.toString());
                payload.setLength(0);
                bytes = 0;
                if (topic) {
                    // a payload must name a slug (one that names none reads as everything): name one again
                    payload.append(firstSlug);
                    bytes = firstSlug.length();
                }
            }
            if (bytes > 0) {
                payload.append(' ');
                bytes++;
            }
            payload.append(token);
            bytes += size;
        }
        payloads.add(payload.toString());
        return payloads;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
