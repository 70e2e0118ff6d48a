package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.InsightTakenDown;
import io.zerone.insights.events.RenderedEvent;
import io.zerone.insights.events.RevisionSuperseded;
import io.zerone.insights.events.RevisionWentLive;
import io.zerone.insights.events.StatusEvent;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.StatusTopic;
import io.zerone.insights.query.TestPipeline;

/** What the live projector made of each source event reaches insight-status through the outbox (docs/adr/0020). */
@QueryServiceIntegrationTest
class StatusOutboxIntegrationTests {

    private static final String SLUG = "cache-without-a-lock-thundering-herd";

    @Autowired
    TestPipeline pipeline;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    StatusRelay relay;

    @Autowired
    ProjectorDatabase database;

    @AfterEach
    void relayRuns() {
        relay.start();
    }

    @Test
    void appliedRevisionIsReportedLiveWithItsSourceEventId() {
        InsightRendered event = RenderedEvents.rendered(Seed.bySlug(SLUG).withTitle("Reported live"));

        pipeline.publishAndAwait(event);

        StatusEvent status = single(event);
        assertThat(status).isInstanceOf(RevisionWentLive.class);
        assertThat(status.slug()).isEqualTo(SLUG);
        assertThat(status.revision()).isEqualTo(event.revision());
        assertThat(((RevisionWentLive) status).liveAt()).isAfterOrEqualTo(event.occurredAt());
    }

    @Test
    void ofTwoRevisionsInOneBatchTheOlderIsSupersededAndTheNewerLive() {
        InsightRendered older = RenderedEvents.rendered(Seed.bySlug(SLUG).withTitle("Older in the batch"));
        InsightRendered newer = RenderedEvents.rendered(Seed.bySlug(SLUG).withTitle("Newer in the batch"));
        var projector = listeners.getListenerContainer(ProjectionListener.GROUP);
        projector.stop();
        pipeline.send(older);
        pipeline.send(newer);

        projector.start();
        pipeline.awaitCaughtUp();

        assertThat(single(newer)).isInstanceOf(RevisionWentLive.class);
        assertThat(single(older)).isInstanceOfSatisfying(RevisionSuperseded.class,
                superseded -> assertThat(superseded.supersededBy()).isEqualTo(newer.revision()));
        List<UUID> inTopicOrder = StatusTopic.all(kafka).stream().map(StatusEvent::sourceEventId)
                .filter(id -> id.equals(older.sourceEventId()) || id.equals(newer.sourceEventId())).toList();
        assertThat(inTopicOrder).containsExactly(older.sourceEventId(), newer.sourceEventId());
    }

    @Test
    void anOlderRevisionArrivingAfterANewerOneIsSuperseded() {
        InsightRendered older = RenderedEvents.rendered(Seed.bySlug(SLUG).withTitle("Older, arriving late"));
        InsightRendered newer = RenderedEvents.rendered(Seed.bySlug(SLUG).withTitle("Newer, arriving first"));

        pipeline.publishAndAwait(newer);
        pipeline.send(older);
        pipeline.awaitCaughtUp();

        assertThat(single(older)).isInstanceOfSatisfying(RevisionSuperseded.class,
                superseded -> assertThat(superseded.supersededBy()).isEqualTo(newer.revision()));
        assertThat(single(newer)).isInstanceOf(RevisionWentLive.class);
    }

    @Test
    void anAppliedRemovalIsReportedTakenDown() {
        InsightRemoved removal = RenderedEvents.removed(SLUG);

        pipeline.publishAndAwait(removal);

        assertThat(single(removal)).isInstanceOfSatisfying(InsightTakenDown.class,
                takenDown -> assertThat(takenDown.revision()).isEqualTo(removal.revision()));
        pipeline.publishSeeds();
    }

    @Test
    void aDuplicateSourceEventReportsNothingMore() {
        InsightRendered event = RenderedEvents.rendered(Seed.bySlug(SLUG).withTitle("Reported once"));
        pipeline.publishAndAwait(event);
        single(event);

        pipeline.send(event);
        pipeline.send(RenderedEvents.rendered(Seed.bySlug(SLUG).withTitle("Same source event, newer revision"),
                RenderedEvents.nextRevision(), event.sourceEventId()));
        pipeline.awaitCaughtUp();
        awaitOutboxEmpty();

        assertThat(StatusTopic.about(kafka, event.sourceEventId())).hasSize(1);
    }

    @Test
    void statusesWrittenWhileTheRelayIsStoppedArriveOnceItRunsAgain() {
        relay.stop();
        InsightRendered event = RenderedEvents.rendered(Seed.bySlug(SLUG).withTitle("Applied while the relay is down"));
        pipeline.publishAndAwait(event);
        assertThat(outboxRows(event.sourceEventId())).isEqualTo(1);
        assertThat(StatusTopic.about(kafka, event.sourceEventId())).isEmpty();

        relay.start();

        assertThat(single(event)).isInstanceOf(RevisionWentLive.class);
        awaitOutboxEmpty();
    }

    @Test
    void aRelayKilledAfterTheSendAndBeforeTheDeleteSendsADuplicateAtMost() {
        relay.stop();
        InsightRendered event = RenderedEvents.rendered(Seed.bySlug(SLUG).withTitle("Sent, then the relay died"));
        pipeline.publishAndAwait(event);

        assertThatThrownBy(() -> relay.relay(() -> {
            throw new IllegalStateException("killed after the send, before the delete");
        })).hasMessageContaining("killed");
        assertThat(outboxRows(event.sourceEventId())).isEqualTo(1);
        relay.start();
        awaitOutboxEmpty();

        List<StatusEvent> statuses = StatusTopic.about(kafka, event.sourceEventId());
        assertThat(statuses).hasSize(2);
        assertThat(statuses.get(0)).isEqualTo(statuses.get(1));
    }

    @Test
    void aBacklogOfSeveralBatchesIsSentWholeAndInOutboxOrderPerSlug() {
        relay.stop();
        String run = UUID.randomUUID().toString().substring(0, 8);
        // 1,234 rows over 7 slugs: two full batches, taken one after the other, and a partial third
        pipeline.database().sql("""
                insert into status_outbox (type, slug, source_event_id, revision_partition, revision_offset, at)
                select 'live', :run || '-slug-' || (n % 7), gen_random_uuid(), 0, n, now()
                from generate_series(1, 1234) n order by n""").bind("run", run).then().block();

        relay.start();
        awaitOutboxEmpty();

        List<StatusEvent> sent = StatusTopic.all(kafka).stream().filter(status -> status.slug().startsWith(run))
                .toList();
        assertThat(sent).hasSize(1234);
        for (int slug = 0; slug < 7; slug++) {
            String name = run + "-slug-" + slug;
            assertThat(sent.stream().filter(status -> status.slug().equals(name))
                    .map(status -> status.revision().offset()).toList()).isSorted().isNotEmpty();
        }
    }

    @Test
    void whileAnotherReplicasRelayHoldsTheOutboxThisOneSendsNothingThenEverythingInOrder() throws Exception {
        awaitOutboxEmpty(); // what earlier tests left is sent before this one's rows are written
        relay.stop();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String first = run + "-first";
        String second = run + "-second";
        // revisions 1..3 of one slug interleaved with 1..3 of another, in outbox (id) order
        pipeline.database().sql("""
                insert into status_outbox (type, slug, source_event_id, revision_partition, revision_offset, at)
                select 'live', case when n % 2 = 0 then :first else :second end, gen_random_uuid(), 0, (n + 1) / 2, now()
                from generate_series(1, 6) n order by n""")
                .bind("first", first).bind("second", second).then().block();

        try (Connection other = database.jdbc().getJdbcTemplate().getDataSource().getConnection()) {
            // another replica's relay is in its transaction
            other.setAutoCommit(false);
            try (PreparedStatement hold = other.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
                hold.setString(1, StatusRelay.LOCK_KEY);
                hold.executeQuery().close();
            }

            assertThat(relay.relay(() -> { })).isEqualTo(StatusRelay.BUSY);
            assertThat(offsetsSent(first)).isEmpty();
            assertThat(offsetsSent(second)).isEmpty();

            other.rollback();
        }
        assertThat(relay.relay(() -> { })).isGreaterThanOrEqualTo(6);
        assertThat(offsetsSent(first)).containsExactly(1L, 2L, 3L);
        assertThat(offsetsSent(second)).containsExactly(1L, 2L, 3L);
        awaitOutboxEmpty();
    }

    private List<Long> offsetsSent(String slug) {
        return StatusTopic.all(kafka).stream().filter(status -> status.slug().equals(slug))
                .map(status -> status.revision().offset()).toList();
    }

    private StatusEvent single(RenderedEvent event) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !StatusTopic.about(kafka, event.sourceEventId()).isEmpty());
        List<StatusEvent> statuses = StatusTopic.about(kafka, event.sourceEventId());
        assertThat(statuses).hasSize(1);
        return statuses.get(0);
    }

    private long outboxRows(UUID sourceEventId) {
        return pipeline.database().sql("select count(*) from status_outbox where source_event_id = :id")
                .bind("id", sourceEventId).map(row -> row.get(0, Long.class)).one().block();
    }

    private void awaitOutboxEmpty() {
        await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.database()
                .sql("select count(*) from status_outbox").map(row -> row.get(0, Long.class)).one().block() == 0);
    }
}
