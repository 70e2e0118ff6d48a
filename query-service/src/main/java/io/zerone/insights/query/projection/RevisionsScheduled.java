package io.zerone.insights.query.projection;

/**
 * Published in this replica after a live batch stored scheduled revisions, so that the publish scheduler looks at the
 * next due instant at once instead of at its next check (docs/adr/0021).
 */
public record RevisionsScheduled() {
}
