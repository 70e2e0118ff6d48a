package io.zerone.insights.ingest.auth;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * An editorial system allowed to publish: its id (the events' source), the SHA-256 of its API key (configuration
 * never holds a key itself) and its rate limit. The principal of every authenticated request.
 */
public record EditorialClient(String id, String keySha256, @DefaultValue RateLimit rateLimit) {

    public EditorialClient {
        rateLimit = rateLimit == null ? new RateLimit(RateLimit.DEFAULT_REQUESTS_PER_SECOND, RateLimit.DEFAULT_BURST) : rateLimit;
    }

    /**
     * A token bucket: {@code burst} requests at once, refilled at {@code requestsPerSecond} (fractions allowed,
     * 0.5 is one request every two seconds).
     */
    public record RateLimit(@DefaultValue("20") double requestsPerSecond, @DefaultValue("40") int burst) {

        static final double DEFAULT_REQUESTS_PER_SECOND = 20;
        static final int DEFAULT_BURST = 40;

        public RateLimit {
            if (!(requestsPerSecond > 0) || burst < 1) {
                throw new IllegalArgumentException("a rate limit needs requests-per-second > 0 and burst >= 1");
            }
        }
    }
}
