package io.zerone.insights.ingest.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zerone.insights.ingest.publishing.FieldError;
import io.zerone.insights.ingest.publishing.InvalidInsightException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class CaseRequestsTests {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private final JsonMapper json = JsonMapper.builder().build();
    // publication() only reads the request; nothing is written, so no Kafka
    private final CaseRequests cases = new CaseRequests(null, Clock.fixed(NOW, ZoneOffset.UTC), new SimpleMeterRegistry());

    private ObjectNode minimal() {
        ObjectNode node = json.createObjectNode();
        node.put("number", "06");
        node.put("title", "A B2B marketplace that promised anonymity");
        node.put("summary", "Vendors routed around a promise; the code had to keep it.");
        node.put("body", "## The platform");
        return node;
    }

    @Test
    void aCaseMayBeTitledSearchForItsPageIsItsNumber() {
        ObjectNode titled = minimal().put("title", "Search");
        ObjectNode sent = minimal().put("slug", "search");

        assertThat(cases.publication("dev-editor", UUID.randomUUID(), titled).slug()).isEqualTo("search");
        assertThat(cases.publication("dev-editor", UUID.randomUUID(), sent).slug()).isEqualTo("search");
    }

    @Test
    void aCaseDatedAheadIsRefusedForCasesCannotBeScheduled() {
        for (String ahead : new String[] {"2026-11-24", "2026-11-23T12:01:01Z"}) {
            ObjectNode node = minimal().put("publishedAt", ahead);

            assertThatThrownBy(() -> cases.publication("dev-editor", UUID.randomUUID(), node)).as(ahead)
                    .isInstanceOfSatisfying(InvalidInsightException.class, e -> assertThat(e.errors())
                            .extracting(FieldError::field).containsExactly("publishedAt"));
        }
    }

    @Test
    void aCaseDatedWithinAMinuteAheadIsAcceptedAsAClockRunningAhead() {
        ObjectNode node = minimal().put("publishedAt", "2026-11-23T12:01:00Z");

        assertThat(cases.publication("dev-editor", UUID.randomUUID(), node).publishedAt())
                .isEqualTo(Instant.parse("2026-11-23T12:01:00Z"));
    }

    @Test
    void aNumberOfMoreThanTwoCharactersBreaksTheRuleOfTwoDigits() {
        for (String number : new String[] {"006", "6", "0x6", "123456789012345"}) {
            ObjectNode node = minimal().put("number", number);

            assertThatThrownBy(() -> cases.publication("dev-editor", UUID.randomUUID(), node)).as(number)
                    .isInstanceOfSatisfying(InvalidInsightException.class, e -> assertThat(e.errors()).containsExactly(
                            new FieldError("number", "must be a case number of two digits, e.g. \"06\"")));
        }
    }
}
