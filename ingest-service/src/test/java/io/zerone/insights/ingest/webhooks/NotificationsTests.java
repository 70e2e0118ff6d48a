package io.zerone.insights.ingest.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.zerone.insights.events.Revision;
import io.zerone.insights.events.RevisionSuperseded;
import io.zerone.insights.events.RevisionWentLive;

class NotificationsTests {

    final Notifications notifications = new Notifications(URI.create("https://insights.example.com/"));

    @Test
    void liveRevisionIsInsightLiveWithThePublishsEventIdAndPage() {
        UUID publish = UUID.fromString("0b7c7f0e-2d7e-4b8e-9a55-2f6c1a0b9e11");
        Instant liveAt = Instant.parse("2026-11-26T04:00:00Z");

        Notification live = notifications.of(new RevisionWentLive(UUID.randomUUID(), liveAt, publish,
                new Revision(0, 7), "hello-world", liveAt)).orElseThrow();

        assertThat(live.type()).isEqualTo(WebhookType.LIVE);
        assertThat(live.payload()).isEqualTo("{\"type\":\"insight.live\",\"timestamp\":\"2026-11-26T04:00:00Z\","
                + "\"data\":{\"eventId\":\"0b7c7f0e-2d7e-4b8e-9a55-2f6c1a0b9e11\",\"slug\":\"hello-world\","
                + "\"url\":\"https://insights.example.com/insights/hello-world\",\"liveAt\":\"2026-11-26T04:00:00Z\"}}");
    }

    @Test
    void theSameOutcomeReportedTwiceHasTheSameWebhookId() {
        UUID publish = UUID.randomUUID();

        Notification first = notifications.of(new RevisionWentLive(UUID.randomUUID(), Instant.now(), publish,
                new Revision(0, 1), "a", Instant.now())).orElseThrow();
        Notification again = notifications.of(new RevisionWentLive(UUID.randomUUID(), Instant.now(), publish,
                new Revision(0, 1), "a", Instant.now())).orElseThrow();

        assertThat(again.webhookId()).isEqualTo(first.webhookId()).startsWith("msg_").doesNotContain(".");
        assertThat(notifications.failed(publish, "a", "render", "bad", Instant.now()).webhookId())
                .isNotEqualTo(first.webhookId());
    }

    @Test
    void supersededRevisionIsNoWebhook() {
        assertThat(notifications.of(new RevisionSuperseded(UUID.randomUUID(), Instant.now(), UUID.randomUUID(),
                new Revision(0, 1), "a", new Revision(0, 2)))).isEmpty();
    }
}
