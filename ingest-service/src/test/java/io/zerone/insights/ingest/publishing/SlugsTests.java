package io.zerone.insights.ingest.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlugsTests {

    @ParameterizedTest
    @ValueSource(strings = {"a", "cache-without-a-lock", "case-01", "2026"})
    void acceptsLowercaseWordsJoinedBySingleHyphens(String slug) {
        assertThat(Slugs.isValid(slug)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Upper", "double--hyphen", "-leading", "trailing-", "with space", "a/b", "../etc",
            "umlaut-ü", "under_score"})
    void rejectsAnythingElse(String slug) {
        assertThat(Slugs.isValid(slug)).isFalse();
    }

    @Test
    void rejectsSlugLongerThan120Characters() {
        assertThat(Slugs.isValid("a".repeat(120))).isTrue();
        assertThat(Slugs.isValid("a".repeat(121))).isFalse();
    }

    @Test
    void derivesSlugFromTitleDroppingPunctuationAndSymbols() {
        assertThat(Slugs.fromTitle("Symptom ≠ Root Cause: How the auto-healer became the real problem"))
                .contains("symptom-root-cause-how-the-auto-healer-became-the-real-problem");
    }

    @Test
    void derivesAsciiSlugFromGermanTitle() {
        assertThat(Slugs.fromTitle("Über Größe und Maß — ein Rückblick")).contains("uber-grosse-und-mass-ein-ruckblick");
    }

    @Test
    void lettersWithoutADecompositionBecomeTheirLatinSpelling() {
        assertThat(Slugs.fromTitle("Łódź, Smørrebrød, Þórður, Ærø, Œuvre, Đà Nẵng, Straße"))
                .contains("lodz-smorrebrod-thordur-aero-oeuvre-da-nang-strasse");
    }

    @Test
    void derivedSlugIsCutAtAWordBoundary() {
        String title = "word ".repeat(40);

        String slug = Slugs.fromTitle(title).orElseThrow();

        assertThat(slug).hasSizeLessThanOrEqualTo(120).endsWith("word");
        assertThat(Slugs.isValid(slug)).isTrue();
    }

    @Test
    void titleWithoutLettersOrDigitsGivesNoSlug() {
        assertThat(Slugs.fromTitle("≠ — ×")).isEmpty();
    }
}
