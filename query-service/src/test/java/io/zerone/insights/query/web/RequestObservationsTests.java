package io.zerone.insights.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

class RequestObservationsTests {

    private final ObservationPredicate predicate = new RequestObservations().sitePagesUnobserved();

    @ParameterizedTest
    @CsvSource({
            "GET, /insights/why-retries-amplify-outages",
            "GET, /insights?cursor=abc",
            "GET, /insights/tags/postgresql",
            "HEAD, /cases/01",
            "GET, /sitemap.xml"})
    void pagesTheResponseCacheAnswersAreNotObserved(String method, String path) {
        assertThat(observed(method, path)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "GET, /api/insights/why-retries-amplify-outages",
            "GET, /api/search?q=retries",
            "GET, /insights/search?q=retries",
            "GET, /preview/some-token",
            "GET, /actuator/health",
            "POST, /insights/why-retries-amplify-outages"})
    void theApiSearchPreviewsTheActuatorAndWritesStayObserved(String method, String path) {
        assertThat(observed(method, path)).isTrue();
    }

    @Test
    void otherObservationsAreLeftAlone() {
        assertThat(predicate.test("spring.kafka.listener", new Observation.Context())).isTrue();
    }

    private boolean observed(String method, String path) {
        var request = MockServerHttpRequest.method(HttpMethod.valueOf(method), path).build();
        var context = new ServerRequestObservationContext(request, new MockServerHttpResponse(), new HashMap<>());
        return predicate.test("http.server.requests", context);
    }
}
