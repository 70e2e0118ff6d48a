package io.zerone.insights.query.projection;

import static io.zerone.insights.query.projection.ProjectionStatements.array;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.RenderedEvent;
import io.zerone.insights.events.Revision;

/**
 * Writes what became of each source event of a batch into {@code public.status_outbox}, in the batch's transaction
 * (docs/adr/0020): one statement per batch, which reads the outcome from the rows the batch's statements left behind.
 * Whose source event the slug's row now holds went live (or was taken down, or is scheduled); any other was
 * superseded by the next newer revision the slug holds. The relay of this replica is woken after the commit.
 */
@Component
class StatusOutbox {

    /** A source event to report, and when it went live if that is not now (a scheduled revision). */
    record Reported(String slug, UUID sourceEventId, Revision revision, Instant liveAt) {

        static Reported of(RenderedEvent event, Instant liveAt) {
            return new Reported(event.slug(), event.sourceEventId(), event.revision(), liveAt);
        }
    }

    private static final Comparator<Reported> BY_REVISION = Comparator.comparing(Reported::revision);

    /**
     * The batch's statuses, and in the same statement (one round trip per batch) the scheduled revisions that a newer
     * revision applied by the batch cancelled, reported superseded before the batch's own statuses. A source event
     * that lost is superseded by the next newer revision the slug holds, applied or scheduled.
     */
    private static final String RECORD = """
            with cancelled as (
                delete from scheduled_insight s using insight i
                where s.slug = any(:changed::text[]) and i.slug = s.slug and i.revision_offset > s.revision_offset
                returning s.slug, s.source_event_id, s.revision_partition, s.revision_offset,
                          i.revision_partition as by_partition, i.revision_offset as by_offset
            ), reported as (
                select case when s.source_event_id = e.source_event_id then 'scheduled'
                            when i.source_event_id = e.source_event_id and i.removed_at is null then 'live'
                            when i.source_event_id = e.source_event_id then 'taken-down'
                            else 'superseded' end as type,
                       e.slug, e.source_event_id, e.revision_partition, e.revision_offset,
                       case when s.source_event_id = e.source_event_id then s.live_at
                            when i.source_event_id = e.source_event_id then coalesce(e.live_at, clock_timestamp())
                       end as at,
                       newer.by_partition, newer.by_offset, e.n
                from unnest(:slugs::text[], :sourceEventIds::uuid[], :partitions::integer[], :offsets::bigint[],
                            :liveAt::timestamptz[])
                     with ordinality as e (slug, source_event_id, revision_partition, revision_offset, live_at, n)
                left join insight i on i.slug = e.slug
                left join scheduled_insight s on s.slug = e.slug
                left join lateral (
                    select by_partition, by_offset
                    from (values (i.revision_partition, i.revision_offset), (s.revision_partition, s.revision_offset))
                         as held (by_partition, by_offset)
                    where by_offset > e.revision_offset order by by_offset limit 1) newer on true
            )
            insert into public.status_outbox (type, slug, source_event_id, revision_partition, revision_offset, at,
                                              superseded_by_partition, superseded_by_offset)
            select type, slug, source_event_id, revision_partition, revision_offset, at,
                   case when type = 'superseded' then by_partition end, case when type = 'superseded' then by_offset end
            from (select 0 as part, 0 as n, 'superseded' as type, slug, source_event_id, revision_partition,
                         revision_offset, null::timestamptz as at, by_partition, by_offset from cancelled
                  union all
                  select 1, n, type, slug, source_event_id, revision_partition, revision_offset, at, by_partition,
                         by_offset from reported) as statuses
            order by part, n""";

    /** The scheduled revisions a newer applied revision cancelled, where no status is reported: the rebuild. */
    private static final String CANCEL = """
            delete from scheduled_insight s using insight i
            where s.slug = any(:changed::text[]) and i.slug = s.slug and i.revision_offset > s.revision_offset""";

    private final NamedParameterJdbcTemplate jdbc;
    /** Permits mean work for the relay: rows committed since it last looked. */
    private final Semaphore written = new Semaphore(0);

    StatusOutbox(ProjectorDatabase database) {
        this.jdbc = database.jdbc();
    }

    /**
     * In the calling transaction, after the batch's statements; in revision order, so per slug in outbox order.
     * {@code changed}: the slugs the batch applied a revision to, whose older scheduled revisions are cancelled.
     */
    void record(List<Reported> reported, List<String> changed) {
        if (reported.isEmpty()) {
            return;
        }
        List<Reported> ordered = reported.stream().sorted(BY_REVISION).toList();
        jdbc.update(RECORD, new MapSqlParameterSource()
                .addValue("changed", array("text", changed.toArray(String[]::new)))
                .addValue("slugs", array("text", ordered.stream().map(Reported::slug).toArray(String[]::new)))
                .addValue("sourceEventIds", array("uuid", ordered.stream().map(Reported::sourceEventId)
                        .toArray(UUID[]::new)))
                .addValue("partitions", array("integer", ordered.stream().map(r -> r.revision().partition())
                        .toArray(Integer[]::new)))
                .addValue("offsets", array("bigint", ordered.stream().map(r -> r.revision().offset())
                        .toArray(Long[]::new)))
                .addValue("liveAt", array("text", ordered.stream()
                        .map(r -> r.liveAt() == null ? null : r.liveAt().toString()).toArray(String[]::new))));
    }

    /** What {@link #record} does to the scheduled revisions, without reporting: the rebuild's replay. */
    void cancelScheduled(List<String> changed) {
        if (!changed.isEmpty()) {
            jdbc.update(CANCEL, Map.of("changed", array("text", changed.toArray(String[]::new))));
        }
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
