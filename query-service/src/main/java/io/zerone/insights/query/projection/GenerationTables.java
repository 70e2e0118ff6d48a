package io.zerone.insights.query.projection;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The tables of a generation schema, for the rebuild: copied from the active generation, loaded without their
 * secondary indexes (each GIN index costs more per row than the row itself), then indexed, analysed, counted and
 * finally dropped when retired.
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

    /**
     * The counts of the schema without the rows of the given slugs, and the kept counters without what those rows
     * count in them (the facets as projection_insight_changed() counts a live row, V3; were one missing here, a
     * rebuild that leaves out a live insight would fail on the counters, not switch wrongly).
     */
    Counts counts(String schema, Set<String> leftOut) {
        return jdbc.queryForObject("""
                select (select count(*) from %1$s.insight where slug <> all(:leftOut::text[])),
                       (select count(*) from %1$s.insight where removed_at is null and slug <> all(:leftOut::text[])),
                       (select count(*) from %1$s.insight_search where slug <> all(:leftOut::text[])),
                       (select md5(coalesce(string_agg(facet || '=' || value || '=' || insights, ','
                                                       order by facet, value), ''))
                        from (select c.facet, c.value, c.insights - coalesce(l.insights, 0) as insights
                              from %1$s.insight_count c
                              left join (select facet, value, count(*) as insights
                                         from %1$s.insight
                                         cross join lateral (
                                             values ('total', 'insights'), ('category', category), ('case', case_ref),
                                                    ('year', to_char(published_at at time zone 'UTC', 'YYYY'))
                                             union
                                             select 'tag', tag from unnest(tags) tag) counter (facet, value)
                                         where slug = any(:leftOut::text[]) and removed_at is null
                                           and value is not null
                                         group by facet, value) l using (facet, value)) kept
                        where insights <> 0),
                       (select count(*) from %1$s.scheduled_insight where slug <> all(:leftOut::text[]))"""
                        .formatted(checked(schema)),
                Map.of("leftOut", ProjectionStatements.array("text", leftOut.toArray(String[]::new))),
                (row, n) -> new Counts(row.getLong(1), row.getLong(2), row.getLong(3), row.getString(4),
                        row.getLong(5)));
    }

    /** The slugs whose row in the schema, applied or scheduled, is one of these rejected revisions. */
    Set<String> slugsAtRevisions(String schema, Collection<RebuildReplay.Rejected> rejected) {
        if (rejected.isEmpty()) {
            return Set.of();
        }
        var params = new MapSqlParameterSource()
                .addValue("slugs", ProjectionStatements.array("text",
                        rejected.stream().map(RebuildReplay.Rejected::slug).toArray(String[]::new)))
                .addValue("partitions", ProjectionStatements.array("integer",
                        rejected.stream().map(r -> r.revision().partition()).toArray(Integer[]::new)))
                .addValue("offsets", ProjectionStatements.array("bigint",
                        rejected.stream().map(r -> r.revision().offset()).toArray(Long[]::new)));
        return Set.copyOf(jdbc.queryForList("""
                with rejected (slug, revision_partition, revision_offset) as (
                    select * from unnest(:slugs::text[], :partitions::integer[], :offsets::bigint[]))
                select slug from %1$s.insight join rejected using (slug, revision_partition, revision_offset)
                union
                select slug from %1$s.scheduled_insight
                join rejected using (slug, revision_partition, revision_offset)"""
                .formatted(checked(schema)), params, String.class));
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
