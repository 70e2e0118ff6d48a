package io.zerone.insights.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The clone path for read-scale figures: multiplies the insights the pipeline projected into more rows, straight in
 * query-service's tables, with new slugs and publication dates spread over 2018 to 2026. Only the read path sees
 * the result (the topics do not hold the clones, so a rebuild would not bring them back). Secondary indexes are
 * dropped first and built again at the end, as a bulk load would; the generated search columns compute as usual.
 */
final class ProjectionClone {

    // a clone's slug is "zz<round>-" and its source's slug; generated titles never start with "zz"
    private static final String SOURCE = "slug !~ '^zz[0-9]+-'";
    // the same date for a clone in both tables, from its slug alone
    private static final String DATE = "(timestamptz '2018-01-01 08:00Z' + (abs(hashtext(%s)) %% 3226) * interval '1 day'"
            + " + (abs(hashtext(%s || 'h')) %% 36000) * interval '1 second')";

    private ProjectionClone() {
    }

    static void cloneTo(Connection db, long target, long have) throws SQLException {
        try (Statement sql = db.createStatement()) {
            sql.execute("set maintenance_work_mem = '512MB'");
            // with projection generations, public.insight is a view of the active generation's table: work on the table
            String schema = activeSchema(sql);
            sql.execute("set search_path = " + schema + ", public");
            long sources = single(sql, "select count(*) from insight where removed_at is null and " + SOURCE);
            List<String> indexes = strings(sql, "select indexdef from pg_indexes where schemaname = '" + schema + "'"
                    + " and tablename in ('insight', 'insight_search')"
                    + " and indexname not in (select conname from pg_constraint)");
            for (String index : strings(sql, "select indexname from pg_indexes where schemaname = '" + schema + "'"
                    + " and tablename in ('insight', 'insight_search')"
                    + " and indexname not in (select conname from pg_constraint)")) {
                sql.execute("drop index " + index);
            }
            String insight = columns(sql, schema, "insight");
            String search = columns(sql, schema, "insight_search");
            long started = System.nanoTime();
            for (int round = 1; have < target; round++) {
                long rows = Math.min(sources, target - have);
                String slug = "'zz" + round + "-' || src.slug";
                sql.executeUpdate("insert into insight (" + insight + ") select "
                        + insight.replaceFirst("^slug", slug).replace("published_at", DATE.formatted(slug, slug))
                        + " from insight src where removed_at is null and " + SOURCE + " order by slug limit " + rows);
                sql.executeUpdate("insert into insight_search (" + search + ") select "
                        + search.replaceFirst("^slug", slug).replace("published_at", DATE.formatted(slug, slug))
                        + " from insight_search src where " + SOURCE + " order by slug limit " + rows);
                have += rows;
                System.err.printf("  cloned to %,d insights in %.0f s%n", have, (System.nanoTime() - started) / 1e9);
            }
            for (String index : indexes) {
                long at = System.nanoTime();
                sql.execute(index);
                System.err.printf("  %s built in %.0f s%n", index.replaceAll(" ON .*", ""), (System.nanoTime() - at) / 1e9);
            }
            sql.execute("vacuum analyze insight");
            sql.execute("vacuum analyze insight_search");
        }
    }

    /** The table's stored columns, slug first, in one list; generated columns compute themselves. */
    private static String columns(Statement sql, String schema, String table) throws SQLException {
        List<String> columns = strings(sql, "select column_name from information_schema.columns where table_schema ="
                + " '" + schema + "' and table_name = '" + table + "' and is_generated = 'NEVER' order by column_name <> 'slug',"
                + " ordinal_position");
        return String.join(", ", columns);
    }

    /** The schema of the projection's tables: the active generation's where query-service has generations. */
    static String activeSchema(Statement sql) throws SQLException {
        List<String> generations = strings(sql, "select 1 from information_schema.tables"
                + " where table_schema = 'public' and table_name = 'projection_generation'");
        if (generations.isEmpty()) {
            return "public";
        }
        List<String> active = strings(sql, "select schema_name from projection_generation where state = 'active'");
        return active.isEmpty() ? "public" : active.get(0);
    }

    private static long single(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> strings(Statement sql, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
