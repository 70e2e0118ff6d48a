package io.zerone.insights.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.Topics;
import io.zerone.insights.events.cases.CasePublished;
import io.zerone.insights.events.cases.CaseRemoved;
import io.zerone.insights.events.cases.CaseRendered;
import io.zerone.insights.events.cases.CaseUnpublished;
import io.zerone.insights.render.rendering.RenderFailedException;

/**
 * Cases go their own way through the service (render-service's cases/ package): the insights' Markdown renderer and
 * sanitizer, their own topics and dead letters, and never a record on insight-rendered.
 */
class CasesIntegrationTests extends RealBrokerTest {

    @Test
    void publishedCaseIsRenderedOnceAsSanitizedArticleOnCaseRenderedKeyedByNumber() throws Exception {
        CasePublished published = new CasePublished(UUID.randomUUID(), Instant.now(), "test", "06",
                "anonymity-" + run, "Anonymity " + run, "A promise the code keeps.",
                Instant.parse("2026-06-01T00:00:00Z"),
                "## The platform\n\nBuyers <script>alert(1)</script> and [vendors](javascript:alert(1)).");

        try (TopicReader cases = new TopicReader(bootstrapServers, Topics.CASE_RENDERED)) {
            send(codec.toRecord(Topics.CASE_EVENTS, published));

            ConsumerRecord<String, byte[]> record = await().atMost(PATIENCE).until(() -> cases.poll().stream()
                    .filter(r -> decode(r) instanceof CaseRendered c && c.sourceEventId().equals(published.eventId()))
                    .toList(),
                    list -> !list.isEmpty()).get(0);
            CaseRendered rendered = (CaseRendered) decode(record);
            assertThat(record.key()).isEqualTo("06");
            assertThat(rendered.title()).isEqualTo(published.title());
            Document article = Jsoup.parseBodyFragment(rendered.caseHtml());
            assertThat(article.select("h1").text()).isEqualTo("Anonymity " + run);
            assertThat(article.select(".meta").text()).isEqualTo("Case 06 · 2026-06-01");
            assertThat(article.select(".body h2").text()).isEqualTo("The platform");
            assertThat(article.select("script")).isEmpty();
            assertThat(article.select("a[href^=javascript]")).isEmpty();
        }
    }

    @Test
    void unpublishedCaseBecomesCaseRemovedWithItsReason() throws Exception {
        CaseUnpublished unpublished = new CaseUnpublished(UUID.randomUUID(), Instant.now(), "test", "07", run);

        try (TopicReader cases = new TopicReader(bootstrapServers, Topics.CASE_RENDERED)) {
            send(codec.toRecord(Topics.CASE_EVENTS, unpublished));

            CaseRemoved removed = (CaseRemoved) await().atMost(PATIENCE).until(() -> cases.poll().stream()
                    .map(this::decode)
                    .filter(e -> e instanceof CaseRemoved r && r.sourceEventId().equals(unpublished.eventId()))
                    .toList(), list -> !list.isEmpty()).get(0);
            assertThat(removed.number()).isEqualTo("07");
            assertThat(removed.reason()).isEqualTo(run);
        }
    }

    @Test
    void anUnpublishOfWhatIsNoCaseNumberGoesToTheCaseDeadLetterTopicRatherThanOnToQueryService() throws Exception {
        // as an unpublish of a slug that is none: query-service would only dead-letter it there
        CaseUnpublished notANumber = new CaseUnpublished(UUID.randomUUID(), Instant.now(), "test", "7-" + run, run);
        CaseUnpublished next = new CaseUnpublished(UUID.randomUUID(), Instant.now(), "test", "09", run);
        ProducerRecord<String, byte[]> bad = codec.toRecord(Topics.CASE_EVENTS, notANumber);
        ProducerRecord<String, byte[]> good = codec.toRecord(Topics.CASE_EVENTS, next);

        try (TopicReader deadLetters = new TopicReader(bootstrapServers, Topics.CASE_EVENTS_DLT);
                TopicReader cases = new TopicReader(bootstrapServers, Topics.CASE_RENDERED)) {
            send(new ProducerRecord<>(Topics.CASE_EVENTS, 0, bad.key(), bad.value(), bad.headers()));
            send(new ProducerRecord<>(Topics.CASE_EVENTS, 0, good.key(), good.value(), good.headers()));

            ConsumerRecord<String, byte[]> dead = await().atMost(PATIENCE).until(
                    () -> deadLetters.poll().stream().filter(r -> r.key().equals(bad.key())).toList(),
                    list -> !list.isEmpty()).get(0);
            assertThat(header(dead, "kafka_dlt-exception-cause-fqcn"))
                    .isEqualTo(MalformedEventException.class.getName());
            assertThat(header(dead, "kafka_dlt-exception-message")).contains("not a case number of two digits");
            // the next one on the partition is rendered after it, and the bad one never was
            List<Object> rendered = new ArrayList<>();
            await().atMost(PATIENCE).until(() -> {
                cases.poll().stream().map(this::decode).forEach(rendered::add);
                return rendered.stream().anyMatch(e -> e instanceof CaseRemoved r
                        && r.sourceEventId().equals(next.eventId()));
            });
            assertThat(rendered).noneMatch(e -> e instanceof CaseRemoved r
                    && r.sourceEventId().equals(notANumber.eventId()));
        }
    }

    @Test
    void caseThatCannotBeRenderedGoesToTheCaseDeadLetterTopicWithItsReasonAndTheNextIsStillRendered()
            throws Exception {
        CasePublished notANumber = new CasePublished(UUID.randomUUID(), Instant.now(), "test", "6-" + run,
                "bad-" + run, "Bad", "Bad.", Instant.now(), "Body.");
        ProducerRecord<String, byte[]> unrenderable = codec.toRecord(Topics.CASE_EVENTS, notANumber);
        CasePublished good = new CasePublished(UUID.randomUUID(), Instant.now(), "test", "08", "good-" + run,
                "Good " + run, "Good.", Instant.now(), "Body.");
        ProducerRecord<String, byte[]> next = codec.toRecord(Topics.CASE_EVENTS, good);

        try (TopicReader deadLetters = new TopicReader(bootstrapServers, Topics.CASE_EVENTS_DLT);
                TopicReader cases = new TopicReader(bootstrapServers, Topics.CASE_RENDERED)) {
            // one partition, the bad ones first: it must keep flowing past them
            send(new ProducerRecord<>(Topics.CASE_EVENTS, 0, "json-" + run,
                    "{\"number\": ".getBytes(StandardCharsets.UTF_8), unrenderable.headers()));
            send(new ProducerRecord<>(Topics.CASE_EVENTS, 0, unrenderable.key(), unrenderable.value(),
                    unrenderable.headers()));
            send(new ProducerRecord<>(Topics.CASE_EVENTS, 0, next.key(), next.value(), next.headers()));

            List<ConsumerRecord<String, byte[]>> dead = await().atMost(PATIENCE).until(
                    () -> deadLetters.poll().stream().filter(r -> r.key().endsWith(run)).toList(),
                    list -> list.size() == 2);
            assertThat(dead).extracting(record -> header(record, "kafka_dlt-exception-cause-fqcn"))
                    .containsExactlyInAnyOrder(MalformedEventException.class.getName(),
                            RenderFailedException.class.getName());
            assertThat(dead).extracting(record -> header(record, "kafka_dlt-original-consumer-group"))
                    .containsOnly(Topics.RENDER_CASES_GROUP);
            // each says its reason, not the listener method that Spring's wrapper names
            assertThat(dead).extracting(record -> header(record, "kafka_dlt-exception-message"))
                    .allSatisfy(reason -> assertThat(reason).doesNotContain("Listener method"))
                    .anySatisfy(reason -> assertThat(reason).startsWith("invalid case.published.v1 JSON: "))
                    .anySatisfy(reason -> assertThat(reason).startsWith("cannot render case 6-" + run + " at "));
            await().atMost(PATIENCE).until(() -> cases.poll().stream()
                    .anyMatch(r -> decode(r) instanceof CaseRendered c && c.sourceEventId().equals(good.eventId())));
        }
    }
}
