package io.zerone.insights.ingest.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.zerone.insights.ingest.IngestServiceApplication;
import io.zerone.insights.ingest.publishing.RequestFields;
import io.zerone.insights.testsupport.WithKafka;
import io.zerone.insights.testsupport.WithPostgres;

/**
 * A poll's moves in one statement against the real database: the listeners hand over a whole poll, in which one
 * publish can have several steps and most steps have no receipt at all (a bulk load, another deployment's publish).
 */
@SpringBootTest(properties = {"spring.config.name=" + IngestServiceApplication.CONFIG_NAME,
        "insights.ingest.receipts.group-id=receipt-store-integration-tests"})
@WithKafka
@WithPostgres
class ReceiptStoreIntegrationTests {

    static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");

    @Autowired
    ReceiptStore store;

    @Test
    void pollWithSeveralStepsOfOnePublishRecordsEachInOrderAndSkipsUnknownEvents() {
        UUID scheduledThenLive = accepted();
        UUID renderedOnly = accepted();
        UUID unknown = UUID.randomUUID();

        Long moved = store.advance(List.of(
                ReceiptProgress.rendered(scheduledThenLive, T0.plusSeconds(1)),
                ReceiptProgress.rendered(unknown, T0.plusSeconds(1)),
                ReceiptProgress.rendered(renderedOnly, T0.plusSeconds(2)),
                new ReceiptProgress.Move(scheduledThenLive, ReceiptState.SCHEDULED, T0.plusSeconds(3), null,
                        T0.plusSeconds(60)),
                new ReceiptProgress.Move(scheduledThenLive, ReceiptState.LIVE, T0.plusSeconds(60), null, null)))
                .block();

        assertThat(moved).isEqualTo(4);
        Receipt receipt = store.find(scheduledThenLive, "dev-editor").block();
        assertThat(receipt.state()).isEqualTo("live");
        assertThat(receipt.scheduledFor()).isEqualTo(T0.plusSeconds(60));
        assertThat(receipt.steps()).extracting(Receipt.Step::state)
                .containsExactly("accepted", "rendered", "scheduled", "live");
        assertThat(store.find(renderedOnly, "dev-editor").block().state()).isEqualTo("rendered");
    }

    @Test
    void stepBelowTheRankAlreadyReachedInTheSamePollChangesNothing() {
        UUID eventId = accepted();

        Long moved = store.advance(List.of(
                ReceiptProgress.failed(eventId, T0.plusSeconds(1), "x".repeat(RequestFields.MAX_DEAD_LETTER_REASON + 50)),
                ReceiptProgress.rendered(eventId, T0.plusSeconds(2)))).block();

        assertThat(moved).isEqualTo(1);
        Receipt receipt = store.find(eventId, "dev-editor").block();
        assertThat(receipt.state()).isEqualTo("failed");
        assertThat(receipt.reason()).hasSize(RequestFields.MAX_DEAD_LETTER_REASON);
        assertThat(receipt.steps()).extracting(Receipt.Step::state).containsExactly("accepted", "failed");
    }

    @Test
    void stepWhoseTimeIsBeyondTheYear9999MovesWithoutItAndTheOthersOfThePollMoveToo() {
        UUID beyond = accepted();
        UUID other = accepted();

        Long moved = store.advance(List.of(
                new ReceiptProgress.Move(beyond, ReceiptState.SCHEDULED, T0.plusSeconds(1), null,
                        Instant.parse("+10000-01-01T00:00:00Z")),
                ReceiptProgress.rendered(other, T0.plusSeconds(1)))).block();

        assertThat(moved).isEqualTo(2);
        Receipt receipt = store.find(beyond, "dev-editor").block();
        assertThat(receipt.state()).isEqualTo("scheduled");
        assertThat(receipt.scheduledFor()).isNull();
        assertThat(store.find(other, "dev-editor").block().state()).isEqualTo("rendered");
    }

    private UUID accepted() {
        UUID eventId = UUID.randomUUID();
        store.accept(eventId, "dev-editor", "slug-" + eventId, "publish", T0).block();
        return eventId;
    }
}
