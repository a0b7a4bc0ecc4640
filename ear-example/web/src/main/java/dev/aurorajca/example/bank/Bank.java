package dev.aurorajca.example.bank;

import dev.aurorajca.example.failover.RetryOnFailover;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Writes, in transactions on the writer factory ({@code java:app/aurora/writer}, persistence unit
 * {@code bank}). {@link RetryOnFailover} sits next to {@link Transactional} and runs outside it,
 * so a retried call gets a new transaction.
 */
@ApplicationScoped
public class Bank {

    @PersistenceContext(unitName = "bank")
    EntityManager em;

    /**
     * Opens an account. Not idempotent (each run inserts a new row), so it is retried after
     * {@code 08S02} only; after {@code 08007} the caller learns the outcome is unknown.
     */
    @RetryOnFailover
    @Transactional
    public Served<Account> open(String owner, BigDecimal initialBalance) {
        if (owner == null || owner.isBlank() || initialBalance == null || initialBalance.signum() < 0) {
            throw new BankException(BankException.Reason.INVALID, "owner and a non-negative balance are required");
        }
        Account a = new Account(owner, initialBalance);
        em.persist(a);
        em.flush();
        return new Served<>(a, ServedBy.of(em));
    }

    /**
     * Moves {@code amount} from one account to another, once per {@code transferId}: a second run
     * with the same id returns the first run's transfer. That makes it safe to retry after
     * {@code 08007}, when the first run may or may not have committed.
     */
    @RetryOnFailover(idempotent = true)
    @Transactional
    public Served<Transfer> transfer(String transferId, long from, long to, BigDecimal amount) {
        if (from == to || amount == null || amount.signum() <= 0) {
            throw new BankException(BankException.Reason.INVALID, "two different accounts and a positive amount are required");
        }
        Transfer done = em.find(Transfer.class, transferId);
        if (done == null) {
            // Lock in id order: two opposite transfers never wait for each other in a cycle.
            Account first = lock(Math.min(from, to));
            Account second = lock(Math.max(from, to));
            Account source = first.getId() == from ? first : second;
            Account target = source == first ? second : first;
            if (source.getBalance().compareTo(amount) < 0) {
                throw new BankException(BankException.Reason.INSUFFICIENT_FUNDS, "account " + from + " has less than " + amount);
            }
            source.add(amount.negate());
            target.add(amount);
            done = new Transfer(transferId, from, to, amount, Instant.now());
            em.persist(done);
            // Flush here, not at commit: a failure then surfaces from this method as a
            // PersistenceException with the SQLState inside, not from the commit as a RollbackException.
            em.flush();
        }
        return new Served<>(done, ServedBy.of(em));
    }

    private Account lock(long id) {
        Account a = em.find(Account.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (a == null) {
            throw new BankException(BankException.Reason.NOT_FOUND, "no account " + id);
        }
        return a;
    }

    /**
     * Number of accounts, sum of all balances and number of transfers, read on the writer (a
     * replica may lag): transfers move money, so the sum never changes.
     */
    @RetryOnFailover(idempotent = true)
    @Transactional
    public Served<Totals> totals() {
        BigDecimal sum = em.createQuery("SELECT COALESCE(SUM(a.balance), 0) FROM Account a", BigDecimal.class).getSingleResult();
        long transfers = em.createQuery("SELECT COUNT(t) FROM Transfer t", Long.class).getSingleResult();
        long accounts = em.createQuery("SELECT COUNT(a) FROM Account a", Long.class).getSingleResult();
        return new Served<>(new Totals(accounts, sum, transfers), ServedBy.of(em));
    }

    public record Totals(long accounts, BigDecimal balance, long transfers) {
    }
}
