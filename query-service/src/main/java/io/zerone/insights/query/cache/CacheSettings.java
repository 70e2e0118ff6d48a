package io.zerone.insights.query.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maximumSize how many responses the cache keeps
 * @param expireAfterWrite a safety net only: every applied change drops what it affects at once
 * @param reconnectBackoff the first pause before listening again after the notification connection broke
 */
@ConfigurationProperties("query.cache")
record CacheSettings(
        @DefaultValue("2000") long maximumSize,
        @DefaultValue("10m") Duration expireAfterWrite,
        @DefaultValue("500ms") Duration reconnectBackoff) {
}
