package io.zerone.insights.query.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CacheKeyTests {

    @Test
    void anAbsentParameterAndOneSpelledNullAreTwoKeys() {
        assertThat(CacheKey.manyInsights("site:listing", null, null))
                .isNotEqualTo(CacheKey.manyInsights("site:listing", "null", "null"))
                .isEqualTo(CacheKey.manyInsights("site:listing", null, null));
    }

    @Test
    void aParameterHoldingASeparatorIsNotTwoParameters() {
        assertThat(CacheKey.manyInsights("api:search", "Debugging|10", 10, "x"))
                .isNotEqualTo(CacheKey.manyInsights("api:search", "Debugging", 10, "10|x"));
    }
}
