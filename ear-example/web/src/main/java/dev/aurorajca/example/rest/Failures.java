package dev.aurorajca.example.rest;

import dev.aurorajca.example.bank.BankException;
import dev.aurorajca.example.failover.FailoverOutcome;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns failures into JSON answers: business refusals 400/404/409; a failover outcome that was
 * not (or could not be) retried 503 with its SQLState, so a client knows it may try again
 * ({@code 08007}: only if its request is idempotent); anything else 500.
 */
@Provider
public class Failures implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(Failures.class.getName());

    public record Failure(String error, String sqlState) {
    }

    @Override
    public Response toResponse(Exception e) {
        if (e instanceof WebApplicationException w) {
            return w.getResponse();
        }
        Throwable root = e;
        while (root.getCause() != null && !(root instanceof BankException)) {
            root = root.getCause();
        }
        if (root instanceof BankException b) {
            Response.Status status = switch (b.reason()) {
                case NOT_FOUND -> Response.Status.NOT_FOUND;
                case INSUFFICIENT_FUNDS -> Response.Status.CONFLICT;
                case INVALID -> Response.Status.BAD_REQUEST;
            };
            return json(status, new Failure(b.getMessage(), null));
        }
        FailoverOutcome outcome = FailoverOutcome.of(e);
        if (outcome != null) {
            return json(Response.Status.SERVICE_UNAVAILABLE, new Failure(e.toString(), outcome.sqlState()));
        }
        LOG.log(Level.WARNING, "request failed", e);
        return json(Response.Status.INTERNAL_SERVER_ERROR, new Failure(e.toString(), null));
    }

    private static Response json(Response.Status status, Failure f) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(f).build();
    }
}
