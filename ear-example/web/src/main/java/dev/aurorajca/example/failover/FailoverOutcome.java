package dev.aurorajca.example.failover;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The failover outcome an exception carries, found by SQLState wherever the server wrapped it
 * (PersistenceException → Hibernate's JDBCException → SQLException, EJBException,
 * TransactionalException → RollbackException, …). Matching by SQLState rather than by the
 * driver's exception classes keeps the application free of any aurora-jca class: it works the
 * same with the AWS JDBC wrapper, which uses the same states.
 */
public enum FailoverOutcome {
    /** 08S02: moved to a healthy instance, no transaction was open — safe to run again. */
    SUCCEEDED("08S02"),
    /** 08007: moved, but the open transaction's outcome is unknown — run again only if idempotent. */
    TRANSACTION_STATE_UNKNOWN("08007"),
    /** 08001: failover failed; the connection is unusable. */
    FAILED("08001");

    private final String sqlState;

    FailoverOutcome(String sqlState) {
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }

    /** Whether a method that failed with this outcome may run once more. */
    public boolean retryable(boolean idempotent) {
        return this == SUCCEEDED || (this == TRANSACTION_STATE_UNKNOWN && idempotent);
    }

    /**
     * The failover outcome anywhere in {@code t}'s causes, suppressed exceptions and
     * {@link SQLException#getNextException() next exceptions}; null if there is none. When
     * several appear, the most cautious wins (08001 over 08007 over 08S02): a rollback issued on
     * the recovered connection can add an 08S02 behind the 08007 that really happened.
     */
    public static FailoverOutcome of(Throwable t) {
        FailoverOutcome found = null;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        addIfPresent(todo, t);
        while (!todo.isEmpty()) {
            Throwable e = todo.poll();
            if (!seen.add(e)) {
                continue;
            }
            if (e instanceof SQLException sql) {
                FailoverOutcome o = bySqlState(sql.getSQLState());
                if (o != null && (found == null || o.ordinal() > found.ordinal())) {
                    found = o;
                }
                addIfPresent(todo, sql.getNextException());
            }
            addIfPresent(todo, e.getCause());
            for (Throwable s : e.getSuppressed()) {
                addIfPresent(todo, s);
            }
        }
        return found;
    }

    private static void addIfPresent(Deque<Throwable> todo, Throwable t) {
        if (t != null) {
            todo.add(t);
        }
    }

    private static FailoverOutcome bySqlState(String state) {
        for (FailoverOutcome o : values()) {
            if (o.sqlState.equals(state)) {
                return o;
            }
        }
        return null;
    }
}
