package dev.aurorajca.example.failover;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Re-runs a transactional method once when aurora-jca reports a failover:
 * <ul>
 *   <li>{@code 08S02} (the connection moved to a healthy instance, no transaction was open):
 *       always retried;</li>
 *   <li>{@code 08007} (it moved, but a transaction was open and its outcome is unknown): retried
 *       only when {@link #idempotent()} is true, i.e. running the method twice cannot do the work
 *       twice;</li>
 *   <li>{@code 08001} (failover failed) and everything else: rethrown unchanged.</li>
 * </ul>
 * The SQLState is found through JPA, JTA and EJB exception wrapping.
 *
 * <p>The interceptor must wrap the transaction, so the retry runs in a new one. It does when it
 * sits on the same CDI method as {@code @Transactional} (its priority puts it outside the
 * transaction interceptor) or on a caller of an EJB or {@code @Transactional} bean. Put on a
 * method that already runs inside a transaction (an EJB business method with container-managed
 * transactions, a callee of a transactional method), it does not retry and logs a warning once:
 * re-running inside a transaction that is marked for rollback cannot succeed.
 */
@Inherited
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RetryOnFailover {

    /**
     * True if running the method a second time after an unknown outcome ({@code 08007}) is safe,
     * e.g. because a client-supplied key makes the second run find the first one's work.
     */
    @Nonbinding
    boolean idempotent() default false;
}
