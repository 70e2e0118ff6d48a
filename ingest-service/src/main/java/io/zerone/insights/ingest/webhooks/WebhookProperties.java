package io.zerone.insights.ingest.webhooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The deployment's webhook subscribers and how deliveries are retried. Checked when the service starts: a subscriber
 * whose URL, secret or events are wrong stops the start with a message that names it, rather than fail every delivery
 * later.
 *
 * @param subscribers who receives what ({@code insights.webhooks.subscribers[N].url / .secret / .events})
 * @param initialBackoff the wait after a first failed attempt; doubled after each further one
 * @param maxBackoff the longest wait between two attempts
 * @param maxAttempts attempts before a delivery is given up ({@code failed})
 * @param requestTimeout how long one attempt may take (the spec recommends 15 to 30 s)
 * @param pollInterval how often each replica looks for due deliveries besides being woken by its own listeners
 * @param maxInFlight attempts one replica has in flight at most per subscriber (a replica: subscribers times this),
 *        so that a subscriber that hangs holds only its own
 * @param siteUrl the public base URL of the site: {@code insight.live} names the page there
 * @param retention how long delivered and failed deliveries stay in the log
 */
@ConfigurationProperties("insights.webhooks")
record WebhookProperties(
        @DefaultValue List<Subscriber> subscribers,
        @DefaultValue("5s") Duration initialBackoff,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("15") int maxAttempts,
        @DefaultValue("15s") Duration requestTimeout,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("32") int maxInFlight,
        @DefaultValue("http://localhost:8080") URI siteUrl,
        @DefaultValue("7d") Duration retention) {

    WebhookProperties {
        subscribers = List.copyOf(subscribers);
        Set<URI> seen = new HashSet<>();
        for (int i = 0; i < subscribers.size(); i++) {
            if (!seen.add(subscribers.get(i).url())) {
                throw new IllegalArgumentException("insights.webhooks.subscribers[" + i + "].url: "
                        + subscribers.get(i).redactedUrl() + " is configured twice; give one subscriber all its events");
            }
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "insights.webhooks: initial-backoff must be positive and max-backoff at least as long");
        }
        if (maxAttempts < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("insights.webhooks: max-attempts and max-in-flight must be at least 1");
        }
    }

    Subscriber subscriber(String url) {
        return subscribers.stream().filter(s -> s.url().toString().equals(url)).findFirst().orElse(null);
    }

    /**
     * One receiver.
     *
     * @param url where deliveries are POSTed: absolute http or https
     * @param secret the Standard Webhooks signing secret, {@code whsec_} and the base64 of 24 to 64 random bytes
     *        (e.g. {@code echo "whsec_$(openssl rand -base64 32)"})
     * @param events which of {@link WebhookType}'s names it receives; all of them when empty
     */
    record Subscriber(URI url, String secret, Set<String> events) {

        private static final int MIN_KEY_BYTES = 24;
        private static final int MAX_KEY_BYTES = 64;

        Subscriber {
            if (url == null || url.getHost() == null
                    || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new IllegalArgumentException("insights.webhooks.subscribers[].url must be an absolute http(s) URL"
                        + " with a host, not '" + redact(url) + "'");
            }
            String where = "insights.webhooks.subscribers[] with url " + redact(url);
            if (secret == null || !secret.startsWith(WebhookSignature.SECRET_PREFIX)) {
                throw new IllegalArgumentException(where + ": secret must start with whsec_"
                        + " (Standard Webhooks), e.g. whsec_$(openssl rand -base64 32)");
            }
            int keyBytes;
            try {
                keyBytes = WebhookSignature.key(secret).length;
            } catch (IllegalArgumentException notBase64) {
                throw new IllegalArgumentException(where + ": the secret after whsec_ is not base64");
            }
            if (keyBytes < MIN_KEY_BYTES || keyBytes > MAX_KEY_BYTES) {
                throw new IllegalArgumentException(where + ": the secret decodes to " + keyBytes
                        + " bytes; Standard Webhooks asks for 24 to 64");
            }
            events = events == null ? Set.of() : events.stream().map(String::trim).filter(e -> !e.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
            for (String event : events) {
                if (WebhookType.named(event) == null) {
                    throw new IllegalArgumentException(where + ": unknown event '" + event + "'; known: "
                            + WebhookType.names());
                }
            }
        }

        boolean wants(WebhookType type) {
            return events.isEmpty() || events.contains(type.value());
        }

        /** Scheme, host, port and path: a URL may carry a token (in its query or user info), which no log shows. */
        String redactedUrl() {
            return redact(url);
        }

        static String redact(URI url) {
            if (url == null) {
                return "null";
            }
            try {
                return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null)
                        .toString();
            } catch (URISyntaxException e) {
                return url.getScheme() + "://" + url.getHost();
            }
        }

        /** Never the secret, nor the whole URL. */
        @Override
        public String toString() {
            return "Subscriber[" + redactedUrl() + ", events=" + (events.isEmpty() ? "all" : events) + "]";
        }
    }
}
