package dev.aurorajca.example.rest;

import dev.aurorajca.example.bank.Account;
import dev.aurorajca.example.bank.Bank;
import dev.aurorajca.example.bank.Ledger;
import dev.aurorajca.example.bank.Served;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;

/** Accounts: opened on the writer, read from a reader. */
@Path("accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountResource {

    @Inject
    Bank bank;

    @Inject
    Ledger ledger;

    public record NewAccount(String owner, BigDecimal balance) {
    }

    @POST
    public Response open(NewAccount request) {
        Served<Account> a = bank.open(request.owner(), request.balance());
        return Response.created(URI.create("accounts/" + a.result().getId())).entity(a).build();
    }

    @GET
    public Served<List<Account>> list() {
        return ledger.accounts();
    }

    @GET
    @Path("{id}")
    public Served<Account> read(@PathParam("id") long id) {
        return ledger.account(id);
    }
}
