package io.zerone.insights.query.projection;

import static io.zerone.insights.query.projection.ProjectionStatements.array;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.EventType;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.Revision;

/**
 * The generation's {@code scheduled_insight} table (docs/adr/0021): revisions whose {@code publishedAt} lies ahead,
 * stored whole until they are due. Unqualified names, like {@link ProjectionStatements}: the caller's transaction
 * points at the generation.
 */
@Component
class PendingRevisions {

    /** A scheduled revision that a newer scheduled one replaced: superseded by it. */
    record Replaced(String slug, UUID sourceEventId, Revision revision) {
    }

    /** What {@link #store} did: the slugs it stored a revision for, and the scheduled revisions those replaced. */
    record Stored(List<String> slugs, List<Replaced> replaced) {
    }

    /** A due revision and the instant it was scheduled for. */
    record Due(InsightRendered event, Instant liveAt) {
    }

    /**
     * Only newer than the pending revision of the slug and than the one insight holds; returns the row it replaced
     * ({@code old}, PostgreSQL 18), null where the slug had none.
     */
    private static final String STORE = """
            insert into scheduled_insight (slug, revision_partition, revision_offset, source_event_id, live_at, event)
            select * from unnest(:slugs::text[], :partitions::integer[], :offsets::bigint[], :sourceEventIds::uuid[],
                                 :liveAt::timestamptz[], :events::bytea[])
                 as incoming (slug, revision_partition, revision_offset, source_event_id, live_at, event)
            where not exists (select from insight i
                              where i.slug = incoming.slug and i.revision_offset >= incoming.revision_offset)
            on conflict (slug) do update set
                revision_partition = excluded.revision_partition, revision_offset = excluded.revision_offset,
                source_event_id = excluded.source_event_id, live_at = excluded.live_at, event = excluded.event
            where scheduled_insight.revision_offset < excluded.revision_offset
            returning new.slug, old.source_event_id, old.revision_partition, old.revision_offset""";

    /** Due rows no other scheduler holds, taken out of the table in the caller's transaction. */
    private static final String TAKE_DUE = """
            delete from scheduled_insight where slug in (
                select slug from scheduled_insight where live_at <= :cutoff
                order by slug limit :limit for update skip locked)
            returning live_at, event""";

    private final NamedParameterJdbcTemplate jdbc;
    private final CloudEventCodec codec = new CloudEventCodec();

    PendingRevisions(ProjectorDatabase database) {
        this.jdbc = database.jdbc();
    }

    Stored store(List<InsightRendered> events) {
        if (events.isEmpty()) {
            return new Stored(List.of(), List.of());
        }
        List<String> slugs = new ArrayList<>();
        List<Replaced> replaced = new ArrayList<>();
        jdbc.query(STORE, new MapSqlParameterSource()
                .addValue("slugs", array("text", events.stream().map(InsightRendered::slug).toArray(String[]::new)))
                .addValue("partitions", array("integer", events.stream().map(e -> e.revision().partition())
                        .toArray(Integer[]::new)))
                .addValue("offsets", array("bigint", events.stream().map(e -> e.revision().offset())
                        .toArray(Long[]::new)))
                .addValue("sourceEventIds", array("uuid", events.stream().map(InsightRendered::sourceEventId)
                        .toArray(UUID[]::new)))
                .addValue("liveAt", array("text", events.stream().map(e -> e.insight().publishedAt().toString())
                        .toArray(String[]::new)))
                .addValue("events", array("bytea", events.stream().map(codec::toJson).toArray(byte[][]::new))),
                row -> {
                    slugs.add(row.getString(1));
                    UUID source = row.getObject(2, UUID.class);
                    if (source != null) {
                        replaced.add(new Replaced(row.getString(1), source, new Revision(row.getInt(3),
                                row.getLong(4))));
                    }
                });
        return new Stored(slugs, replaced);
    }

    List<Due> takeDue(Instant cutoff, int limit) {
        return jdbc.query(TAKE_DUE, new MapSqlParameterSource("cutoff", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)).addValue("limit", limit),
                (row, n) -> new Due((InsightRendered) codec.fromJson(row.getBytes("event"), EventType.INSIGHT_RENDERED),
                        row.getTimestamp("live_at").toInstant()));
    }

    /** The earliest instant a pending revision is due, if any is pending. */
    Instant nextDue() {
        Timestamp next = jdbc.queryForObject("select min(live_at) from scheduled_insight", Map.of(), Timestamp.class);
        return next == null ? null : next.toInstant();
    }
}
