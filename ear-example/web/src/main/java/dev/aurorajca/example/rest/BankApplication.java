package dev.aurorajca.example.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Jakarta REST root: everything under {@code /bank/api}. */
@ApplicationPath("/api")
public class BankApplication extends Application {
}
