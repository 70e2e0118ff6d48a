package io.zerone.insights.query.projection;

import java.sql.Types;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.cases.CaseEvent;
import io.zerone.insights.events.cases.CaseRemoved;
import io.zerone.insights.events.cases.CaseRendered;
import io.zerone.insights.events.cases.CaseRenderedEvent;
import io.zerone.insights.layout.CaseLinks;
import io.zerone.insights.query.projection.ProjectionStatements.StoredPage;

/**
 * Applies a rendered case to the read model in one transaction: the case's row (a newer revision only, so a second
 * copy or a late older one changes nothing), the count of published cases, and the stored pages and cards of the
 * case's insights, linked to the case while it is published and plain text otherwise, in every generation that is
 * written to; then one notification drops what that changed from every replica's cache
 * (docs/adr/0024-cases-and-case-links.md). An unpublish of a case that is not published stores only its tombstone,
 * which answers 404 if the case was never published.
 */
@Component
public class CaseProjector {

    private static final Pattern GENERATION = Pattern.compile("^projection_[0-9]+$");

    private static final String CURRENT = """
            select revision_offset, removed_at is null as live from public.cases where number = :number for update""";

    private static final String UPSERT = """
            insert into public.cases as stored (number, revision_partition, revision_offset, source_event_id,
                                                applied_at, removed_at, removal_reason, slug, title, summary,
                                                published_at, revised_at, case_html, content_hash, was_published)
            values (:number, :partition, :offset, :sourceEventId, now(), :removedAt, :reason, :slug, :title, :summary,
                    :publishedAt, :revisedAt, :caseHtml, :contentHash, :published)
            on conflict (number) do update set
                revision_partition = excluded.revision_partition, revision_offset = excluded.revision_offset,
                source_event_id = excluded.source_event_id, applied_at = excluded.applied_at,
                removed_at = excluded.removed_at, removal_reason = excluded.removal_reason, slug = excluded.slug,
                title = excluded.title, summary = excluded.summary, published_at = excluded.published_at,
                revised_at = excluded.revised_at, case_html = excluded.case_html, content_hash = excluded.content_hash,
                was_published = stored.was_published or excluded.was_published
            where stored.revision_offset < excluded.revision_offset""";

    /** Generations a rebuild is filling, once their insight table exists (one left behind may have none). */
    private static final String BUILDING = """
            select g.schema_name from projection_generation g
            join pg_tables t on t.schemaname = g.schema_name and t.tablename = 'insight'
            where g.state = 'building' order by g.schema_name""";

    private static final String COUNT = "update public.case_count set published = published + :change";

    /**
     * How many of a case's insights are read and resolved at once: the pages of a case of fifty thousand insights, a
     * few hundred kilobytes each, would not fit in the heap together.
     */
    static final int RESOLVE_CHUNK = 100;

    /** The case's live insights a chunk at a time, in the order of insight_case_listing_idx, which serves it. */
    private static final String INSIGHTS_OF_CASE = """
            select slug, revision_offset, published_at, page_html, card_html
            from %s.insight where case_ref = :number and removed_at is null %s
            order by published_at desc, slug desc limit %d""";

    private static final String AFTER = "and (published_at, slug) < (:afterPublishedAt, :afterSlug)";

    /**
     * Only rows still at the revision that was read: a batch of insights that stored a newer one meanwhile (an insight
     * moved to another case) resolved it itself, and must not get the older page back.
     */
    private static final String RESOLVE = """
            update %s.insight i set page_html = u.page_html, card_html = u.card_html, content_hash = u.content_hash,
                                    page_gzip = u.page_gzip, page_br = u.page_br
            from unnest(:slugs::text[], :offsets::bigint[], :pages::text[], :cards::text[], :hashes::text[],
                        :gzip::bytea[], :br::bytea[])
                 as u (slug, revision_offset, page_html, card_html, content_hash, page_gzip, page_br)
            where i.slug = u.slug and i.revision_offset = u.revision_offset""";

    private final ProjectorDatabase database;
    private final NamedParameterJdbcTemplate jdbc;
    private final Generations generations;
    private final CaseReferences cases;
    private final ProjectionStatements statements;

    CaseProjector(ProjectorDatabase database, Generations generations, CaseReferences cases,
            ProjectionStatements statements) {
        this.database = database;
        this.jdbc = database.jdbc();
        this.generations = generations;
        this.cases = cases;
        this.statements = statements;
    }

    /**
     * @return the slugs of the insights whose stored page or card changed, empty also when the event was not newer
     * @throws MalformedEventException when the event names no case number
     */
    public List<String> apply(CaseRenderedEvent event) {
        if (!CaseEvent.isNumber(event.number())) {
            throw new MalformedEventException("not a case number: " + event.number());
        }
        return database.transaction().execute(status -> {
            // the offset is committed to Kafka once this returns, not with the rows (as the projector's are): a commit
            // PostgreSQL acknowledged but lost in a crash (the dev stack's and the fault run's run with
            // synchronous_commit=off, and then a commit's WAL may still be in memory for ~200 ms) would lose the
            // case change for good. This transaction waits until its WAL is flushed, whatever the server says.
            jdbc.getJdbcTemplate().execute("set local synchronous_commit = on");
            String active = generations.activeForShare();
            cases.lockForChange(event.number());
            var current = jdbc.queryForList(CURRENT, Map.of("number", event.number()));
            if (!current.isEmpty() && (Long) current.get(0).get("revision_offset") >= event.revision().offset()) {
                return List.<String>of();
            }
            boolean wasLive = !current.isEmpty() && (Boolean) current.get(0).get("live");
            jdbc.update(UPSERT, row(event));
            if (event instanceof CaseRemoved && !wasLive) {
                // an unpublish of a number never published, or published no longer: its tombstone keeps the order
                // of its revisions, and nothing anyone sees changes (no counter, no link, nothing cached to drop)
                return List.<String>of();
            }
            int change = (event instanceof CaseRendered ? 1 : 0) - (wasLive ? 1 : 0);
            if (change != 0) {
                jdbc.update(COUNT, Map.of("change", change));
            }
            Map<String, String> published = cases.published(event.number());
            List<String> changed = resolve(active, event.number(), published);
            for (String building : jdbc.queryForList(BUILDING, Map.of(), String.class)) {
                resolve(building, event.number(), published);
            }
            // the case's pages, the case list and the counter are responses of many insights: any notice drops them
            statements.notifyChange(ChangeNotice.payloads(changed));
            return changed;
        });
    }

    /** Resolves the stored pages and cards of the case's live insights in the generation; returns what changed. */
    private List<String> resolve(String generation, String number, Map<String, String> published) {
        if (!GENERATION.matcher(generation).matches()) {
            throw new IllegalStateException("not a projection generation: " + generation);
        }
        List<String> changed = new ArrayList<>();
        var after = new MapSqlParameterSource("number", number);
        while (true) {
            List<String> slugs = new ArrayList<>();
            List<Long> offsets = new ArrayList<>();
            List<StoredPage> pages = new ArrayList<>();
            int[] read = {0};
            String query = INSIGHTS_OF_CASE.formatted(generation, after.hasValue("afterSlug") ? AFTER : "",
                    RESOLVE_CHUNK);
            jdbc.query(query, after, row -> {
                read[0]++;
                after.addValue("afterPublishedAt", row.getObject("published_at", OffsetDateTime.class))
                        .addValue("afterSlug", row.getString("slug"));
                String page = row.getString("page_html");
                String resolved = CaseLinks.resolve(page, published);
                if (!resolved.equals(page)) {
                    slugs.add(row.getString("slug"));
                    offsets.add(row.getLong("revision_offset"));
                    pages.add(StoredPage.resolved(resolved, CaseLinks.resolve(row.getString("card_html"), published)));
                }
            });
            store(generation, slugs, offsets, pages);
            changed.addAll(slugs);
            if (read[0] < RESOLVE_CHUNK) {
                return changed;
            }
        }
    }

    private void store(String generation, List<String> slugs, List<Long> offsets, List<StoredPage> pages) {
        if (slugs.isEmpty()) {
            return;
        }
        jdbc.update(RESOLVE.formatted(generation), new MapSqlParameterSource()
                .addValue("slugs", ProjectionStatements.array("text", slugs.toArray(String[]::new)))
                .addValue("offsets", ProjectionStatements.array("bigint", offsets.toArray(Long[]::new)))
                .addValue("pages", ProjectionStatements.array("text",
                        pages.stream().map(StoredPage::pageHtml).toArray(String[]::new)))
                .addValue("cards", ProjectionStatements.array("text",
                        pages.stream().map(StoredPage::cardHtml).toArray(String[]::new)))
                .addValue("hashes", ProjectionStatements.array("text",
                        pages.stream().map(StoredPage::contentHash).toArray(String[]::new)))
                .addValue("gzip", ProjectionStatements.array("bytea",
                        pages.stream().map(p -> p.compressed().gzip()).toArray(byte[][]::new)))
                .addValue("br", ProjectionStatements.array("bytea",
                        pages.stream().map(p -> p.compressed().brotli()).toArray(byte[][]::new))));
    }

    private static MapSqlParameterSource row(CaseRenderedEvent event) {
        var row = new MapSqlParameterSource()
                .addValue("number", event.number())
                .addValue("partition", event.revision().partition())
                .addValue("offset", event.revision().offset())
                .addValue("sourceEventId", event.sourceEventId())
                .addValue("removedAt", null, Types.TIMESTAMP_WITH_TIMEZONE)
                .addValue("reason", null, Types.VARCHAR)
                .addValue("published", event instanceof CaseRendered);
        if (event instanceof CaseRendered rendered) {
            return row.addValue("slug", rendered.slug())
                    .addValue("title", rendered.title())
                    .addValue("summary", rendered.summary())
                    .addValue("publishedAt", timestamp(rendered.publishedAt()))
                    .addValue("revisedAt", timestamp(rendered.revisedAt()))
                    .addValue("caseHtml", rendered.caseHtml())
                    .addValue("contentHash", rendered.contentHash());
        }
        CaseRemoved removed = (CaseRemoved) event;
        return row.addValue("removedAt", timestamp(removed.occurredAt()))
                .addValue("reason", removed.reason(), Types.VARCHAR)
                .addValue("slug", null, Types.VARCHAR)
                .addValue("title", null, Types.VARCHAR)
                .addValue("summary", null, Types.VARCHAR)
                .addValue("publishedAt", null, Types.TIMESTAMP_WITH_TIMEZONE)
                .addValue("revisedAt", null, Types.TIMESTAMP_WITH_TIMEZONE)
                .addValue("caseHtml", null, Types.VARCHAR)
                .addValue("contentHash", null, Types.VARCHAR);
    }

    /**
     * @throws IllegalArgumentException for an instant of the last year an Instant holds (1,000,000,000), which no
     *         OffsetDateTime does: the case's data, not the database being away, so it goes to the dead-letter topic
     */
    private static OffsetDateTime timestamp(Instant instant) {
        try {
            return instant.atOffset(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("the time " + instant + " is past every date", e);
        }
    }
}
