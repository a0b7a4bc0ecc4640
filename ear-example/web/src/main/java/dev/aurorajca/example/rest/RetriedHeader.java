package dev.aurorajca.example.rest;

import dev.aurorajca.example.failover.RetryLog;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** Adds {@code Aurora-Retried: <SQLState>} to a response whose work {@code @RetryOnFailover} re-ran. */
@Provider
public class RetriedHeader implements ContainerResponseFilter {

    @Inject
    RetryLog log;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String states = log.retriedAfter();
        if (states != null) {
            response.getHeaders().add("Aurora-Retried", states);
        }
    }
}
