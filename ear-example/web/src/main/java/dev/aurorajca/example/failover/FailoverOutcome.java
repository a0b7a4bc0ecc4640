package dev.aurorajca.example.failover;

import jakarta.resource.ResourceException;
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
 *
 * <p>Where it is found, per failover moment:
 * <ul>
 *   <li>at a statement: an {@code SQLException} with the SQLState in the cause chain;</li>
 *   <li>at commit (the commit was in flight: {@code 08007}): WildFly reports a
 *       {@code RollbackException} (ARJUNA016053) whose suppressed {@code XAException} has the
 *       adapter's {@code ResourceException} and the {@code SQLException} as causes; a server that
 *       keeps only the text of the adapter's exception (Payara's {@code XAException}) still has
 *       {@code [SQLState 08007]} in a message, and a {@code ResourceException} carries the SQLState
 *       as its error code;</li>
 *   <li>at begin: nothing, unless the failover itself failed ({@code 08001}).</li>
 * </ul>
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
            FailoverOutcome o = null;
            if (e instanceof SQLException sql) {
                o = bySqlState(sql.getSQLState());
                addIfPresent(todo, sql.getNextException());
            } else if (e instanceof ResourceException re) {
                o = bySqlState(re.getErrorCode());
            }
            if (o == null) {
                o = byMessage(e.getMessage());
            }
            if (o != null && (found == null || o.ordinal() > found.ordinal())) {
                found = o;
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

    /**
     * aurora-jca writes {@code [SQLState x]} into its transaction exceptions' messages, for servers
     * that pass on only the text (the tag is exact, so ordinary messages never match).
     */
    private static FailoverOutcome byMessage(String message) {
        if (message == null || !message.contains("[SQLState ")) {
            return null;
        }
        FailoverOutcome found = null;
        for (FailoverOutcome o : values()) {
            if (message.contains("[SQLState " + o.sqlState + "]") && (found == null || o.ordinal() > found.ordinal())) {
                found = o;
            }
        }
        return found;
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
