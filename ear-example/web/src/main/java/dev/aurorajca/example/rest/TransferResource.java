package dev.aurorajca.example.rest;

import dev.aurorajca.example.bank.Bank;
import dev.aurorajca.example.bank.Served;
import dev.aurorajca.example.bank.Transfer;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.UUID;

/** Money transfers (writer) and the totals that prove none was lost or made twice. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TransferResource {

    @Inject
    Bank bank;

    /**
     * {@code id}: the client's idempotency key (a UUID). Sending the same id again returns the
     * first transfer instead of moving the money twice. Without one, this request gets a fresh
     * id, still fixed across the server-side retry.
     */
    public record NewTransfer(String id, long from, long to, BigDecimal amount) {
    }

    @POST
    @Path("transfers")
    public Served<Transfer> transfer(NewTransfer t) {
        String id = t.id() == null || t.id().isBlank() ? UUID.randomUUID().toString() : t.id();
        return bank.transfer(id, t.from(), t.to(), t.amount());
    }

    @GET
    @Path("totals")
    public Served<Bank.Totals> totals() {
        return bank.totals();
    }
}
