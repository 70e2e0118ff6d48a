package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;

class ChangeNoticeTests {

    @Test
    void namesTheChangedSlugsSeparatedBySingleSpaces() {
        assertThat(ChangeNotice.payload(List.of("a-slug", "another"))).isEqualTo("a-slug another");
    }

    @Test
    void saysEverythingWhenTheSlugsWouldNotFitANotification() {
        List<String> slugs = IntStream.range(0, 1_000).mapToObj(i -> "an-insight-" + i).toList();

        assertThat(String.join(" ", slugs).getBytes(StandardCharsets.UTF_8).length).isGreaterThan(7_900);
        assertThat(ChangeNotice.payload(slugs)).isEqualTo("*");
    }

    @Test
    void fillsUpTo7900Bytes() {
        String slug = "x".repeat(7_900);

        assertThat(ChangeNotice.payload(List.of(slug))).isEqualTo(slug);
        assertThat(ChangeNotice.payload(List.of(slug + "x"))).isEqualTo("*");
    }

    @Test
    void namesTheTagsAndCaseOfEveryPublishedInsightOnceAfterTheSlugs() {
        var first = RenderedEvents.rendered(Seed.bySlug("expression-index-ignored-coalesce"));
        var second = RenderedEvents.rendered(Seed.bySlug("update-with-subquery-and-limit"));

        String payload = ChangeNotice.payload(List.of(first.slug(), second.slug(), "unpublished-one"),
                List.of(first, second));

        assertThat(payload).isEqualTo("expression-index-ignored-coalesce update-with-subquery-and-limit unpublished-one"
                + " case:01 tag:batch tag:indexing tag:performance tag:postgresql");
    }
}
