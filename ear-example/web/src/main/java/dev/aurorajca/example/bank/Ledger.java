package dev.aurorajca.example.bank;

import dev.aurorajca.example.failover.RetryOnFailover;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Reads, on the reader factory ({@code java:app/aurora/reader}, persistence unit {@code bank-read}):
 * every physical connection goes to a reader instance, chosen by the adapter's
 * {@code ReaderHostSelectorStrategy}. A replica may lag the writer by a little: a read right
 * after a write can miss it (read from {@link Bank}'s unit when that matters).
 *
 * <p>Each read runs in its own (read-only in practice) transaction: that keeps the query and the
 * {@code @@server_id} question on the same connection, and a read must never join a writer
 * transaction — JTA allows one local-transaction resource per transaction. Reads are idempotent,
 * so they are retried after {@code 08007} too.
 */
@ApplicationScoped
public class Ledger {

    @PersistenceContext(unitName = "bank-read")
    EntityManager em;

    @RetryOnFailover(idempotent = true)
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Served<List<Account>> accounts() {
        List<Account> all = em.createQuery("SELECT a FROM Account a ORDER BY a.id", Account.class).getResultList();
        return new Served<>(all, ServedBy.of(em));
    }

    @RetryOnFailover(idempotent = true)
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Served<Account> account(long id) {
        Account a = em.find(Account.class, id);
        if (a == null) {
            throw new BankException(BankException.Reason.NOT_FOUND, "no account " + id);
        }
        return new Served<>(a, ServedBy.of(em));
    }
}
