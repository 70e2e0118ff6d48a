package io.zerone.insights.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SpellingTests {

    @Test
    void replacesOnlyTheCorrectedWordsAndKeepsTheWebSearchSyntax() {
        String query = "\"Thundring herd\" -lokc or cache";

        String corrected = Spelling.replace(query, Spelling.words(query), Map.of("thundring", "thundering"));

        assertThat(corrected).isEqualTo("\"Thundering herd\" -lokc or cache");
    }

    @Test
    void eachPairOfNeighbouringLettersIsSwappedOnceInWordsOfFourLettersOrMore() {
        assertThat(Spelling.swaps("cahce")).containsExactly("achce", "chace", "cache", "cahec");
        assertThat(Spelling.swaps("hred")).contains("herd");
        assertThat(Spelling.swaps("aabb")).containsExactly("abab");
        assertThat(Spelling.swaps("abc")).isEmpty();
    }

    @Test
    void aWordIsALetterRunSoUmlautsStayInsideIt() {
        assertThat(Spelling.words("Größe-Prüfung 42x").stream().map(word -> word.group()))
                .containsExactly("Größe", "Prüfung", "x");
    }

    @Test
    void aCorrectionKeepsTheCapitalsTyped() {
        String query = "Kafak ZOOKEPER PgBoucner vacum";

        String corrected = Spelling.replace(query, Spelling.words(query),
                Map.of("kafak", "kafka", "zookeper", "zookeeper", "pgboucner", "pgbouncer", "vacum", "vacuum"));

        assertThat(corrected).isEqualTo("Kafka ZOOKEEPER PgBouncer vacuum");
        assertThat(Spelling.inCapitalsOf("Vacum", "vacuum")).isEqualTo("Vacuum");
    }

    @Test
    void aShortWordMayBeOneEditAwayALongerOneTwo() {
        assertThat(Spelling.maxEdits("rust")).isEqualTo(1);
        assertThat(Spelling.maxEdits("vacum")).isEqualTo(1);
        assertThat(Spelling.maxEdits("deadlock")).isEqualTo(2);
    }
}
