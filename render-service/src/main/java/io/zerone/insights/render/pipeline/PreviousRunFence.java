package io.zerone.insights.render.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * Before the listener consumes, initializes every transactional id this replica may use, all at once: each
 * {@code initTransactions()} fences the producer of the previous run that had the id and aborts its open
 * transaction. A consumer thread that gets no records for a while would otherwise leave an id of the crashed run
 * untouched, and the projector would wait behind its open transaction until {@code transaction.timeout.ms}. The
 * producers go back to the factory's cache, initialized, for the consumer threads.
 */
class PreviousRunFence implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PreviousRunFence.class);

    private final ProducerFactory<?, ?> producers;
    private final int transactionalIds;
    private volatile boolean running;

    /** @param transactionalIds how many ids to initialize; 0 for a replica whose ids are random */
    PreviousRunFence(ProducerFactory<?, ?> producers, int transactionalIds) {
        this.producers = producers;
        this.transactionalIds = transactionalIds;
    }

    @Override
    public void start() {
        running = true;
        List<Producer<?, ?>> initialized = new ArrayList<>(transactionalIds);
        try {
            for (int i = 0; i < transactionalIds; i++) {
                initialized.add(producers.createProducer());
            }
            log.info("initialized {} transactional ids of prefix {}: the previous run's producers are fenced",
                    transactionalIds, producers.getTransactionIdPrefix());
        } catch (RuntimeException e) {
            // the broker is away: the consumer threads initialize their ids when they can, as without this
            log.warn("could not fence the previous run's producers now: {}", e.toString());
        } finally {
            initialized.forEach(Producer::close);
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the listener containers start. */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE - 1;
    }
}
