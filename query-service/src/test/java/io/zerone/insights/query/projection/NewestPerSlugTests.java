package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.RenderedEvent;
import io.zerone.insights.events.Revision;
import io.zerone.insights.query.RenderedEvents;
import io.zerone.insights.query.Seed;
import io.zerone.insights.query.projection.NewestPerSlug.SourceEvent;
import io.zerone.insights.query.projection.ProjectionBatch.Positioned;

class NewestPerSlugTests {

    private static final UUID E1 = UUID.randomUUID();
    private static final UUID E2 = UUID.randomUUID();
    private static final UUID E3 = UUID.randomUUID();

    @Test
    void newestRevisionPerSlugIsTheCandidateWhateverTheOrderOfTheRecords() {
        var choice = NewestPerSlug.choose(List.of(at(0, removed("a", 7, E1)), at(1, removed("b", 3, E2)),
                at(2, removed("a", 9, E3)), at(3, removed("a", 8, UUID.randomUUID()))), Set.of());

        assertThat(choice.candidates()).extracting(RenderedEvent::slug, e -> e.revision().offset())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 9L), org.assertj.core.groups.Tuple.tuple("b", 3L));
        assertThat(choice.processed()).hasSize(4);
        assertThat(choice.duplicates()).isZero();
    }

    @Test
    void aRetriedPublishInTheSameBatchIsADuplicateEvenThoughItIsNewer() {
        var choice = NewestPerSlug.choose(List.of(at(0, removed("a", 1, E1)), at(1, removed("a", 2, E2)),
                at(2, removed("a", 3, E1))), Set.of());

        assertThat(choice.candidates()).extracting(e -> e.revision().offset()).containsExactly(2L);
        assertThat(choice.duplicates()).isEqualTo(1);
        assertThat(choice.processed()).containsExactlyInAnyOrder(new SourceEvent("a", E1), new SourceEvent("a", E2));
    }

    @Test
    void aSourceEventProcessedInAnEarlierBatchIsADuplicate() {
        var choice = NewestPerSlug.choose(List.of(at(0, removed("a", 5, E1))), Set.of(new SourceEvent("a", E1)));

        assertThat(choice.candidates()).isEmpty();
        assertThat(choice.processed()).isEmpty();
        assertThat(choice.duplicates()).isEqualTo(1);
    }

    @Test
    void theSameSourceEventUnderAnotherSlugIsNoDuplicate() {
        var choice = NewestPerSlug.choose(List.of(at(0, removed("b", 5, E1))), Set.of(new SourceEvent("a", E1)));

        assertThat(choice.candidates()).hasSize(1);
    }

    @Test
    void aScheduledNewestRevisionLeavesTheNewestOlderOneThatIsNotScheduledAsTheLiveCandidate() {
        InsightRendered live = rendered("a", 1, Instant.now().minusSeconds(60));
        InsightRendered alsoLive = rendered("a", 2, Instant.now().minusSeconds(30));
        InsightRendered scheduled = rendered("a", 3, Instant.now().plusSeconds(60));

        var choice = NewestPerSlug.choose(List.of(at(0, scheduled), at(1, live), at(2, alsoLive)), Set.of(),
                event -> event.insight().publishedAt().isAfter(Instant.now()));

        assertThat(choice.candidates()).containsExactly(alsoLive);
        assertThat(choice.scheduled()).containsExactly(scheduled);
        assertThat(choice.fresh()).containsExactly(live, alsoLive, scheduled);
    }

    @Test
    void aScheduledRevisionOlderThanOneThatIsNotIsNoCandidate() {
        InsightRendered scheduled = rendered("a", 1, Instant.now().plusSeconds(60));
        InsightRemoved removal = removed("a", 2, E1);

        var choice = NewestPerSlug.choose(List.of(at(0, scheduled), at(1, removal)), Set.of(),
                event -> event.insight().publishedAt().isAfter(Instant.now()));

        assertThat(choice.candidates()).containsExactly(removal);
        assertThat(choice.scheduled()).isEmpty();
    }

    private static InsightRendered rendered(String slug, long revision, Instant publishedAt) {
        Seed seed = Seed.all().get(0).withSlug(slug).publishedAt(publishedAt);
        return RenderedEvents.rendered(seed, new Revision(0, revision), UUID.randomUUID());
    }

    private static Positioned at(long offset, RenderedEvent event) {
        return new Positioned(event, 0, offset);
    }

    private static InsightRemoved removed(String slug, long revision, UUID sourceEventId) {
        return new InsightRemoved(UUID.randomUUID(), Instant.now(), sourceEventId, new Revision(0, revision), slug, null);
    }
}
