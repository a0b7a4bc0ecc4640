package dev.aurorajca.example.check;

import dev.aurorajca.example.failover.RetryOnFailover;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Proves on the running server that {@link RetryOnFailover} wraps the transaction: the first
 * attempt fails with a failover SQLState wrapped the way JPA wraps it, and the attempts record
 * their transaction keys. A retry that ran in the first attempt's transaction would show one key.
 * The demo calls it before it starts traffic; it touches no data.
 */
@ApplicationScoped
public class RetryBoundaryCheck {

    @Resource
    TransactionSynchronizationRegistry transactions;

    private final Map<String, List<String>> attempts = new ConcurrentHashMap<>();

    @RetryOnFailover
    @Transactional
    public List<String> failOnce(String checkId, String sqlState) {
        return attempt(checkId, sqlState);
    }

    @RetryOnFailover(idempotent = true)
    @Transactional
    public List<String> failOnceIdempotent(String checkId, String sqlState) {
        return attempt(checkId, sqlState);
    }

    /** Transaction keys of the attempts made for {@code checkId}; forgets them. */
    public List<String> attemptsOf(String checkId) {
        List<String> a = attempts.remove(checkId);
        return a == null ? List.of() : List.copyOf(a);
    }

    private List<String> attempt(String checkId, String sqlState) {
        List<String> keys = attempts.computeIfAbsent(checkId, k -> new CopyOnWriteArrayList<>());
        keys.add(String.valueOf(transactions.getTransactionKey()));
        if (keys.size() == 1) {
            throw new PersistenceException("simulated failover",
                    new SQLException("simulated failover outcome", sqlState));
        }
        return keys;
    }
}
