package io.zerone.insights.query.cache;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zerone.insights.query.web.Slug;

/**
 * What one notification on {@link InsightChanges#CHANNEL} says changed. The projector's payload is the changed slugs,
 * then {@code tag:<tag>} and {@code case:<case>} (URL-encoded) for the tags and case references the insights it
 * published carry now, all joined by single spaces (a batch whose names pass one payload sends several, each naming a
 * slug); or {@code *} for everything (a projection rebuild, a case whose insights none changed).
 *
 * @param slugs the slugs that changed; empty when {@code everything}
 * @param tags the tags the insights published by the change carry
 * @param cases the case references they carry
 */
record ChangedInsights(Set<String> slugs, Set<String> tags, Set<String> cases, boolean everything) {

    static final ChangedInsights EVERYTHING = new ChangedInsights(Set.of(), Set.of(), Set.of(), true);

    private static final Logger log = LoggerFactory.getLogger(ChangedInsights.class);

    private static final String TAG = "tag:";
    private static final String CASE = "case:";

    ChangedInsights(Set<String> slugs, boolean everything) {
        this(slugs, Set.of(), Set.of(), everything);
    }

    /**
     * The change a payload names. A payload outside the contract (empty, another format from a newer projector) is
     * read as everything: emptying too much costs reloads, emptying too little would serve stale pages.
     */
    static ChangedInsights parse(String payload) {
        if ("*".equals(payload)) {
            return EVERYTHING;
        }
        Set<String> slugs = new HashSet<>();
        Set<String> tags = new HashSet<>();
        Set<String> cases = new HashSet<>();
        for (String token : payload == null || payload.isEmpty() ? new String[] {""} : payload.split(" ", -1)) {
            if (token.startsWith(TAG) && token.length() > TAG.length()) {
                tags.add(decode(token.substring(TAG.length())));
            } else if (token.startsWith(CASE) && token.length() > CASE.length()) {
                cases.add(decode(token.substring(CASE.length())));
            } else if (Slug.isSlug(token)) {
                slugs.add(token);
            } else {
                log.warn("Unexpected payload on {}, dropping every cached response: '{}'", InsightChanges.CHANNEL,
                        payload);
                return EVERYTHING;
            }
        }
        if (slugs.isEmpty()) {
            log.warn("Payload on {} names no slug, dropping every cached response: '{}'", InsightChanges.CHANNEL,
                    payload);
            return EVERYTHING;
        }
        return new ChangedInsights(Set.copyOf(slugs), Set.copyOf(tags), Set.copyOf(cases), false);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** Whether the change may alter a response cached under this key, whatever its value. */
    boolean affects(CacheKey key) {
        return everything || !(key instanceof CacheKey.SingleInsight single) || slugs.contains(single.slug());
    }

    /**
     * Whether the change may alter the response cached under this key as {@code entry}: a response with related
     * insights stays while the change touches neither its insight, nor one it chose among, nor its case or tags.
     */
    boolean affects(CacheKey key, CompletableFuture<?> entry) {
        if (everything || !(key instanceof CacheKey.WithRelated related)) {
            return affects(key);
        }
        if (slugs.contains(related.slug()) || !entry.isDone() || entry.isCompletedExceptionally()) {
            return true; // a load in flight may have read the state before the change
        }
        if (!(entry.getNow(null) instanceof CacheKey.Related value)) {
            return true;
        }
        return value.candidates().stream().anyMatch(slugs::contains)
                || value.tags().stream().anyMatch(tags::contains)
                || (value.caseRef() != null && cases.contains(value.caseRef()));
    }
}
