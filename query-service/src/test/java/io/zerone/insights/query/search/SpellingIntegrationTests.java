package io.zerone.insights.query.search;

import static io.zerone.insights.query.search.SearchedInsights.insight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec;

import com.jayway.jsonpath.JsonPath;

import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.TestPipeline;

/** "Did you mean": a correction is a plausible typo of the word typed, written as it was typed, and finds something. */
@QueryServiceIntegrationTest
class SpellingIntegrationTests {

    final InsightRendered kafka = insight("kafka-without-zookeeper", "Kafka 4.1 without ZooKeeper",
            "The schema registry moved first, and a VACUUM of its database came with it.", "Infrastructure",
            "KRaft keeps the metadata in the brokers themselves.", 1);

    @Autowired
    TestPipeline pipeline;

    @Autowired
    WebTestClient http;

    SearchedInsights published;

    @BeforeEach
    void givenTheVocabularyOfTheSeedAndAKafkaInsight() {
        pipeline.publishSeeds();
        published = SearchedInsights.publish(pipeline, kafka);
    }

    @AfterEach
    void takeItDown() {
        published.close();
    }

    @Test
    void aWordIsNotSwappedForAnotherThatOnlySharesSomeOfItsLetters() {
        Map<String, Object> suggested = new LinkedHashMap<>();

        // the vocabulary holds dead, robust and schema: similar by trigrams, but no typo of these words
        for (String query : List.of("deadlock", "rust", "scheduled")) {
            String body = new String(search(query).returnResult().getResponseBodyContent(), StandardCharsets.UTF_8);
            suggested.put(query, JsonPath.read(body, "$.suggestion"));
        }

        assertThat(suggested).containsOnly(entry("deadlock", null), entry("rust", null), entry("scheduled", null));
    }

    @Test
    void typosOfOneOrTwoLettersAreStillCorrected() {
        Map<String, String> typos = Map.of("cahce", "cache", "kafak", "kafka", "zookeper", "zookeeper",
                "vacum", "vacuum", "conection", "connection");

        typos.forEach((typo, word) -> search(typo)
                .jsonPath("$.suggestion").isEqualTo(word)
                .jsonPath("$.items").isNotEmpty());
    }

    @Test
    void aSuggestionKeepsTheCapitalsAsTyped() {
        search("Kafak 4.1")
                .jsonPath("$.suggestion").isEqualTo("Kafka 4.1")
                .jsonPath("$.items[0].slug").isEqualTo(kafka.slug());
        search("ZOOKEPER")
                .jsonPath("$.suggestion").isEqualTo("ZOOKEEPER");
    }

    @Test
    void withinACategoryASuggestionIsOfferedOnlyWhenItFindsSomethingThere() {
        search("cahce", "SMB delivery")
                .jsonPath("$.suggestion").doesNotExist()
                .jsonPath("$.fuzzy").isEqualTo(false)
                .jsonPath("$.items.length()").isEqualTo(0);
        search("cahce", "Infrastructure")
                .jsonPath("$.suggestion").isEqualTo("cache")
                .jsonPath("$.items[*].category").isEqualTo(List.of("Infrastructure"));
    }

    private BodyContentSpec search(String query) {
        return search(query, null);
    }

    private BodyContentSpec search(String query, String category) {
        return http.get().uri(uri -> {
                    uri.path("/api/search").queryParam("q", "{q}");
                    if (category != null) {
                        uri.queryParam("category", "{category}");
                    }
                    return category == null ? uri.build(query) : uri.build(query, category);
                })
                .exchange()
                .expectStatus().isOk()
                .expectBody();
    }
}
