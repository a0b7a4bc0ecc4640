package dev.aurorajca.itsupport.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Named rendezvous points between a transaction running in the server and the test client (issue
 * 17, XA): the transaction arrives at a gate and waits there; the client sees it waiting (through
 * {@link XaTxServlet}), breaks the cluster, then opens the gate.
 */
public final class XaGate {

    /** A gate never opened lets the transaction go after this long, so no request hangs forever. */
    static final long MAX_WAIT_SECONDS = 120;

    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();

    private XaGate() {
    }

    private static final class Gate {
        final CountDownLatch open = new CountDownLatch(1);
        volatile String arrived;
        /** What the transaction noted after the gate (survives a rollback of the transaction). */
        volatile String note;
    }

    private static Gate gate(String name) {
        return GATES.computeIfAbsent(name, n -> new Gate());
    }

    /** Marks {@code name} reached (with {@code what}, e.g. the branch's global transaction id) and waits until it is opened. */
    static boolean arriveAndWait(String name, String what) throws InterruptedException {
        Gate g = gate(name);
        g.arrived = what;
        return g.open.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** {@code "waiting <what>"} once the transaction arrived, else {@code "none"}. */
    static String state(String name) {
        Gate g = GATES.get(name);
        String a = g == null ? null : g.arrived;
        return a == null ? "none" : "waiting " + a;
    }

    static void open(String name) {
        gate(name).open.countDown();
    }

    static void note(String name, String text) {
        gate(name).note = text;
    }

    static String noteOf(String name) {
        Gate g = GATES.get(name);
        return g == null || g.note == null ? "nothing noted" : g.note;
    }

    static void forget(String name) {
        GATES.remove(name);
    }
}
