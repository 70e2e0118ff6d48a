package io.zerone.insights.ingest.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class WebhookPropertiesTests {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void acceptsAnHttpsSubscriberWithAStandardSecretAndKnownEvents() {
        WebhookProperties.Subscriber subscriber = new WebhookProperties.Subscriber(
                URI.create("https://cms.example.com/hooks?token=abc"), SECRET, Set.of("insight.live", " insight.failed"));

        assertThat(subscriber.wants(WebhookType.LIVE)).isTrue();
        assertThat(subscriber.wants(WebhookType.FAILED)).isTrue();
        assertThat(subscriber.wants(WebhookType.REMOVED)).isFalse();
        assertThat(subscriber.toString()).doesNotContain("whsec_", "token").contains("https://cms.example.com/hooks");
    }

    @Test
    void subscriberWithoutEventsReceivesEveryEvent() {
        WebhookProperties.Subscriber subscriber =
                new WebhookProperties.Subscriber(URI.create("http://localhost:9000/"), SECRET, null);

        assertThat(WebhookType.values()).allMatch(subscriber::wants);
    }

    @Test
    void rejectsAUrlThatIsNotAbsoluteHttp() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WebhookProperties.Subscriber(URI.create("cms.example.com/hooks"), SECRET, null))
                .withMessageContaining("must be an absolute http(s) URL");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WebhookProperties.Subscriber(URI.create("ftp://cms.example.com/"), SECRET, null))
                .withMessageContaining("must be an absolute http(s) URL");
    }

    @Test
    void aRejectedUrlIsNamedWithoutItsUserInfoOrQuery() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WebhookProperties.Subscriber(
                        URI.create("ftp://cms:hunter2@cms.example.com/hooks?token=s3cret"), SECRET, null))
                .withMessageContaining("ftp://cms.example.com/hooks")
                .withMessageNotContaining("hunter2")
                .withMessageNotContaining("s3cret");
    }

    @Test
    void rejectsASecretWithoutThePrefixOrNotBase64OrTooShort() {
        URI url = URI.create("https://cms.example.com/hooks");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WebhookProperties.Subscriber(url, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", null))
                .withMessageContaining("must start with whsec_");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WebhookProperties.Subscriber(url, "whsec_not base64!", null))
                .withMessageContaining("not base64");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WebhookProperties.Subscriber(url, "whsec_c2hvcnQ=", null))
                .withMessageContaining("decodes to 5 bytes");
    }

    @Test
    void rejectsAnUnknownEvent() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WebhookProperties.Subscriber(URI.create("https://cms.example.com/hooks"), SECRET,
                        Set.of("insight.published")))
                .withMessageContaining("unknown event 'insight.published'");
    }

    @Test
    void rejectsTheSameUrlTwice() {
        WebhookProperties.Subscriber one =
                new WebhookProperties.Subscriber(URI.create("https://cms.example.com/hooks"), SECRET, null);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WebhookProperties(List.of(one, one), Duration.ofSeconds(5), Duration.ofHours(1),
                        15, Duration.ofSeconds(15), Duration.ofSeconds(1), 32, URI.create("http://localhost:8080"),
                        Duration.ofDays(7)))
                .withMessageContaining("subscribers[1].url").withMessageContaining("configured twice");
    }
}
