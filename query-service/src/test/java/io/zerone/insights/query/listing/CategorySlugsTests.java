package io.zerone.insights.query.listing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.zerone.insights.query.listing.InsightCounts.FacetCount;

class CategorySlugsTests {

    @Test
    void categoriesThatShareAPlainSlugEachGetAnAddressOfTheirOwnAndTheFirstByNameKeepsThePlainOne() {
        CategorySlugs slugs = CategorySlugs.of(List.of(new FacetCount("C++", 3), new FacetCount("C#", 2),
                new FacetCount("Data Engineering", 5)));

        assertThat(slugs.slug("C#")).isEqualTo("c");
        assertThat(slugs.slug("C++")).matches("c-[0-9a-f]{8}");
        assertThat(slugs.slug("Data Engineering")).isEqualTo("data-engineering");
        assertThat(slugs.name("c")).contains("C#");
        assertThat(slugs.name(slugs.slug("C++"))).contains("C++");
        assertThat(slugs.name("data-engineering")).contains("Data Engineering");
        assertThat(slugs.name("nothing")).isEmpty();
    }

    @Test
    void theDigestAddressOfACategoryThatSharesItsPlainSlugDoesNotDependOnTheOthers() {
        String alone = CategorySlugs.of(List.of(new FacetCount("C#", 1), new FacetCount("C++", 1))).slug("C++");

        assertThat(CategorySlugs.of(List.of(new FacetCount("C", 1), new FacetCount("C#", 1), new FacetCount("C++", 1)))
                .slug("C++")).isEqualTo(alone);
        assertThat(CategorySlugs.of(List.of()).slug("C++")).isEqualTo("c");
    }
}
