package io.zerone.insights.events.cases;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

import io.zerone.insights.events.Topics;

/** What editorial systems tell the pipeline about cases, written by ingest-service to {@link Topics#CASE_EVENTS}. */
public sealed interface CaseEvent permits CasePublished, CaseUnpublished {

    /**
     * A case number as the site shows it ("Case 06") and as it appears in a URL ({@code /cases/06}): two digits. An
     * insight's {@code caseRef} of the same shape points to the case of that number.
     */
    Pattern NUMBER = Pattern.compile("^[0-9]{2}$");

    UUID eventId();

    Instant occurredAt();

    /** The editorial client that sent the request. */
    String source();

    /** The record key: every event of one case lands on one partition, in order. */
    String number();

    static boolean isNumber(String value) {
        return value != null && NUMBER.matcher(value).matches();
    }
}
