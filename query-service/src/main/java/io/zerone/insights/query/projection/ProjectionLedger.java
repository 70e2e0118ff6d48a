package io.zerone.insights.query.projection;

import static io.zerone.insights.query.projection.ProjectionStatements.array;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

import io.zerone.insights.query.projection.NewestPerSlug.SourceEvent;

/**
 * What a generation has consumed and processed, kept in its own tables in the transaction of the rows: the next
 * offset of every partition ({@code consumed_offset}) and every source event per slug ({@code processed_event}).
 */
@Component
class ProjectionLedger {

    private final NamedParameterJdbcTemplate jdbc;

    ProjectionLedger(ProjectorDatabase database) {
        this.jdbc = database.jdbc();
    }

    /**
     * Points the connection at a generation's tables, for this transaction and the next ones on the connection until
     * it is pointed elsewhere: every transaction of the projector's pool that touches a generation's tables calls this
     * first. The path is set only when it differs, because changing it makes each prepared statement be planned again
     * at every call (a {@code set local} per transaction changed it twice per batch: pg_stat_statements counted a plan
     * for every call, ~1.6 ms of planning a batch). A transaction that rolls back takes its change back with it.
     */
    void useGeneration(String schema) {
        // outside a transaction this would point whichever pooled connection it got, for whoever takes it next
        Assert.state(TransactionSynchronizationManager.isActualTransactionActive(),
                "a generation is chosen inside the transaction that uses it");
        jdbc.queryForObject("""
                select case when current_setting('search_path') = target then target
                            else set_config('search_path', target, false) end
                from (select quote_ident(:schema) || ', public' as target) generation""",
                Map.of("schema", schema), String.class);
    }

    /**
     * The stored next offsets of the given partitions, locked until the transaction ends: a second consumer that
     * holds the same partitions for a moment during a rebalance waits here, then sees what the first one applied.
     */
    Map<Integer, Long> lockOffsets(String topic, Collection<Integer> partitions) {
        var params = new MapSqlParameterSource("topic", topic)
                .addValue("partitions", array("integer", partitions.toArray(Integer[]::new)));
        // a partition seen for the first time gets a row to lock; 0 is the beginning
        jdbc.update("""
                insert into consumed_offset (topic, partition, next_offset)
                select :topic, partition, 0 from unnest(:partitions::integer[]) as partition
                on conflict do nothing""", params);
        Map<Integer, Long> stored = new HashMap<>();
        jdbc.query("""
                select partition, next_offset from consumed_offset
                where topic = :topic and partition = any(:partitions::integer[])
                order by partition for update""", params,
                row -> {
                    stored.put(row.getInt(1), row.getLong(2));
                });
        return stored;
    }

    /** The stored next offset of every partition the generation has consumed. */
    Map<Integer, Long> offsets(String topic) {
        Map<Integer, Long> stored = new HashMap<>();
        jdbc.query("select partition, next_offset from consumed_offset where topic = :topic", Map.of("topic", topic),
                row -> {
                    stored.put(row.getInt(1), row.getLong(2));
                });
        return stored;
    }

    void storeOffsets(String topic, Map<Integer, Long> nextOffsets) {
        jdbc.update("""
                insert into consumed_offset (topic, partition, next_offset)
                select :topic, * from unnest(:partitions::integer[], :offsets::bigint[])
                on conflict (topic, partition) do update
                set next_offset = greatest(consumed_offset.next_offset, excluded.next_offset)""",
                new MapSqlParameterSource("topic", topic)
                        .addValue("partitions", array("integer", nextOffsets.keySet().toArray(Integer[]::new)))
                        .addValue("offsets", array("bigint", nextOffsets.values().toArray(Long[]::new))));
    }

    /** Which of these source events were processed before. */
    Set<SourceEvent> processed(Collection<SourceEvent> candidates) {
        Set<SourceEvent> processed = new HashSet<>();
        if (candidates.isEmpty()) {
            return processed;
        }
        jdbc.query("""
                select slug, source_event_id from processed_event
                where (slug, source_event_id) in (select * from unnest(:slugs::text[], :sourceEventIds::uuid[]))""",
                sourceEvents(candidates),
                row -> {
                    processed.add(new SourceEvent(row.getString(1), row.getObject(2, UUID.class)));
                });
        return processed;
    }

    void recordProcessed(Collection<SourceEvent> sourceEvents) {
        if (!sourceEvents.isEmpty()) {
            jdbc.update("""
                    insert into processed_event (slug, source_event_id)
                    select * from unnest(:slugs::text[], :sourceEventIds::uuid[])
                    on conflict do nothing""", sourceEvents(sourceEvents));
        }
    }

    private static MapSqlParameterSource sourceEvents(Collection<SourceEvent> sourceEvents) {
        return new MapSqlParameterSource()
                .addValue("slugs", array("text", sourceEvents.stream().map(SourceEvent::slug)
                        .toArray(String[]::new)))
                .addValue("sourceEventIds", array("uuid", sourceEvents.stream().map(SourceEvent::sourceEventId)
                        .toArray(UUID[]::new)));
    }
}
