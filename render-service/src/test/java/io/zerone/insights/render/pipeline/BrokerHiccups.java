package io.zerone.insights.render.pipeline;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.core.KafkaTemplate;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.render.rendering.InsightRenderer;

/**
 * The real pipeline, counting how often each record key was processed, except that
 * <ul>
 * <li>the first two attempts at a "flaky-" key fail as a broker outage would;</li>
 * <li>the first attempt at a "crash-" key dies in the middle of its batch: it first pushes the outputs rendered so
 * far to the broker, inside the open transaction, then fails, and the transaction is aborted, as the broker aborts
 * the open transaction of a process that died.</li>
 * </ul>
 */
@TestConfiguration(proxyBeanMethods = false)
class BrokerHiccups {

    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> PROCESSED = new ConcurrentHashMap<>();

    @Bean
    @Primary
    RenderPipeline flakyPipeline(InsightRenderer renderer, KafkaTemplate<String, byte[]> kafka) {
        return new RenderPipeline(new CloudEventCodec(), renderer, Clock.systemUTC()) {
            @Override
            ProducerRecord<String, byte[]> process(ConsumerRecord<String, byte[]> record) {
                String key = String.valueOf(record.key());
                PROCESSED.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                if (key.startsWith("flaky-") && attempt(key) <= 2) {
                    throw new TimeoutException("no answer from the broker (simulated)");
                }
                if (key.startsWith("crash-") && attempt(key) == 1) {
                    kafka.flush();
                    throw new TimeoutException("the process died in the middle of a batch (simulated)");
                }
                return super.process(record);
            }
        };
    }

    private static int attempt(String key) {
        return ATTEMPTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    static int processed(String key) {
        AtomicInteger count = PROCESSED.get(key);
        return count == null ? 0 : count.get();
    }
}
