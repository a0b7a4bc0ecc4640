package dev.aurorajca.example.failover;

import jakarta.enterprise.context.RequestScoped;

/**
 * What {@link RetryOnFailover} did during the current request; the REST layer reports it in the
 * {@code Aurora-Retried} response header so a client sees which of its requests were retried.
 */
@RequestScoped
public class RetryLog {

    private volatile String retriedAfter;

    void retried(FailoverOutcome outcome) {
        retriedAfter = retriedAfter == null ? outcome.sqlState() : retriedAfter + "," + outcome.sqlState();
    }

    /** SQLStates after which this request's work was re-run, comma-separated; null if none. */
    public String retriedAfter() {
        return retriedAfter;
    }
}
