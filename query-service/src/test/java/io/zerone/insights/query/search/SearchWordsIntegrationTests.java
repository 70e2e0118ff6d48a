package io.zerone.insights.query.search;

import static io.zerone.insights.query.search.SearchedInsights.insight;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.jayway.jsonpath.JsonPath;

import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.TestPipeline;

/**
 * What search takes for a word: the characters an author writes around words in plain text (angle brackets, dots,
 * a hyphen before a number, the names C++, C#, F#, .NET) neither hide them nor glue them into one token that only
 * the whole finds, and the highlights mark what the query asked for, as written.
 */
@QueryServiceIntegrationTest
class SearchWordsIntegrationTests {

    final InsightRendered generics = insight("java-generics-list-of-object",
            "Java generics: why List<String> is not a List<Object>",
            "Invariance in one page, and why <script>keylogger</script> written in a summary is only text.",
            "Architecture Patterns",
            "Optional<Customer> found = repository.findById(id); is empty once the row is gone."
                    + " The KIP-848 consumer protocol rebalances without stopping the world.", 1);
    final InsightRendered cplusplus = insight("cplusplus-move-semantics", "C++ move semantics in one page",
            "What a moved-from object still holds.", "Architecture Patterns",
            "std::move casts; it moves nothing. Written for C++ 17 and later.", 2);
    final InsightRendered csharp = insight("csharp-async-void", "C# async void is a trap",
            "An exception in async void ends the process.", "Architecture Patterns",
            "Return a Task instead, as C# has allowed since version 5.", 3);
    final InsightRendered fsharp = insight("fsharp-on-dotnet", "F# records on .NET without ceremony",
            "Immutable by default.", "Architecture Patterns", "F# compiles to the same IL as every .NET language.",
            4);
    final InsightRendered balancer = insight("read-through-cache-behind-a-balancer",
            "Read-through cache behind a load balancer", "Reads first, always.", "Infrastructure",
            "The cache sits behind the balancer and answers the reads before the database sees them.", 5);

    @Autowired
    TestPipeline pipeline;

    @Autowired
    WebTestClient http;

    SearchedInsights published;

    @BeforeEach
    void givenInsightsWithSuchWords() {
        pipeline.publishSeeds();
        published = SearchedInsights.publish(pipeline, generics, cplusplus, csharp, fsharp, balancer);
    }

    @AfterEach
    void takeThemDown() {
        published.close();
    }

    @Test
    void wordsInAngleBracketsAreFoundAndShownAsWritten() {
        String object = search("Object");
        String customer = search("Customer");
        String script = search("keylogger");

        assertThat(slugs(object)).contains(generics.slug());
        assertThat(hit(object, generics, "titleHtml")).contains("List&lt;<mark>Object</mark>&gt;");
        assertThat(slugs(customer)).contains(generics.slug());
        assertThat(hit(customer, generics, "snippet")).contains("Optional&lt;<mark>Customer</mark>&gt; found = ");
        assertThat(slugs(script)).contains(generics.slug());
        assertThat(hit(script, generics, "summaryHtml"))
                .contains("&lt;script&gt;<mark>keylogger</mark>&lt;/script&gt; written");
    }

    @Test
    void dottedAndNumberedIdentifiersAreFoundByTheirPartsAndWhole() {
        String seed = "schema-org-localbusiness-regional-serps";

        assertThat(slugs(search("schema"))).contains(seed);
        assertThat(hit(search("schema"), seed, "titleHtml")).startsWith("<mark>Schema</mark>.org LocalBusiness");
        assertThat(slugs(search("Schema.org"))).contains(seed);
        assertThat(slugs(search("\"Schema.org LocalBusiness\""))).contains(seed);
        assertThat(slugs(search("findById"))).contains(generics.slug());
        assertThat(hit(search("findById"), generics, "snippet")).contains("repository.<mark>findById</mark>(id)");
        assertThat(slugs(search("repository.findById"))).contains(generics.slug());
        assertThat(slugs(search("848"))).contains(generics.slug());
        assertThat(slugs(search("KIP-848"))).contains(generics.slug());
        assertThat(slugs(search("\"KIP-848 consumer\""))).contains(generics.slug());
        assertThat(slugs(search("\"KIP-848 rebalances\""))).doesNotContain(generics.slug());
    }

    @Test
    void technicalNamesAreToldApartFromTheLetterTheyStartWith() {
        String results = search("C++");

        assertThat(slugs(results)).containsExactly(cplusplus.slug());
        assertThat(hit(results, cplusplus, "titleHtml")).isEqualTo("<mark>C++</mark> move semantics in one page");
        assertThat(hit(results, cplusplus, "snippet")).contains("Written for <mark>C++</mark> 17");
        assertThat(slugs(search("C#"))).containsExactly(csharp.slug());
        assertThat(slugs(search("F#"))).containsExactly(fsharp.slug());
        assertThat(hit(search(".NET"), fsharp, "titleHtml"))
                .isEqualTo("F# records on <mark>.NET</mark> without ceremony");
        // the words the index holds for the names are no words a reader typed: never offered as a correction
        for (String typo : List.of("dotnat", "csharq", "cplusplis")) {
            assertThat(JsonPath.<Object>read(search(typo), "$.suggestion")).as(typo).isNull();
        }
    }

    @Test
    void anExcludedPhraseIsNotMarked() {
        String results = search("cache -\"write behind\"");

        assertThat(slugs(results)).contains(balancer.slug());
        assertThat(hit(results, balancer, "titleHtml")).contains("<mark>cache</mark>").doesNotContain("<mark>behind");
        assertThat(hit(results, balancer, "snippet")).contains("<mark>cache</mark>").doesNotContain("<mark>behind");
    }

    private String search(String query) {
        return http.get().uri(uri -> uri.path("/api/search").queryParam("q", "{q}").queryParam("limit", "50")
                        .build(query))
                .exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private static List<String> slugs(String results) {
        return JsonPath.read(results, "$.items[*].slug");
    }

    private static String hit(String results, InsightRendered insight, String field) {
        return hit(results, insight.slug(), field);
    }

    private static String hit(String results, String slug, String field) {
        List<String> values = JsonPath.read(results, "$.items[?(@.slug == '" + slug + "')]." + field);
        assertThat(values).as(slug + " among the hits").hasSize(1);
        return values.get(0);
    }
}
