package dev.aurorajca.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.DriverRuntime;
import jakarta.resource.ResourceException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Resource adapter lifecycle")
@org.junit.jupiter.api.Tag("unit")
class ResourceAdapterLifecycleTest {

    private static boolean runtimeThreadAlive(DriverRuntime rt) {
        String prefix = "aurora-jca-" + rt.name() + "-";
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(prefix) && t.isAlive());
    }

    @Test
    @DisplayName("stop() closes the shared runtime and ends its threads; start and stop are idempotent")
    void stopEndsThreads() throws Exception {
        AuroraResourceAdapter ra = new AuroraResourceAdapter();
        ra.start(null);
        ra.start(null);
        DriverRuntime rt = ra.runtime();
        CountDownLatch ran = new CountDownLatch(1);
        rt.scheduler().execute(ran::countDown); // makes the runtime start a thread
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        assertTrue(runtimeThreadAlive(rt));

        ra.stop();
        ra.stop();
        assertTrue(rt.isClosed());
        assertFalse(runtimeThreadAlive(rt), "close() returns only after every runtime thread has ended");
    }

    @Test
    @DisplayName("every factory of one adapter shares its runtime; after stop no connection can be made")
    void factoriesShareRuntime() throws Exception {
        try (Fixture fx = new Fixture()) {
            AuroraManagedConnectionFactory reader = new AuroraManagedConnectionFactory();
            reader.setClusterEndpoint("mydb.cluster-abc123.us-east-1.rds.amazonaws.com");
            reader.setReadOnly(true);
            reader.setResourceAdapter(fx.adapter);
            assertEquals(2, fx.adapter.factoryCount());
            fx.managed();
            reader.createManagedConnection(null, null);
            assertEquals(2, fx.opened.size());

            fx.adapter.stop();
            String m = assertThrows(ResourceException.class, () -> fx.factory.createManagedConnection(null, null)).getMessage();
            assertTrue(m.startsWith("AJCA0103") && m.contains("stopped"), m);
        }
    }

    @Test
    @DisplayName("a factory with no adapter says so instead of failing obscurely")
    void noAdapter() {
        AuroraManagedConnectionFactory f = new AuroraManagedConnectionFactory();
        f.setClusterEndpoint("db.example");
        String m = assertThrows(ResourceException.class, () -> f.createManagedConnection(null, null)).getMessage();
        assertTrue(m.contains("setResourceAdapter"), m);
    }

    @Test
    @DisplayName("start() does no blocking work: it starts no thread")
    void startIsCheap() throws Exception {
        AuroraResourceAdapter ra = new AuroraResourceAdapter();
        ra.start(null);
        try {
            assertFalse(runtimeThreadAlive(ra.runtime()));
        } finally {
            ra.stop();
        }
    }
}
