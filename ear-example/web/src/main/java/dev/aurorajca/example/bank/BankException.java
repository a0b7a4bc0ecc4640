package dev.aurorajca.example.bank;

/** A business rule said no (unknown account, not enough money). The transaction rolls back. */
public class BankException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason { NOT_FOUND, INSUFFICIENT_FUNDS, INVALID }

    private final Reason reason;

    public BankException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
