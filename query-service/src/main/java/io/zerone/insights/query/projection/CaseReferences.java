package io.zerone.insights.query.projection;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import io.zerone.insights.events.cases.CaseEvent;

/**
 * Which cases are published, read under a lock per case number, so that a page resolved against a case
 * ({@code CaseLinks}) never misses that case's change: the insight projector reads the cases of its batch with a shared
 * lock, the case projector changes a case holding the exclusive one, and each sees what the other committed
 * (docs/adr/0024-cases-and-case-links.md). Advisory locks, because a case that does not exist yet has no row to lock.
 */
@Component
class CaseReferences {

    private static final String LOCK_SHARED = """
            select count(pg_advisory_xact_lock_shared(hashtext('case:' || number)))
            from (select number from unnest(:numbers::text[]) number order by number) numbers""";

    private static final String LOCK_EXCLUSIVE = "select pg_advisory_xact_lock(hashtext('case:' || :number))::text";

    private static final String PUBLISHED = """
            select number, title from public.cases where number = any(:numbers::text[]) and removed_at is null""";

    private final ProjectorDatabase database;

    CaseReferences(ProjectorDatabase database) {
        this.database = database;
    }

    /**
     * The titles of the published cases among these references, by number, locked against their change until the
     * calling transaction ends. References that are no case number are left out; none at all costs no round trip.
     */
    Map<String, String> publishedForShare(Collection<String> references) {
        List<String> numbers = new TreeSet<>(references.stream().filter(CaseEvent::isNumber).toList()).stream().toList();
        if (numbers.isEmpty()) {
            return Map.of();
        }
        var params = Map.of("numbers", ProjectionStatements.array("text", numbers.toArray(String[]::new)));
        database.jdbc().queryForObject(LOCK_SHARED, params, Long.class);
        return published(params);
    }

    /** Holds the case exclusively until the calling transaction ends: no batch resolves a page against it meanwhile. */
    void lockForChange(String number) {
        database.jdbc().queryForObject(LOCK_EXCLUSIVE, Map.of("number", number), String.class);
    }

    /** The title of the case if it is published, in the calling transaction. */
    Map<String, String> published(String number) {
        return published(Map.of("numbers", ProjectionStatements.array("text", new String[] {number})));
    }

    private Map<String, String> published(Map<String, ?> params) {
        Map<String, String> titles = new HashMap<>();
        database.jdbc().query(PUBLISHED, params, row -> {
            titles.put(row.getString("number"), row.getString("title"));
        });
        return titles;
    }
}
