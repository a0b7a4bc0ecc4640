package dev.aurorajca.example.failover;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Implements {@link RetryOnFailover}. Its priority (100) is below the {@code @Transactional}
 * interceptor's ({@code PLATFORM_BEFORE + 200} in Narayana), so on a method that carries both it
 * runs outside: the failed attempt's transaction has ended (rolled back) when it decides, and
 * {@code proceed()} again begins a new one. It checks that at run time rather than trusting
 * placement, because an EJB's container-managed transaction starts before any CDI interceptor.
 */
@RetryOnFailover
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class RetryOnFailoverInterceptor {

    private static final Logger LOG = Logger.getLogger(RetryOnFailoverInterceptor.class.getName());
    /** Methods already warned about, so a misplaced annotation logs once, not per call. */
    private static final Set<Method> WARNED = ConcurrentHashMap.newKeySet();

    /** The standard, portable way to ask whether a transaction is active (java:comp/TransactionSynchronizationRegistry). */
    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    RetryStats stats;

    @Inject
    Instance<RetryLog> requestLog;

    @AroundInvoke
    public Object retryOnce(InvocationContext ctx) throws Exception {
        if (insideTransaction()) {
            if (WARNED.add(ctx.getMethod())) {
                LOG.warning(() -> "@RetryOnFailover on " + name(ctx) + " runs inside a transaction and cannot retry:"
                        + " put it on the method that starts the transaction (@Transactional) or on its caller");
            }
            return ctx.proceed();
        }
        try {
            return ctx.proceed();
        } catch (Exception e) {
            FailoverOutcome outcome = FailoverOutcome.of(e);
            if (outcome == null) {
                throw e;
            }
            boolean idempotent = idempotent(ctx);
            if (!outcome.retryable(idempotent)) {
                stats.notRetried(outcome);
                LOG.log(Level.INFO, "{0} failed with SQLState {1}; not retried ({2})", new Object[] {
                        name(ctx), outcome.sqlState(),
                        outcome == FailoverOutcome.FAILED ? "failover failed" : "not marked idempotent"});
                throw e;
            }
            stats.retried(outcome);
            record(outcome);
            LOG.log(Level.INFO, "{0} failed with SQLState {1} after a failover; running it again in a new transaction",
                    new Object[] {name(ctx), outcome.sqlState()});
            // Once only: a second failover inside the retry surfaces to the caller.
            return ctx.proceed();
        }
    }

    private boolean insideTransaction() {
        return transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION;
    }

    private void record(FailoverOutcome outcome) {
        try {
            requestLog.get().retried(outcome);
        } catch (ContextNotActiveException notInARequest) {
            // Called outside an HTTP request (a timer, an async task): only the global stats count it.
        }
    }

    private static boolean idempotent(InvocationContext ctx) {
        RetryOnFailover onMethod = ctx.getMethod().getAnnotation(RetryOnFailover.class);
        if (onMethod != null) {
            return onMethod.idempotent();
        }
        for (Class<?> c = ctx.getMethod().getDeclaringClass(); c != null; c = c.getSuperclass()) {
            RetryOnFailover onType = c.getAnnotation(RetryOnFailover.class);
            if (onType != null) {
                return onType.idempotent();
            }
        }
        return false;
    }

    private static String name(InvocationContext ctx) {
        Method m = ctx.getMethod();
        return m.getDeclaringClass().getSimpleName() + "." + m.getName();
    }
}
