package io.zerone.insights.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Looks at and resets query-service's projections, for run.sh:
 * <ul>
 * <li>{@code count}: live insights in the read model;</li>
 * <li>{@code wait --count=N}: waits until the read model holds N live insights, prints the seconds it took;</li>
 * <li>{@code reset}: with query-service stopped, drops its schemas (public and any projection_&lt;n&gt; generation;
 * Flyway recreates them on start) and deletes its consumer group, so that the next start replays insight-rendered
 * from the beginning;</li>
 * <li>{@code idle}: waits until no query of another session runs in the database;</li>
 * <li>{@code clone --count=N}: the clone path, see {@link ProjectionClone};</li>
 * <li>{@code paths --dir=D}: writes the URL lists the uncached wrk runs draw from (slugs sampled from the store).</li>
 * </ul>
 */
public final class Projections {

    private final Args args;

    private Projections(Args args) {
        this.args = args;
    }

    public static void main(String[] arguments) throws Exception {
        String command = arguments.length == 0 ? "count" : arguments[0];
        Projections projections = new Projections(new Args(List.of(arguments).subList(Math.min(1, arguments.length),
                arguments.length).toArray(String[]::new)));
        switch (command) {
            case "count" -> System.out.println(projections.count());
            case "wait" -> projections.await();
            case "reset" -> projections.reset();
            case "paths" -> projections.paths();
            case "clone" -> projections.cloneTo();
            case "idle" -> projections.awaitIdle();
            default -> throw new IllegalArgumentException("unknown command " + command);
        }
    }

    private Connection connect() throws SQLException {
        String url = "jdbc:postgresql://" + args.text("pg-host", env("POSTGRES_HOST", "localhost")) + ":"
                + args.text("pg-port", env("POSTGRES_PORT", "15432")) + "/" + env("POSTGRES_DB", "insights");
        return DriverManager.getConnection(url, env("POSTGRES_USER", "insights"), env("POSTGRES_PASSWORD", "insights"));
    }

    private long count() throws SQLException {
        try (Connection db = connect(); Statement statement = db.createStatement();
                // the kept counter, written in the projector's transaction: one indexed read, where count(*) over a
                // million rows polled every 2 s took a share of the two cores the load is measured on
                ResultSet rows = statement.executeQuery(
                        "select insights from insight_count where facet = 'total' and value = 'insights'")) {
            return rows.next() ? rows.getLong(1) : 0;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // no schema yet: query-service has not migrated
            }
            throw e;
        }
    }

    private void await() throws Exception {
        long expected = args.number("count", 0);
        long timeout = TimeUnit.SECONDS.toNanos(args.number("timeout-s", 3600));
        long started = System.nanoTime();
        long lastReport = started;
        long count = 0;
        while ((count = count()) < expected) {
            long now = System.nanoTime();
            if (now - started > timeout) {
                System.err.printf("gave up after %.0f s with %,d of %,d insights projected%n", (now - started) / 1e9,
                        count, expected);
                System.exit(1);
            }
            if (now - lastReport > TimeUnit.SECONDS.toNanos(30)) {
                System.err.printf("  %,d of %,d projected after %.0f s; lag %s%n", count, expected,
                        (now - started) / 1e9, lag());
                lastReport = now;
            }
            Thread.sleep(expected > 100_000 ? 2000 : 250);
        }
        Figures.print(args.text("label", "projected") + "_s", (System.nanoTime() - started) / 1e9);
    }

    /** Records each consumer group has yet to read: where a backlog waits, render-service or the projector. */
    private String lag() {
        try (Admin admin = admin()) {
            StringBuilder lag = new StringBuilder();
            for (String group : List.of("render-service", "query-projector")) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                long behind = 0;
                for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                    OffsetAndMetadata at = committed.get(end.getKey());
                    behind += end.getValue().offset() - (at == null ? 0 : at.offset());
                }
                lag.append(lag.isEmpty() ? "" : ", ").append(group).append(' ').append(behind);
            }
            return lag.toString();
        } catch (Exception e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args.text("bootstrap", "localhost:9092")));
    }

    private void awaitIdle() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(args.number("timeout-s", 300));
        try (Connection db = connect(); Statement statement = db.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = statement.executeQuery("select count(*) from pg_stat_activity where state = 'active'"
                        + " and datname = current_database() and pid <> pg_backend_pid()")) {
                    rows.next();
                    if (rows.getLong(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(500);
            }
        }
        System.err.println("the database was still busy; measuring anyway");
    }

    private void cloneTo() throws SQLException {
        long target = args.number("count", 0);
        long started = System.nanoTime();
        try (Connection db = connect()) {
            ProjectionClone.cloneTo(db, target, count());
        }
        Figures.print("clone_s", (System.nanoTime() - started) / 1e9);
    }

    private void reset() throws Exception {
        try (Connection db = connect(); Statement statement = db.createStatement()) {
            // with projection generations the tables live in projection_<n> schemas, which Flyway creates again
            List<String> schemas = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "select nspname from pg_namespace where nspname ~ '^projection_[0-9]+$'")) {
                while (rows.next()) {
                    schemas.add(rows.getString(1));
                }
            }
            for (String schema : schemas) {
                statement.execute("drop schema " + schema + " cascade");
            }
            statement.execute("drop schema public cascade");
            statement.execute("create schema public");
        }
        try (Admin admin = admin()) {
            String group = args.text("group", "query-projector");
            if (admin.listGroups().all().get().stream().anyMatch(g -> g.groupId().equals(group))) {
                admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private void paths() throws SQLException, IOException {
        Path dir = Path.of(args.text("dir", "."));
        int sample = args.integer("sample", 20_000);
        List<String> slugs = new ArrayList<>();
        // a random spread of the whole store; bernoulli reads every page but only once
        double percent = Math.min(100, sample * 200.0 / Math.max(1, count()));
        try (Connection db = connect(); Statement statement = db.createStatement()) {
            // tablesample needs the table: with projection generations, public.insight is a view of the active one's
            try (ResultSet rows = statement.executeQuery(String.format(java.util.Locale.ROOT,
                    "select slug from %s.insight tablesample bernoulli (%.4f) where removed_at is null limit %d",
                    ProjectionClone.activeSchema(statement), percent, sample))) {
                while (rows.next()) {
                    slugs.add(rows.getString(1));
                }
            }
        }
        java.util.Collections.shuffle(slugs, new java.util.Random(7));
        if (slugs.isEmpty()) {
            throw new IllegalStateException("no insights in the store");
        }
        Files.writeString(dir.resolve("first-slug.txt"), slugs.get(0));
        write(dir.resolve("article.paths"), slugs.stream().map(slug -> "/insights/" + slug).toList());
        write(dir.resolve("json.paths"), slugs.stream().map(slug -> "/api/insights/" + slug).toList());

        SplittableRandom random = new SplittableRandom(42);
        List<String> listings = new ArrayList<>();
        List<String> apiListings = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> htmlSearches = new ArrayList<>();
        long days = LocalDate.ofInstant(Generator.LAST, ZoneOffset.UTC).toEpochDay()
                - LocalDate.ofInstant(Generator.FIRST, ZoneOffset.UTC).toEpochDay();
        for (int i = 0; i < sample; i++) {
            // a page of the listing before a date, within a category or a tag: what "older" links and filters ask
            String to = LocalDate.ofInstant(Generator.FIRST, ZoneOffset.UTC).plusDays(30 + random.nextLong(days - 30))
                    .toString();
            String filter = switch (random.nextInt(3)) {
                case 0 -> "category=" + Generator.pick(random, Vocabulary.CATEGORIES);
                case 1 -> "tag=" + Generator.pick(random, Vocabulary.TAGS);
                default -> "";
            };
            apiListings.add("/api/insights?to=" + to + (filter.isEmpty() ? "" : "&" + filter));
            // the site's listing pages by category and cursor: "older" pages from a random point in time
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("v1\n" + to + "T12:00:00Z\nzzzz").getBytes(StandardCharsets.UTF_8));
            // a category's own page (its address: the one-word names of the vocabulary in lower case)
            listings.add((random.nextInt(3) == 0
                    ? "/insights/categories/" + Generator.pick(random, Vocabulary.CATEGORIES).toLowerCase(Locale.ROOT)
                    : "/insights") + "?cursor=" + cursor);
            String q = URLEncoder.encode(Generator.query(random), StandardCharsets.UTF_8);
            searches.add("/api/search?q=" + q);
            htmlSearches.add("/insights/search?q=" + q);
        }
        write(dir.resolve("listing.paths"), listings);
        write(dir.resolve("api-listing.paths"), apiListings);
        write(dir.resolve("search.paths"), searches);
        write(dir.resolve("html-search.paths"), htmlSearches);
        System.err.printf("wrote URL lists from %,d sampled slugs to %s%n", slugs.size(), dir);
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines);
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
