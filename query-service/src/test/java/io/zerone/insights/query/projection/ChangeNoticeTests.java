package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;

class ChangeNoticeTests {

    @Test
    void namesTheChangedSlugsSeparatedBySingleSpaces() {
        assertThat(ChangeNotice.payloads(List.of("a-slug", "another"))).containsExactly("a-slug another");
    }

    @Test
    void cutsNamesPastOneNotificationIntoSeveralThatEachNameSlugs() {
        List<String> slugs = IntStream.range(0, 1_000).mapToObj(i -> "an-insight-" + i).toList();

        List<String> payloads = ChangeNotice.payloads(slugs);

        assertThat(String.join(" ", slugs).getBytes(StandardCharsets.UTF_8).length).isGreaterThan(7_900);
        assertThat(payloads).hasSizeGreaterThan(1).allSatisfy(payload -> assertThat(payload.getBytes(
                StandardCharsets.UTF_8).length).isLessThanOrEqualTo(7_900));
        // full payloads: each but the last is cut where the next name would not fit
        assertThat(payloads.subList(0, payloads.size() - 1)).allSatisfy(payload -> assertThat(payload.getBytes(
                StandardCharsets.UTF_8).length).isGreaterThan(7_900 - " an-insight-999".length()));
        assertThat(payloads.stream().flatMap(payload -> Arrays.stream(payload.split(" ")))).containsExactlyElementsOf(
                slugs);
    }

    @Test
    void aTagOrCaseThatStartsAPayloadComesWithASlugNamedAgain() {
        // ten insights of twenty long tags each: their names need two payloads, and one naming no slug would read
        // as everything
        Seed template = Seed.bySlug("expression-index-ignored-coalesce");
        List<String> slugs = IntStream.range(0, 10).mapToObj(i -> "s" + i).toList();
        List<InsightRendered> published = slugs.stream().map(slug -> RenderedEvents.rendered(new Seed(slug,
                template.title(), template.summary(), template.category(), template.publishedAt(),
                template.readingMinutes(), null, IntStream.range(0, 20).mapToObj(i -> "t".repeat(50) + slug + i)
                        .toList(), template.body(), template.language()))).toList();
        List<String> manyTags = published.stream().flatMap(event -> event.insight().tags().stream())
                .map(tag -> "tag:" + tag).toList();

        List<String> payloads = ChangeNotice.payloads(slugs, published);

        assertThat(payloads).hasSizeGreaterThan(1);
        assertThat(payloads.get(0)).startsWith(String.join(" ", slugs) + " tag:");
        assertThat(payloads.subList(1, payloads.size())).allSatisfy(payload -> assertThat(payload).startsWith("s0 tag:"));
        assertThat(payloads.stream().flatMap(payload -> Arrays.stream(payload.split(" ")))
                .filter(token -> token.startsWith("tag:"))).containsExactlyInAnyOrderElementsOf(manyTags);
    }

    @Test
    void fillsUpTo7900BytesAndSaysEverythingForANameNoPayloadHolds() {
        String slug = "x".repeat(7_900);

        assertThat(ChangeNotice.payloads(List.of(slug))).containsExactly(slug);
        assertThat(ChangeNotice.payloads(List.of(slug + "x"))).containsExactly("*");
    }

    @Test
    void saysEverythingWhenNoSlugChanged() {
        assertThat(ChangeNotice.payloads(List.of())).containsExactly("*");
    }

    @Test
    void namesTheTagsAndCaseOfEveryPublishedInsightOnceAfterTheSlugs() {
        var first = RenderedEvents.rendered(Seed.bySlug("expression-index-ignored-coalesce"));
        var second = RenderedEvents.rendered(Seed.bySlug("update-with-subquery-and-limit"));

        List<String> payloads = ChangeNotice.payloads(List.of(first.slug(), second.slug(), "unpublished-one"),
                List.of(first, second));

        assertThat(payloads).containsExactly("expression-index-ignored-coalesce update-with-subquery-and-limit "
                + "unpublished-one case:01 tag:batch tag:indexing tag:performance tag:postgresql");
    }
}
