package dev.aurorajca.example.bank;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A money transfer. Its id comes from the client (or the REST layer, once per request) and is
 * the primary key: running the same transfer twice finds the first run's row instead of moving
 * the money again. That is what makes {@link Bank#transfer} idempotent, so it may be retried
 * after {@code 08007} (transaction outcome unknown).
 */
@Entity
@Table(name = "transfer")
public class Transfer {

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "from_account", nullable = false)
    private long fromAccount;

    @Column(name = "to_account", nullable = false)
    private long toAccount;

    @Column(nullable = false, precision = 19, scale = 2)
    private BigDecimal amount;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Transfer() {
        // for JPA
    }

    Transfer(String id, long fromAccount, long toAccount, BigDecimal amount, Instant createdAt) {
        this.id = id;
        this.fromAccount = fromAccount;
        this.toAccount = toAccount;
        this.amount = amount;
        this.createdAt = createdAt;
    }

    public String getId() {
        return id;
    }

    public long getFromAccount() {
        return fromAccount;
    }

    public long getToAccount() {
        return toAccount;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
