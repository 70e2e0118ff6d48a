package io.zerone.insights.query.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * The batching itself, with statements the test ends by hand: which lookups go together is decided by what runs when
 * each arrives, which a database would make a matter of timing. The SQL is tested against PostgreSQL in
 * {@link ArticleApiIntegrationTests}.
 */
class SlugBatchesTests {

    /** A statement the test completes: the slugs it was asked for and the rows it will answer. */
    record Statement(List<String> slugs, Sinks.Many<String> rows, AtomicBoolean ended) {

        void answer(String... slugs) {
            ended.set(true);
            for (String slug : slugs) {
                rows.tryEmitNext(slug);
            }
            rows.tryEmitComplete();
        }

        void fail(Exception error) {
            ended.set(true);
            rows.tryEmitError(error);
        }
    }

    final List<Statement> statements = new CopyOnWriteArrayList<>();

    final SlugBatches<String> batches = batches(2, Duration.ofSeconds(30));

    @Test
    void aLookupAloneRunsAtOnceInAStatementOfItsOwn() {
        Mono<String> one = asked(batches, "a");

        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).slugs()).containsExactly("a");
        statements.get(0).answer("a");
        StepVerifier.create(one).expectNext("a").verifyComplete();
    }

    @Test
    void lookupsThatArriveWhileTheStatementsRunGoTogetherInTheNextUpToItsSize() {
        List<Mono<String>> found = new ArrayList<>();
        for (String slug : List.of("a", "b", "c", "d", "e", "f")) {
            found.add(asked(batches, slug));
        }
        // two statements run; the four others wait
        assertThat(statements).extracting(Statement::slugs).containsExactly(List.of("a"), List.of("b"));

        statements.get(0).answer("a");
        // the first to end takes as many as one statement reads (three here), in the order they came
        assertThat(statements).hasSize(3);
        assertThat(statements.get(2).slugs()).containsExactlyInAnyOrder("c", "d", "e");

        statements.get(1).answer("b");
        assertThat(statements.get(3).slugs()).containsExactly("f");
        statements.get(2).answer("c", "d", "e");
        statements.get(3).answer("f");

        for (int i = 0; i < found.size(); i++) {
            StepVerifier.create(found.get(i)).expectNext(List.of("a", "b", "c", "d", "e", "f").get(i)).verifyComplete();
        }
        assertThat(statements).hasSize(4);
    }

    @Test
    void aSlugAskedForTwiceInABatchIsReadOnceAndAnswersBoth() {
        asked(batches, "a");
        asked(batches, "b");
        Mono<String> first = asked(batches, "c");
        Mono<String> second = asked(batches, "c");

        statements.get(0).answer("a");
        assertThat(statements.get(2).slugs()).containsExactly("c");
        statements.get(2).answer("c");

        StepVerifier.create(first).expectNext("c").verifyComplete();
        StepVerifier.create(second).expectNext("c").verifyComplete();
    }

    @Test
    void aSlugWithoutARowCompletesEmptyAndAFailedStatementFailsEachOfItsLookups() {
        asked(batches, "a");
        asked(batches, "b");
        Mono<String> missing = asked(batches, "missing");
        Mono<String> found = asked(batches, "found");
        statements.get(0).answer("a");
        assertThat(statements.get(2).slugs()).containsExactlyInAnyOrder("missing", "found");

        List<Mono<String>> failed = List.of(asked(batches, "x"), asked(batches, "y"));
        statements.get(2).answer("found");
        StepVerifier.create(missing).verifyComplete();
        StepVerifier.create(found).expectNext("found").verifyComplete();

        assertThat(statements.get(3).slugs()).containsExactlyInAnyOrder("x", "y");
        statements.get(3).fail(new IllegalStateException("canceling statement due to statement timeout"));
        for (Mono<String> lookup : failed) {
            StepVerifier.create(lookup).expectErrorMessage("canceling statement due to statement timeout").verify();
        }

        // and the batches go on after a failure
        statements.get(1).answer("b");
        Mono<String> after = asked(batches, "after");
        assertThat(statements.get(4).slugs()).containsExactly("after");
        statements.get(4).answer("after");
        StepVerifier.create(after).expectNext("after").verifyComplete();
    }

    @Test
    void aStatementThatNeverAnswersFailsItsLookupAsTimedOutAndGivesItsTurnBack() {
        SlugBatches<String> batches = batches(1, Duration.ofMillis(300));
        Mono<String> stuck = asked(batches, "a");

        // a connection that stopped answering: the statement gets neither a row nor its end
        StepVerifier.create(stuck).expectError(QueryTimeoutException.class).verify(Duration.ofSeconds(5));
        // and the next lookup has a turn (one statement at a time here) once the statement gave it back
        Mono<String> next = asked(batches, "b");
        await().atMost(Duration.ofSeconds(5)).until(() -> statements.size() == 2);
        assertThat(statements.get(1).slugs()).containsExactly("b");
        statements.get(1).answer("b");
        StepVerifier.create(next).expectNext("b").verifyComplete();
    }

    @Test
    void aLookupWaitingBehindAStatementThatDoesNotEndFailsAsTimedOutWithinItsTime() {
        // one turn, held by a statement that keeps sending rows and never ends (the database slow, not silent)
        SlugBatches<String> batches = new SlugBatches<>(
                slugs -> Flux.interval(Duration.ofMillis(50)).take(100).map(tick -> slugs.get(0)), row -> row, 1, 3,
                Duration.ofMillis(300));
        asked(batches, "a");
        Mono<String> queued = asked(batches, "b");

        // it waits its time at most, not until the statements before it end
        StepVerifier.create(queued).expectError(QueryTimeoutException.class).verify(Duration.ofSeconds(5));
    }

    @Test
    void aLookupWhoseRequestWentAwayIsNotRead() {
        asked(batches, "a");
        asked(batches, "b");
        Disposable gone = batches.find("c").subscribe();
        Mono<String> wanted = asked(batches, "d");
        gone.dispose();

        statements.get(0).answer("a");
        assertThat(statements.get(2).slugs()).containsExactly("d");
        statements.get(2).answer("d");
        StepVerifier.create(wanted).expectNext("d").verifyComplete();
    }

    /** A lookup subscribed to, as a request's is; its outcome kept for the test to verify (a failure too). */
    private static Mono<String> asked(SlugBatches<String> batches, String slug) {
        Mono<String> lookup = batches.find(slug).cache();
        lookup.subscribe(row -> { }, error -> { });
        return lookup;
    }

    /** Three slugs a statement at most; a row is its slug: enough to see which lookup it completes. */
    private SlugBatches<String> batches(int turns, Duration timeout) {
        return new SlugBatches<>(slugs -> {
            Statement statement = new Statement(List.copyOf(slugs), Sinks.many().unicast().onBackpressureBuffer(),
                    new AtomicBoolean());
            statements.add(statement);
            return statement.rows().asFlux();
        }, row -> row, turns, 3, timeout);
    }

    @Test
    void noStatementStartsWithoutALookupAndNoneIsLeftWaiting() {
        asked(batches, "a");
        statements.get(0).answer("a");
        assertThat(statements).hasSize(1);

        Flux.range(0, 20).map(i -> "s" + i).flatMap(slug -> batches.find(slug)).subscribe();
        // two alone, then the rest three at a time as the statements end
        while (statements.stream().anyMatch(statement -> !statement.ended().get())) {
            for (Statement statement : List.copyOf(statements)) {
                if (!statement.ended().get()) {
                    statement.answer(statement.slugs().toArray(String[]::new));
                }
            }
        }
        assertThat(statements.stream().mapToInt(statement -> statement.slugs().size()).sum()).isEqualTo(21);
        assertThat(statements).hasSize(1 + 2 + 6);
    }
}
