package io.zerone.insights.query.projection;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The tables of a generation schema, for the rebuild: copied from the active generation, loaded without their
 * secondary indexes (each GIN index costs more per row than the row itself), then indexed, analysed, given the
 * active generation's rows of slugs the replay could not make, its tombstones' answers and its counters' times an
 * insight left them, counted and finally dropped when retired.
 */
@Component
class GenerationTables {

    /** A secondary index of the active generation, by its name and its definition there. */
    record Index(String name, String definition) {
    }

    /**
     * What must match between two generations at the same offsets; {@code counters} digests the kept counters,
     * {@code scheduled} counts the revisions waiting for their publishedAt.
     */
    record Counts(long insights, long live, long searchDocuments, String counters, long scheduled) {
    }

    private static final Pattern GENERATION = Pattern.compile("projection_[0-9]+");

    private final ProjectorDatabase database;
    private final NamedParameterJdbcTemplate jdbc;

    GenerationTables(ProjectorDatabase database) {
        this.database = database;
        this.jdbc = database.jdbc();
    }

    /** Creates the target schema with a copy of every table of the source: columns, defaults, checks, indexes. */
    void copy(String source, String target) {
        database.transaction().executeWithoutResult(status -> {
            ddl().execute("create schema " + checked(target));
            for (String table : tables(source)) {
                ddl().execute("create table %s.%s (like %s.%s including all)".formatted(checked(target), table,
                        checked(source), table));
            }
            // (like ...) copies no triggers: the kept counters, the tag listing and the vocabulary need them
            jdbc.queryForObject("select prepare_projection_generation(:schema)::text", Map.of("schema", target),
                    String.class);
        });
    }

    /** The indexes of the schema that no constraint or upsert needs: dropped for a bulk load, then rebuilt. */
    List<Index> secondaryIndexes(String schema) {
        return jdbc.query("""
                select i.indexname, i.indexdef from pg_indexes i
                join pg_class c on c.relname = i.indexname
                join pg_namespace n on n.oid = c.relnamespace and n.nspname = i.schemaname
                join pg_index x on x.indexrelid = c.oid
                where i.schemaname = :schema and not x.indisunique
                order by i.tablename, i.indexname""", Map.of("schema", schema),
                (row, n) -> new Index(row.getString(1), row.getString(2)));
    }

    void dropSecondaryIndexes(String schema) {
        for (Index index : secondaryIndexes(schema)) {
            ddl().execute("drop index %s.%s".formatted(checked(schema), index.name()));
        }
    }

    /** Creates the source's indexes, with their names, on the target's tables. */
    void createIndexes(List<Index> indexes, String source, String target) {
        database.transaction().executeWithoutResult(status -> {
            // GIN builds collect in memory; the default 64 MB makes them spill at a few hundred thousand documents
            ddl().execute("set local maintenance_work_mem = '256MB'");
            for (Index index : indexes) {
                String onSource = " ON " + checked(source) + ".";
                if (!index.definition().contains(onSource)) {
                    throw new IllegalStateException("unexpected index definition: " + index.definition());
                }
                ddl().execute(index.definition().replace(onSource, " ON " + checked(target) + "."));
            }
        });
    }

    void analyze(String schema) {
        for (String table : tables(schema)) {
            ddl().execute("analyze %s.%s".formatted(checked(schema), table));
        }
    }

    Counts counts(String schema) {
        return jdbc.queryForObject("""
                select (select count(*) from %1$s.insight),
                       (select count(*) from %1$s.insight where removed_at is null),
                       (select count(*) from %1$s.insight_search),
                       (select md5(coalesce(string_agg(facet || '=' || value || '=' || insights, ','
                                                       order by facet, value), ''))
                        from %1$s.insight_count where insights <> 0),
                       (select count(*) from %1$s.scheduled_insight)""".formatted(checked(schema)), Map.of(),
                (row, n) -> new Counts(row.getLong(1), row.getLong(2), row.getLong(3), row.getString(4),
                        row.getLong(5)));
    }

    /**
     * Of these slugs, those the target holds neither applied nor scheduled and the source holds: copies the source's
     * rows of them into the target, in every table the projector writes per slug (the other tables follow through
     * the target's triggers; its kept counters once the caller folds them), and returns them. Columns by name,
     * without the generated ones (the search vectors), which PostgreSQL computes again.
     */
    List<String> carryOver(String source, String target, Collection<String> slugs) {
        if (slugs.isEmpty()) {
            return List.of();
        }
        var held = Map.of("slugs", ProjectionStatements.array("text", slugs.toArray(String[]::new)));
        List<String> missing = jdbc.queryForList("""
                select distinct slug from unnest(:slugs::text[]) as skipped (slug)
                where (exists (select from %1$s.insight i where i.slug = skipped.slug)
                       or exists (select from %1$s.scheduled_insight s where s.slug = skipped.slug))
                  and not exists (select from %2$s.insight i where i.slug = skipped.slug)
                  and not exists (select from %2$s.scheduled_insight s where s.slug = skipped.slug)
                order by slug""".formatted(checked(source), checked(target)), held, String.class);
        if (missing.isEmpty()) {
            return List.of();
        }
        var carried = Map.of("slugs", ProjectionStatements.array("text", missing.toArray(String[]::new)));
        for (String table : List.of("insight", "insight_search", "scheduled_insight", "processed_event")) {
            String columns = jdbc.queryForObject("""
                    select string_agg(quote_ident(attname), ', ' order by attnum) from pg_attribute
                    where attrelid = format('%I.%I', :schema::text, :table::text)::regclass
                      and attnum > 0 and not attisdropped and attgenerated = ''""",
                    Map.of("schema", checked(target), "table", table), String.class);
            jdbc.update("insert into %s.%s (%s) select %s from %s.%s where slug = any(:slugs::text[]) order by slug"
                    .formatted(checked(target), table, columns, columns, checked(source), table), carried);
        }
        return missing;
    }

    /**
     * Gives every tombstone of the target the source's answer to whether its slug was ever live (410 or 404,
     * docs/adr/0007): the replay cannot always tell, for it applies only the newest record of a slug in a poll (a
     * publish and its removal read together insert only the tombstone) and compaction leaves only the removal, while
     * the live projector may have served the slug in between. Returns how many tombstones it changed.
     */
    int copyWasLive(String source, String target) {
        return jdbc.update("""
                update %2$s.insight t set was_live = s.was_live from %1$s.insight s
                where s.slug = t.slug and s.removed_at is not null and t.removed_at is not null
                  and s.was_live <> t.was_live""".formatted(checked(source), checked(target)), Map.of());
    }

    /**
     * Gives every kept counter of the target the source's time an insight last left it, where that is later (V20): the
     * replay cannot tell every time, for a publish and its removal read in one poll insert only the tombstone. Without
     * it a rebuild would set feeds' {@code <updated>} back. Rows of counters the target does not hold come with 0
     * insights, which the counts' comparison skips.
     */
    void copyLeftAt(String source, String target) {
        jdbc.update("""
                insert into %2$s.insight_count as kept (facet, value, insights, left_at)
                select facet, value, 0, left_at from %1$s.insight_count where left_at is not null
                order by facet, value
                on conflict (facet, value) do update set left_at = greatest(kept.left_at, excluded.left_at)
                """.formatted(checked(source), checked(target)), Map.of());
    }

    void drop(String schema) {
        ddl().execute("drop schema if exists %s cascade".formatted(checked(schema)));
    }

    private List<String> tables(String schema) {
        return jdbc.queryForList("select tablename from pg_tables where schemaname = :schema order by tablename",
                Map.of("schema", schema), String.class).stream().map(GenerationTables::checkedTable).toList();
    }

    private JdbcTemplate ddl() {
        return jdbc.getJdbcTemplate();
    }

    /** Names go into DDL as they are: only a generation's name is accepted. */
    static String checked(String schema) {
        if (!GENERATION.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a projection generation: " + schema);
        }
        return schema;
    }

    private static String checkedTable(String table) {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalStateException("unexpected table name in a generation: " + table);
        }
        return table;
    }
}
