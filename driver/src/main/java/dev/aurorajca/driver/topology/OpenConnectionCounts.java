package dev.aurorajca.driver.topology;

/** How many physical connections a runtime holds open per instance ({@code least_connections} reads it). */
@FunctionalInterface
public interface OpenConnectionCounts {
    int openConnectionCount(String hostPort);
}
