package io.zerone.insights.query.projection;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rows of {@code public.projection_generation}: which schema holds the projection readers see, and the ones being
 * built or retired. The active row is the switch's lock: every projector batch holds it {@code for share}, the
 * rebuild's switch takes it {@code for update}, so a switch waits for the batches in flight and pauses the next ones.
 */
@Component
class Generations {

    private static final String PREFIX = "projection_";

    private final NamedParameterJdbcTemplate jdbc;

    Generations(ProjectorDatabase database) {
        this.jdbc = database.jdbc();
    }

    /** The active generation, read without a lock. */
    String active() {
        return single(jdbc.queryForList("select schema_name from projection_generation where state = 'active'",
                Map.of(), String.class));
    }

    /** The active generation, which cannot change until the calling transaction ends. */
    String activeForShare() {
        return locked("for share");
    }

    /** The active generation, locked against every projector batch until the calling transaction ends. */
    String activeForUpdate() {
        return locked("for update");
    }

    private String locked(String lock) {
        for (int attempt = 0; attempt < 3; attempt++) {
            List<String> active = jdbc.queryForList(
                    "select schema_name from projection_generation where state = 'active' " + lock, Map.of(),
                    String.class);
            if (active.size() == 1) {
                return active.get(0);
            }
            // A switch committed while this statement waited for the row it retired; the row it activated was not
            // in this statement's snapshot, but is in the next one's (read committed).
        }
        throw new IllegalStateException("no active projection generation in projection_generation");
    }

    /** Registers the next generation as being built and returns its schema name; the schema does not exist yet. */
    String registerNext() {
        Integer highest = jdbc.queryForObject("""
                select coalesce(max(substring(schema_name from '^projection_([0-9]+)$')::integer), 0)
                from projection_generation""", Map.of(), Integer.class);
        String next = PREFIX + (highest + 1);
        jdbc.update("insert into projection_generation (schema_name, state) values (:schema, 'building')",
                Map.of("schema", next));
        return next;
    }

    /** Generations a failed or interrupted rebuild left behind. */
    List<String> building() {
        return jdbc.queryForList("select schema_name from projection_generation where state = 'building'", Map.of(),
                String.class);
    }

    /**
     * Retired generations whose schema is still there: a rebuild drops the one it retired right after its switch,
     * unless it was killed in between.
     */
    List<String> retiredWithSchema() {
        return jdbc.queryForList("""
                select g.schema_name from projection_generation g
                join pg_namespace n on n.nspname = g.schema_name
                where g.state = 'retired' order by g.schema_name""", Map.of(), String.class);
    }

    /** Marks the target active and points the read views at it, in the calling transaction. */
    void activate(String schema) {
        jdbc.queryForObject("select activate_projection(:schema)::text", Map.of("schema", schema), String.class);
    }

    void forget(String schema) {
        jdbc.update("delete from projection_generation where schema_name = :schema", Map.of("schema", schema));
    }

    private static String single(List<String> active) {
        if (active.size() != 1) {
            throw new IllegalStateException("expected one active projection generation, found " + active);
        }
        return active.get(0);
    }
}
