package io.zerone.insights.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

class RequestObservationsTests {

    private final ObservationPredicate predicate = new RequestObservations().sitePagesUnobserved();

    @Test
    void pagesTheResponseCacheAnswersAreNotObserved() {
        assertThat(observed(MockServerHttpRequest.get("/insights/why-retries-amplify-outages"))).isFalse();
        assertThat(observed(MockServerHttpRequest.get("/insights?cursor=abc"))).isFalse();
        assertThat(observed(MockServerHttpRequest.get("/insights/tags/postgresql"))).isFalse();
        assertThat(observed(MockServerHttpRequest.head("/cases/01"))).isFalse();
        assertThat(observed(MockServerHttpRequest.get("/sitemap.xml"))).isFalse();
    }

    @Test
    void theApiSearchPreviewsTheActuatorAndWritesStayObserved() {
        assertThat(observed(MockServerHttpRequest.get("/api/insights/why-retries-amplify-outages"))).isTrue();
        assertThat(observed(MockServerHttpRequest.get("/api/search?q=retries"))).isTrue();
        assertThat(observed(MockServerHttpRequest.get("/insights/search?q=retries"))).isTrue();
        assertThat(observed(MockServerHttpRequest.get("/preview/some-token"))).isTrue();
        assertThat(observed(MockServerHttpRequest.get("/actuator/health"))).isTrue();
        assertThat(observed(MockServerHttpRequest.post("/insights/why-retries-amplify-outages"))).isTrue();
    }

    @Test
    void otherObservationsAreLeftAlone() {
        assertThat(predicate.test("spring.kafka.listener", new Observation.Context())).isTrue();
    }

    private boolean observed(MockServerHttpRequest.BaseBuilder<?> request) {
        var context = new ServerRequestObservationContext(request.build(), new MockServerHttpResponse(),
                new HashMap<>());
        return predicate.test("http.server.requests", context);
    }
}
