package io.zerone.insights.ingest.publishing;

/** A slug derived from a title belongs to an insight of another title: 409, nothing is published. */
public class SlugTakenException extends RuntimeException {

    SlugTakenException(String slug, String title) {
        super("the slug '" + slug + "', derived from the title, belongs to the insight '" + title
                + "'; send a slug of its own to publish a new insight, or send '" + slug + "' to revise that one");
    }
}
