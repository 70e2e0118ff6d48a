package io.zerone.insights.ingest.publishing;

/** One bad field of a request: its JSON path (e.g. "tags[2]") and what is wrong with it. */
public record FieldError(String field, String message) {
}
