package io.zerone.insights.query.listing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListingAddressTests {

    @Test
    void oneCategoryOrOneTagHasAPageAndAFeedOfItsOwn() {
        assertThat(new ListingAddress("Data Engineering", null).path()).isEqualTo("/insights/categories/data-engineering");
        assertThat(new ListingAddress("Data Engineering", null).feed())
                .isEqualTo("/insights/categories/data-engineering/feed.xml");
        assertThat(new ListingAddress(null, "postgresql").href("djE")).isEqualTo("/insights/tags/postgresql?cursor=djE");
        assertThat(new ListingAddress(null, "postgresql").feed()).isEqualTo("/insights/tags/postgresql/feed.xml");
    }

    @Test
    void aTagWithinACategoryAndATagThatIsNoSlugStayOnTheListingWithParameters() {
        assertThat(new ListingAddress("Data Engineering", "postgresql").href("djE"))
                .isEqualTo("/insights?category=Data%20Engineering&tag=postgresql&cursor=djE");
        assertThat(new ListingAddress(null, "Not A Slug").clean()).isFalse();
        assertThat(new ListingAddress(null, "Not A Slug").feed()).isEqualTo("/insights/feed.xml");
        assertThat(ListingAddress.ALL.path()).isEqualTo("/insights");
    }

    @Test
    void aPlusOrAnAmpersandInAValueIsEncodedSoTheServerReadsTheValueBack() {
        assertThat(new ListingAddress("C++", "postgresql").href(null))
                .isEqualTo("/insights?category=C%2B%2B&tag=postgresql");
        assertThat(new ListingAddress("R&D", "a+b").path()).isEqualTo("/insights?category=R%26D&tag=a%2Bb");
    }

    @Test
    void categoryAddressIsLowerCaseWithoutAccentsAndOneDashPerRunOfOtherCharacters() {
        assertThat(ListingAddress.categorySlug("SMB delivery")).isEqualTo("smb-delivery");
        assertThat(ListingAddress.categorySlug("  Qualität & Test / QA ")).isEqualTo("qualitat-test-qa");
        assertThat(ListingAddress.categorySlug("???")).isEqualTo("-");
        assertThat(new ListingAddress("Straße", null).path()).isEqualTo("/insights/categories/stra%C3%9Fe");
    }
}
