package io.zerone.insights.ingest.publishing;

import java.util.List;

/**
 * A request that breaks the publishing rules; the first {@value #MAX_NAMED} broken rules are named, and how many more
 * there were: a request of 300,000 unknown fields or tags of 1 MB made an answer of 34 MB naming each.
 */
public class InvalidInsightException extends RuntimeException {

    static final int MAX_NAMED = 20;

    private final String subject;
    private final List<FieldError> errors;

    public InvalidInsightException(List<FieldError> errors) {
        this("insight", message(errors), errors.subList(0, Math.min(errors.size(), MAX_NAMED)));
    }

    private InvalidInsightException(String subject, String message, List<FieldError> errors) {
        super(message);
        this.subject = subject;
        this.errors = List.copyOf(errors);
    }

    /**
     * The same rejection, of a request about something else than an insight (a case): the rules and their messages
     * are shared, the problem's title names what was sent.
     */
    public InvalidInsightException about(String subject) {
        return new InvalidInsightException(subject, getMessage(), errors);
    }

    private static String message(List<FieldError> errors) {
        List<FieldError> named = errors.subList(0, Math.min(errors.size(), MAX_NAMED));
        String more = errors.size() > MAX_NAMED ? ", and " + (errors.size() - MAX_NAMED) + " more" : "";
        return errors.size() + " invalid field(s): "
                + String.join(", ", named.stream().map(FieldError::field).distinct().toList()) + more;
    }

    public InvalidInsightException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    /** What the request was about: "insight", or "case". */
    public String subject() {
        return subject;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
