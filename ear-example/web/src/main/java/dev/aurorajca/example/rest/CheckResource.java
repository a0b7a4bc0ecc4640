package dev.aurorajca.example.rest;

import dev.aurorajca.example.check.RetryBoundaryCheck;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /checks/retry?state=08007&idempotent=true}: runs {@link RetryBoundaryCheck} and
 * reports how many attempts ran, in how many distinct transactions, and whether the call
 * succeeded in the end.
 */
@Path("checks")
@Produces(MediaType.APPLICATION_JSON)
public class CheckResource {

    @Inject
    RetryBoundaryCheck check;

    public record RetryCheck(String sqlState, boolean idempotent, int attempts, int transactions, boolean succeeded) {
    }

    @POST
    @Path("retry")
    public RetryCheck retry(@QueryParam("state") String state, @QueryParam("idempotent") boolean idempotent) {
        String id = UUID.randomUUID().toString();
        boolean succeeded;
        try {
            if (idempotent) {
                check.failOnceIdempotent(id, state);
            } else {
                check.failOnce(id, state);
            }
            succeeded = true;
        } catch (RuntimeException expectedWhenNotRetried) {
            succeeded = false;
        }
        List<String> keys = check.attemptsOf(id);
        return new RetryCheck(state, idempotent, keys.size(), new HashSet<>(keys).size(), succeeded);
    }
}
