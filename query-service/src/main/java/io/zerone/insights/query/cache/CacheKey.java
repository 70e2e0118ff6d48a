package io.zerone.insights.query.cache;

import java.util.Objects;

/**
 * What a cached response is made of, which decides which changes drop it. A caller has to choose one of the two kinds
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
     * the sitemap, counters): any change may alter it. {@code response} names the response and its parameters.
     */
    static CacheKey manyInsights(String response) {
        return new ManyInsights(response);
    }

    record SingleInsight(String slug, String response) implements CacheKey {

        public SingleInsight {
            Objects.requireNonNull(slug, "slug");
            Objects.requireNonNull(response, "response");
        }
    }

    record ManyInsights(String response) implements CacheKey {

        public ManyInsights {
            Objects.requireNonNull(response, "response");
        }
    }
}
