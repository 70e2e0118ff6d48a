package io.zerone.insights.ingest.publishing;

import java.util.List;

/** A request that breaks the publishing rules; every bad field is named. */
public class InvalidInsightException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidInsightException(List<FieldError> errors) {
        super(errors.size() + " invalid field(s): "
                + String.join(", ", errors.stream().map(FieldError::field).distinct().toList()));
        this.errors = List.copyOf(errors);
    }

    public InvalidInsightException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
