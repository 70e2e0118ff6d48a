package io.zerone.insights.layout;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/** The meta line of an insight, "Category · date · N min · From Case NN"; {@code caseRef} is optional. */
public record InsightMeta(String category, LocalDate date, int readingMinutes, String caseRef) {

    public InsightMeta {
        requireNonNull(category, "category");
        requireNonNull(date, "date");
    }
}
