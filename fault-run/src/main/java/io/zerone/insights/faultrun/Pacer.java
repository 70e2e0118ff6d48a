package io.zerone.insights.faultrun;

import java.time.Duration;

/**
 * Releases the operations at a steady rate, and holds the last ones back until every fault has been injected, so
 * that each fault happens while publishing.
 */
final class Pacer {

    private final long intervalNanos;
    private long nextDue = System.nanoTime();
    private final int held;
    private long released;
    private boolean holding = true;

    Pacer(double perSecond, int total, double heldShare) {
        this.intervalNanos = (long) (1e9 / perSecond);
        this.held = (int) Math.round(total * (1 - heldShare));
    }

    void acquire() {
        long due;
        synchronized (this) {
            while (holding && released >= held) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            released++;
            // after a hold the pace resumes, rather than sending the held operations in one burst
            due = Math.max(nextDue, System.nanoTime());
            nextDue = due + intervalNanos;
        }
        long now = System.nanoTime();
        if (due > now) {
            Pause.briefly(Duration.ofNanos(due - now));
        }
    }

    synchronized long released() {
        return released;
    }

    synchronized void releaseTheRest() {
        holding = false;
        notifyAll();
    }
}
