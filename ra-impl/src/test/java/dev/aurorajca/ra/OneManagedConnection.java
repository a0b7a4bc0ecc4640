package dev.aurorajca.ra;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that exercise one managed connection and one handle on it: a fresh
 * {@link Fixture} per test, closed afterwards.
 */
abstract class OneManagedConnection {

    Fixture fx;
    AuroraManagedConnection mc;
    FakeLogical fake;
    ConnectionHandle handle;

    @BeforeEach
    void openOneManagedConnection() throws Exception {
        fx = new Fixture();
        mc = fx.managed();
        fake = fx.fake();
        handle = Fixture.handle(mc);
    }

    @AfterEach
    void closeFixture() {
        fx.close();
    }
}
