package io.zerone.insights.query.article;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.zerone.insights.query.article.StoredArticles.Stored;
import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.web.Pages;
import io.zerone.insights.query.web.Precompressed;
import io.zerone.insights.query.web.SitePaths;
import reactor.core.publisher.Mono;

/**
 * The related insights of an article, and its page with them: same case first, then most shared tags, then newest,
 * up to {@value #SHOWN}, chosen among the newest {@value #CANDIDATES_PER_TOPIC} live insights of its case and of each
 * of its tags, so that a page costs the same whatever the size of a tag (an index range each). Only the insight table
 * is read, which holds live revisions only: an unpublished or a scheduled insight is never a candidate. The page is
 * composed when it is cached and dropped by every change that may alter its choice (docs/adr/0025).
 */
@Component
class RelatedInsights {

    static final int SHOWN = 3;
    static final int CANDIDATES_PER_TOPIC = 20;

    /** A page with related insights, ready to send, and what they were chosen from; page null for a 410. */
    record Article(Precompressed page, Set<String> candidates, Set<String> tags, String caseRef)
            implements CacheKey.Related {

        boolean removed() {
            return page == null;
        }
    }

    /**
     * Every candidate with its rank; title, category and date for the first {@value #SHOWN} only. The candidate
     * lists use insight_case_listing_idx and insight_tag_listing_idx and stop after their limit; {@code offset 0}
     * keeps the planner from flattening the lookup of the first three into a join over the whole insight table.
     */
    static final String CANDIDATES = """
            with candidate as (
                (select slug, published_at, 1 as same_case, 0 as shared from insight
                 where case_ref = :caseRef and removed_at is null and slug <> :slug
                 order by published_at desc, slug desc limit :perTopic)
                union all
                select t.slug, t.published_at, 0, 1
                from unnest(cast(:tags as text[])) as wanted (tag)
                cross join lateral (select slug, published_at from insight_tag
                                    where tag = wanted.tag and slug <> :slug
                                    order by published_at desc, slug desc limit :perTopic) t
            ), ranked as (
                select slug, row_number() over (order by max(same_case) desc, sum(shared) desc,
                                                         max(published_at) desc, slug desc) as rank
                from candidate group by slug
            )
            select r.slug, r.rank, i.title, i.category, i.published_at, i.language
            from ranked r
            left join lateral (select title, category, published_at, language from insight
                               where slug = r.slug and removed_at is null and r.rank <= :shown offset 0) i on true
            order by r.rank""";

    private final DatabaseClient database;
    private final Pages pages;

    RelatedInsights(DatabaseClient database, Pages pages) {
        this.database = database;
        this.pages = pages;
    }

    private record Candidate(String slug, long rank, String title, String category, Instant publishedAt,
            String language) {
    }

    /** The stored page with its tags and related insights below the article; as stored when it has neither. */
    Mono<Article> page(String slug, Stored stored) {
        if (stored.removed()) {
            return Mono.just(new Article(null, Set.of(), Set.of(), null));
        }
        var spec = database.sql(CANDIDATES).bind("slug", slug).bind("tags", stored.tags().toArray(String[]::new))
                .bind("perTopic", CANDIDATES_PER_TOPIC).bind("shown", SHOWN);
        spec = stored.caseRef() == null ? spec.bindNull("caseRef", String.class) : spec.bind("caseRef", stored.caseRef());
        return spec.map(row -> new Candidate(row.get("slug", String.class), row.get("rank", Long.class),
                        row.get("title", String.class), row.get("category", String.class),
                        row.get("published_at", Instant.class), row.get("language", String.class)))
                .all().collectList()
                .map(candidates -> compose(stored, candidates));
    }

    private Article compose(Stored stored, List<Candidate> candidates) {
        Set<String> chosenFrom = candidates.stream().map(Candidate::slug).collect(Collectors.toUnmodifiableSet());
        Set<String> tags = Set.copyOf(stored.tags());
        List<RelatedView.Link> related = candidates.stream()
                .filter(c -> c.rank() <= SHOWN && c.title() != null)
                .map(c -> new RelatedView.Link("/insights/" + c.slug(), c.title(), c.category(),
                        c.publishedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString(),
                        Objects.requireNonNullElse(c.language(), "en")))
                .toList();
        List<RelatedView.TagLink> tagLinks = stored.tags().stream().filter(SitePaths::hasTagPage)
                .map(tag -> new RelatedView.TagLink(tag, SitePaths.tag(tag))).toList();
        int end = stored.html().lastIndexOf("</main>");
        if ((related.isEmpty() && tagLinks.isEmpty()) || end < 0) {
            return new Article(stored.page(), chosenFrom, tags, stored.caseRef());
        }
        // a line of its own before </main>, so that cutting the aside out gives the stored page back
        String block = pages.fragment("related.jte", new RelatedView(tagLinks, related,
                Objects.requireNonNullElse(stored.language(), "en"))).strip() + "\n";
        String html = stored.html().substring(0, end) + block + stored.html().substring(end);
        return new Article(Precompressed.compress(html), chosenFrom, tags, stored.caseRef());
    }
}
