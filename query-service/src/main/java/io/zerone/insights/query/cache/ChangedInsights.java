package io.zerone.insights.query.cache;

import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one notification on {@link InsightChanges#CHANNEL} says changed. The projector's payload is the changed slugs
 * joined by single spaces, or {@code *} for everything (a payload too long for NOTIFY, a projection rebuild).
 *
 * @param slugs the slugs that changed; empty when {@code everything}
 */
record ChangedInsights(Set<String> slugs, boolean everything) {

    static final ChangedInsights EVERYTHING = new ChangedInsights(Set.of(), true);

    private static final Logger log = LoggerFactory.getLogger(ChangedInsights.class);

    /** A slug as the contract with the projector spells it. */
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /**
     * The change a payload names. A payload outside the contract (empty, another format from a newer projector) is
     * read as everything: emptying too much costs reloads, emptying too little would serve stale pages.
     */
    static ChangedInsights parse(String payload) {
        if ("*".equals(payload)) {
            return EVERYTHING;
        }
        String[] slugs = payload == null ? new String[0] : payload.split(" ", -1);
        if (slugs.length == 0 || !Arrays.stream(slugs).allMatch(slug -> SLUG.matcher(slug).matches())) {
            log.warn("Unexpected payload on {}, dropping every cached response: '{}'", InsightChanges.CHANNEL,
                    payload);
            return EVERYTHING;
        }
        return new ChangedInsights(Set.copyOf(Arrays.asList(slugs)), false);
    }

    /** Whether the change may alter a response cached under this key. */
    boolean affects(CacheKey key) {
        return everything || !(key instanceof CacheKey.SingleInsight single) || slugs.contains(single.slug());
    }
}
