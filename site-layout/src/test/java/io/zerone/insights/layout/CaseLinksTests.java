package io.zerone.insights.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class CaseLinksTests {

    private static final String CARD = Layout.render(Layout.card(new Card("/insights/a", "A", "Summary.",
            new InsightMeta("Debugging", LocalDate.of(2026, 4, 18), 5, "06"))));

    @Test
    void referenceToAPublishedCaseLinksToItsPageWithItsTitle() {
        String resolved = CaseLinks.resolve(CARD, Map.of("06", "A \"shop\" & its cart"));

        Element link = Jsoup.parseBodyFragment(resolved).selectFirst(".meta a.case");
        assertThat(link.attr("href")).isEqualTo("/cases/06");
        assertThat(link.attr("title")).isEqualTo("Case 06: A \"shop\" & its cart");
        assertThat(link.text()).isEqualTo("From Case 06");
    }

    @Test
    void referenceToACaseNotPublishedStaysPlainText() {
        String resolved = CaseLinks.resolve(CARD, Map.of("07", "Another case"));

        assertThat(resolved).isEqualTo(CARD);
        assertThat(Jsoup.parseBodyFragment(resolved).select(".meta a.case")).isEmpty();
    }

    @Test
    void resolvedPageResolvesAgainForTheNextStateOfItsCase() {
        String linked = CaseLinks.resolve(CARD, Map.of("06", "First title"));

        String retitled = CaseLinks.resolve(linked, Map.of("06", "Second title"));
        String unpublished = CaseLinks.resolve(retitled, Map.of());

        assertThat(Jsoup.parseBodyFragment(retitled).selectFirst("a.case").attr("title")).isEqualTo("Case 06: Second title");
        assertThat(unpublished).isEqualTo(CARD);
    }

    @Test
    void onlyReferencesOfACaseNumbersShapeAreFound() {
        String other = Layout.render(Layout.card(new Card("/insights/b", "B", "Summary.",
                new InsightMeta("Debugging", LocalDate.of(2026, 4, 18), 5, "ACME-7"))));

        assertThat(CaseLinks.references(CARD + other)).containsExactly("06");
        assertThat(CaseLinks.resolve(other, Map.of("ACME-7", "x"))).isEqualTo(other);
    }
}
