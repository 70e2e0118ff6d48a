package io.zerone.insights.ingest.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

class WebhookDispatcherTests {

    @Test
    void anAttemptsErrorIsStorableWhateverBytesTheSubscriberAnswered() {
        // Netty's message for a subscriber that answered "HTTP/1.1\0 200 OK": PostgreSQL refuses the NUL
        String error = WebhookDispatcher.describe(new IllegalArgumentException("invalid version format: HTTP/1.1\0"));

        assertThat(error).isEqualTo("IllegalArgumentException: invalid version format: HTTP/1.1\uFFFD");
        assertThat(WebhookDispatcher.describe(new TimeoutException())).isEqualTo("no answer within the request timeout");
    }
}
