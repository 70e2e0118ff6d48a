package io.zerone.insights.query.projection;

import static io.zerone.insights.query.projection.ProjectionStatements.array;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.RenderedEvent;

/**
 * Writes what became of each source event of a batch into {@code public.status_outbox}, in the batch's transaction
 * (docs/adr/0020): one statement per batch, which reads the outcome from the rows the batch's statements left behind.
 * Whose source event the slug's row now holds went live (or was taken down, or is scheduled); any other was
 * superseded by the revision that row holds. The relay of this replica is woken after the commit.
 */
@Component
class StatusOutbox {

    /** A source event to report, and when it went live if that is not now (a scheduled revision). */
    record Reported(RenderedEvent event, Instant liveAt) {
    }

    private static final Comparator<Reported> BY_REVISION = Comparator.comparing(r -> r.event().revision());

    private static final String RECORD = """
            insert into public.status_outbox (type, slug, source_event_id, revision_partition, revision_offset, at,
                                              superseded_by_partition, superseded_by_offset)
            select case when i.source_event_id = e.source_event_id and i.removed_at is null then 'live'
                        when i.source_event_id = e.source_event_id then 'taken-down'
                        else 'superseded' end,
                   e.slug, e.source_event_id, e.revision_partition, e.revision_offset,
                   case when i.source_event_id = e.source_event_id then coalesce(e.live_at, clock_timestamp()) end,
                   case when i.source_event_id <> e.source_event_id then i.revision_partition end,
                   case when i.source_event_id <> e.source_event_id then i.revision_offset end
            from unnest(:slugs::text[], :sourceEventIds::uuid[], :partitions::integer[], :offsets::bigint[],
                        :liveAt::timestamptz[])
                 with ordinality as e (slug, source_event_id, revision_partition, revision_offset, live_at, n)
            join insight i on i.slug = e.slug
            order by e.n""";

    private final NamedParameterJdbcTemplate jdbc;
    /** Permits mean work for the relay: rows committed since it last looked. */
    private final Semaphore written = new Semaphore(0);

    StatusOutbox(ProjectorDatabase database) {
        this.jdbc = database.jdbc();
    }

    /** In the calling transaction, after the batch's statements; in revision order, so per slug in outbox order. */
    void record(List<Reported> reported) {
        if (reported.isEmpty()) {
            return;
        }
        List<Reported> ordered = reported.stream().sorted(BY_REVISION).toList();
        jdbc.update(RECORD, new MapSqlParameterSource()
                .addValue("slugs", array("text", ordered.stream().map(r -> r.event().slug()).toArray(String[]::new)))
                .addValue("sourceEventIds", array("uuid", ordered.stream().map(r -> r.event().sourceEventId())
                        .toArray(UUID[]::new)))
                .addValue("partitions", array("integer", ordered.stream().map(r -> r.event().revision().partition())
                        .toArray(Integer[]::new)))
                .addValue("offsets", array("bigint", ordered.stream().map(r -> r.event().revision().offset())
                        .toArray(Long[]::new)))
                .addValue("liveAt", array("text", ordered.stream()
                        .map(r -> r.liveAt() == null ? null : r.liveAt().toString()).toArray(String[]::new))));
    }

    /** After a commit that recorded statuses. */
    void committed() {
        written.release();
    }

    /** Waits until a batch of this replica committed statuses, or the timeout passed. */
    void awaitWritten(long timeoutMillis) throws InterruptedException {
        if (written.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
            written.drainPermits();
        }
    }
}
