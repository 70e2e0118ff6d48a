package io.zerone.insights.query.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.zerone.insights.query.projection.RevisionsScheduled;
import io.zerone.insights.query.projection.ScheduledRevisions;

/**
 * Publishes scheduled revisions at their {@code publishedAt} (docs/adr/0021). One thread per replica sleeps until the
 * next due instant the database holds, but never longer than {@link #LONGEST_SLEEP}, so that what another replica
 * scheduled, or what was pending when this replica started, is published at most that late; this replica's projector
 * wakes it as soon as it stored a scheduled revision. Every replica may run it: due rows are taken with
 * {@code for update skip locked}, each by one replica. Not run by the rebuild command.
 */
@Component
@ConditionalOnBooleanProperty(name = "query.projection.rebuild", havingValue = false, matchIfMissing = true)
class PublishScheduler implements SmartLifecycle {

    /** The longest a due revision scheduled elsewhere waits for this replica to look. */
    static final Duration LONGEST_SLEEP = Duration.ofSeconds(1);

    /** Rows due but held by another replica's scheduler: look again after this rather than spin. */
    private static final long SHORTEST_SLEEP_MILLIS = 10;

    private static final Logger log = LoggerFactory.getLogger(PublishScheduler.class);

    private final ScheduledRevisions scheduled;
    private final Semaphore wake = new Semaphore(0);
    private volatile Thread thread;

    PublishScheduler(ScheduledRevisions scheduled) {
        this.scheduled = scheduled;
    }

    @EventListener
    void on(RevisionsScheduled stored) {
        wake.release();
    }

    @Override
    public synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::run, "publish-scheduler");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public synchronized void stop() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    private void run() {
        while (thread == Thread.currentThread()) {
            try {
                if (scheduled.publishDue(Instant.now()) >= ScheduledRevisions.BATCH) {
                    continue;
                }
                long sleep = scheduled.nextDue()
                        .map(due -> Math.max(Duration.between(Instant.now(), due).toMillis(), SHORTEST_SLEEP_MILLIS))
                        .orElse(Long.MAX_VALUE);
                if (wake.tryAcquire(Math.min(sleep, LONGEST_SLEEP.toMillis()), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (thread != Thread.currentThread()) {
                    return;
                }
                log.warn("could not publish the scheduled revisions that are due, trying again in {}: {}",
                        LONGEST_SLEEP, e.toString());
                try {
                    Thread.sleep(LONGEST_SLEEP.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
