package dev.aurorajca.example.bank;

/** A result and the instance that produced it. */
public record Served<T>(T result, ServedBy servedBy) {
}
