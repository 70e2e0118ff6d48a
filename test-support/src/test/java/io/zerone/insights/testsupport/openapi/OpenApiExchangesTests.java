package io.zerone.insights.testsupport.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

class OpenApiExchangesTests {

    final OpenApiExchanges description = OpenApiExchanges.of("openapi/sample.yaml");

    @Test
    void exchangeAsDescribedHasNoMismatch() {
        Exchange exchange = get("/things/7", query("limit", "3"), 200, json(), "{\"name\": \"a\", \"note\": null}", "\"x\"");

        assertThat(description.validate(exchange)).isEmpty();
    }

    @Test
    void responseBodyAgainstAReferencedSchemaIsChecked() {
        Exchange exchange = get("/things/7", query(), 200, json(), "{\"name\": 1, \"note\": 2, \"extra\": true}", "\"x\"");

        assertThat(description.validate(exchange)).hasSize(3).allMatch(error -> error.startsWith("response body"));
    }

    @Test
    void undocumentedStatusIsAMismatch() {
        Exchange exchange = get("/things/7", query(), 500, null, "", null);

        assertThat(description.validate(exchange)).containsExactly("status 500 is not documented for GET /things/{id}");
    }

    @Test
    void missingRequiredHeaderAndUndocumentedMediaTypeAreMismatches() {
        Exchange exchange = get("/things/7", query(), 200, MediaType.TEXT_PLAIN, "hello", null);

        assertThat(description.validate(exchange)).hasSize(2);
    }

    @Test
    void requestParametersAreCheckedWhenTheRequestWasAccepted() {
        Exchange accepted = get("/things/0", query("limit", "11"), 200, json(), "{\"name\": \"a\"}", "\"x\"");
        Exchange refused = get("/things/0", query("limit", "11"), 404, MediaType.APPLICATION_PROBLEM_JSON,
                "{\"title\": \"Not Found\", \"status\": 404}", null);

        assertThat(description.validate(accepted)).hasSize(2);
        assertThat(description.validate(refused)).isEmpty();
    }

    @Test
    void undocumentedPathIsAMismatchUnlessItIs404() {
        assertThat(description.validate(get("/nothing", query(), 200, null, "", null))).hasSize(1);
        assertThat(description.validate(get("/nothing", query(), 404, null, "", null))).isEmpty();
    }

    @Test
    void documentedOperationNeverExercisedFailsTheCoverageCheck() {
        OpenApiExchanges fresh = OpenApiExchanges.of("openapi/sample.yaml");
        fresh.validate(get("/things/7", query(), 404, MediaType.APPLICATION_PROBLEM_JSON,
                "{\"title\": \"Not Found\", \"status\": 404}", null));

        assertThatThrownBy(fresh::assertEveryOperationExercised).hasMessageContaining("[POST /things]");
    }

    @Test
    void descriptionThatIsNoValidOpenApiIsRefused() {
        assertThatThrownBy(() -> OpenApiExchanges.of("openapi/malformed.yaml"))
                .hasMessageContaining("is no valid OpenAPI 3.1 description");
    }

    private static Exchange get(String path, MultiValueMap<String, String> query, int status, MediaType type,
            String body, String etag) {
        HttpHeaders headers = new HttpHeaders();
        if (type != null) {
            headers.setContentType(type);
        }
        if (etag != null) {
            headers.setETag(etag);
        }
        return new Exchange("GET", path, query, new HttpHeaders(), new byte[0], status, headers,
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static MultiValueMap<String, String> query(String... nameValues) {
        MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            query.add(nameValues[i], nameValues[i + 1]);
        }
        return query;
    }

    private static MediaType json() {
        return MediaType.APPLICATION_JSON;
    }
}
