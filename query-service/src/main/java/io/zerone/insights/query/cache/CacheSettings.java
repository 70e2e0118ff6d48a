package io.zerone.insights.query.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maximumSize how many responses the cache keeps at most; an invalidation walks this many keys at most
 * @param maximumBytes how many bytes of responses it keeps at most (their codings and what else they hold, about): an
 *        article of a long body is hundreds of kilobytes in its three codings, and 2,000 of them filled any heap
 * @param expireAfterWrite a safety net only: every applied change drops what it affects at once
 * @param reconnectBackoff the first pause before listening again after the notification connection broke
 * @param listenCheck how often the listening connection must answer a round trip, and how long it has to: one that
 *        stops answering without closing (a firewall or load balancer that dropped it as idle, a hung server) would
 *        otherwise deliver no notification again while the replica believes it listens
 */
@ConfigurationProperties("query.cache")
record CacheSettings(
        @DefaultValue("2000") long maximumSize,
        @DefaultValue("64MB") DataSize maximumBytes,
        @DefaultValue("10m") Duration expireAfterWrite,
        @DefaultValue("500ms") Duration reconnectBackoff,
        @DefaultValue("15s") Duration listenCheck) {
}
