package io.zerone.insights.query.projection;

import org.springframework.core.NestedExceptionUtils;

/**
 * An event of the contract that the projection's database rejected when applied on its own (a constraint it breaks,
 * a text PostgreSQL cannot store): retrying cannot apply it, so it goes to the dead-letter topic with the database's
 * words as its reason.
 */
class RejectedEventException extends RuntimeException {

    RejectedEventException(RuntimeException failure) {
        super("the projection database rejected the event: "
                + NestedExceptionUtils.getMostSpecificCause(failure).getMessage(), failure);
    }
}
