package io.zerone.insights.query.cache;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a cached response is made of, which decides which changes drop it. A caller has to choose one of the kinds
 * to cache anything, so a new endpoint cannot forget to say; and the kind that is not tied to one insight is dropped by
 * every change, so a wrong choice of that kind costs a reload, never a stale page.
 */
public sealed interface CacheKey {

    /**
     * A response made from the insight under this slug and nothing else (its page, its JSON): it stays cached while
     * other insights change. {@code response} tells apart the responses of one slug.
     */
    static CacheKey singleInsight(String slug, String response) {
        return new SingleInsight(slug, response);
    }

    /**
     * A response made from many insights or from none in particular (listings and their cursors, search, the feed,
     * the sitemap, counters): any change may alter it. {@code response} names the response, {@code parameters} are
     * what a request chose it with, each kept apart and null as null: joined into one string, an absent category and
     * the category "null", or a value holding the separator, made one key, and one request could fill the entry that
     * every visitor of another address was then served.
     */
    static CacheKey manyInsights(String response, Object... parameters) {
        return new ManyInsights(response, Collections.unmodifiableList(Arrays.asList(parameters.clone())));
    }

    /**
     * A response made from the insight under this slug and the insights related to it (its page with "Related
     * insights"): its value must be {@link Related}, which says what it was chosen from; it is dropped when the slug
     * changes, when a change names one of the insights it was chosen from, or an insight that now shares its case or
     * one of its tags, and while it loads, by every change.
     */
    static CacheKey withRelated(String slug, String response) {
        return new WithRelated(slug, response);
    }

    /** What a {@link #withRelated} value was chosen from. */
    interface Related {

        /** Every insight the related ones were chosen among, those shown included. */
        Set<String> candidates();

        /** The tags of the insight the response is made from. */
        Set<String> tags();

        /** Its case reference; null for none. */
        String caseRef();
    }

    record SingleInsight(String slug, String response) implements CacheKey {

        public SingleInsight {
            Objects.requireNonNull(slug, "slug");
            Objects.requireNonNull(response, "response");
        }
    }

    record WithRelated(String slug, String response) implements CacheKey {

        public WithRelated {
            Objects.requireNonNull(slug, "slug");
            Objects.requireNonNull(response, "response");
        }
    }

    record ManyInsights(String response, List<Object> parameters) implements CacheKey {

        public ManyInsights {
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(parameters, "parameters");
        }
    }
}
