package io.zerone.insights.query.search;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param concurrency searches that use the database at once per replica, below the R2DBC pool's size
 *        ({@code spring.r2dbc.pool.max-size}, 10): a search costs PostgreSQL milliseconds where a lookup by key costs a
 *        fraction of one, so a burst of searches (a bot, a broken client) must not hold every pooled connection and
 *        turn the articles, listings and JSON that missed the cache into 503s
 * @param maxWait how long a search waits for its turn before it answers 503 with Retry-After
 * @param queue searches that may wait at once; beyond, 503 at once
 */
@ConfigurationProperties("query.search")
record SearchSettings(
        @DefaultValue("4") int concurrency,
        @DefaultValue("2s") Duration maxWait,
        @DefaultValue("256") int queue) {
}
