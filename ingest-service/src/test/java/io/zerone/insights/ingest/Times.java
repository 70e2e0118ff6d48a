package io.zerone.insights.ingest;

/** What every time ingest answers or sends looks like: UTC, to the microsecond at most, as PostgreSQL keeps it. */
final class Times {

    /** Instant.toString's form: a fraction of 3 or 6 digits, or none, never 9. */
    static final String TO_THE_MICROSECOND = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?Z";

    private Times() {
    }
}
