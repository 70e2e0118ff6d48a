package io.zerone.insights.query.listing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.zerone.insights.query.web.SitePaths;

class ListingAddressTests {

    /** No category is live: each has its plain slug. */
    private static final CategorySlugs NONE = CategorySlugs.of(List.of());

    @Test
    void oneCategoryOrOneTagHasAPageAndAFeedOfItsOwn() {
        assertThat(ListingAddress.of("Data Engineering", null, NONE).path()).isEqualTo("/insights/categories/data-engineering");
        assertThat(ListingAddress.of("Data Engineering", null, NONE).feed())
                .isEqualTo("/insights/categories/data-engineering/feed.xml");
        assertThat(ListingAddress.tagged("postgresql").href("djE")).isEqualTo("/insights/tags/postgresql?cursor=djE");
        assertThat(ListingAddress.tagged("postgresql").feed()).isEqualTo("/insights/tags/postgresql/feed.xml");
    }

    @Test
    void aTagWithinACategoryAndATagThatIsNoSlugStayOnTheListingWithParameters() {
        assertThat(ListingAddress.of("Data Engineering", "postgresql", NONE).href("djE"))
                .isEqualTo("/insights?category=Data%20Engineering&tag=postgresql&cursor=djE");
        assertThat(ListingAddress.tagged("Not A Slug").clean()).isFalse();
        assertThat(ListingAddress.tagged("Not A Slug").feed()).isEqualTo("/insights/feed.xml");
        assertThat(ListingAddress.ALL.path()).isEqualTo("/insights");
    }

    @Test
    void aPlusOrAnAmpersandInAValueIsEncodedSoTheServerReadsTheValueBack() {
        assertThat(ListingAddress.of("C++", "postgresql", NONE).href(null))
                .isEqualTo("/insights?category=C%2B%2B&tag=postgresql");
        assertThat(ListingAddress.of("R&D", "a+b", NONE).path()).isEqualTo("/insights?category=R%26D&tag=a%2Bb");
    }

    @Test
    void categoryAddressIsLowerCaseWithoutAccentsAndOneDashPerRunOfOtherCharacters() {
        assertThat(SitePaths.categorySlug("SMB delivery")).isEqualTo("smb-delivery");
        assertThat(SitePaths.categorySlug("  Qualität & Test / QA ")).isEqualTo("qualitat-test-qa");
        assertThat(SitePaths.categorySlug("???")).isEqualTo("-");
        assertThat(SitePaths.categorySlug("日本語カテゴリ")).isEqualTo("日本語カテゴリ");
        assertThat(SitePaths.categorySlug("Données et Réseaux")).isEqualTo("donnees-et-reseaux");
        assertThat(SitePaths.categorySlug("हिन्दी लेख")).isEqualTo("हिन्दी-लेख");
        assertThat(ListingAddress.of("Straße", null, NONE).path()).isEqualTo("/insights/categories/stra%C3%9Fe");
        assertThat(ListingAddress.of("Straße", null, NONE).feed()).isEqualTo("/insights/categories/stra%C3%9Fe/feed.xml");
    }
}
