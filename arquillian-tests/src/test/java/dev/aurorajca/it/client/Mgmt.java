package dev.aurorajca.it.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.as.controller.client.helpers.standalone.ServerDeploymentHelper;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.Property;

/** Management-model operations the tests share (client JVM). */
public final class Mgmt {

    public static final String RA = "aurora";
    public static final String RA_SUBSYSTEM = "resource-adapters";
    private static final ModelNode THREADING = Operations.createAddress("core-service", "platform-mbean", "type", "threading");

    private Mgmt() {
    }

    /** Runs {@code op}; returns its result or throws with the server's failure description. */
    public static ModelNode exec(ModelControllerClient client, ModelNode op) throws IOException {
        ModelNode response = client.execute(op);
        if (!Operations.isSuccessfulOutcome(response)) {
            throw new ManagementException(op, Operations.getFailureDescription(response).asString());
        }
        return Operations.readResult(response);
    }

    /** Runs {@code op}; returns the failure description, or null if it succeeded. */
    public static String tryExec(ModelControllerClient client, ModelNode op) throws IOException {
        ModelNode response = client.execute(op);
        return Operations.isSuccessfulOutcome(response) ? null : Operations.getFailureDescription(response).asString();
    }

    public static ModelNode raAddress(String... more) {
        List<String> parts = new ArrayList<>(List.of("subsystem", RA_SUBSYSTEM, "resource-adapter", RA));
        parts.addAll(List.of(more));
        return Operations.createAddress(parts);
    }

    public static ModelNode definitionAddress(String definition) {
        return raAddress("connection-definitions", definition);
    }

    /**
     * Pool statistics of a connection definition ({@code statistics=pool}, runtime values), as
     * name → value text. Needs {@code statistics-enabled=true} on the resource adapter and the rar
     * deployed.
     */
    public static Map<String, String> poolStatistics(ModelControllerClient client, String definition) throws IOException {
        ModelNode address = definitionAddress(definition).clone();
        address.add("statistics", "pool");
        ModelNode op = Operations.createReadResourceOperation(address);
        op.get("include-runtime").set(true);
        Map<String, String> out = new LinkedHashMap<>();
        for (Property p : exec(client, op).asPropertyList()) {
            out.put(p.getName(), p.getValue().isDefined() ? p.getValue().asString() : "");
        }
        return out;
    }

    public static long poolStatistic(ModelControllerClient client, String definition, String name) throws IOException {
        String v = poolStatistics(client, definition).get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException("pool statistic " + name + " of " + definition + " is missing: "
                    + poolStatistics(client, definition).keySet());
        }
        return Long.parseLong(v);
    }

    /** Names of every live thread in the server JVM (platform MBean thread dump). */
    public static List<String> threadNames(ModelControllerClient client) throws IOException {
        return new ArrayList<>(threads(client).values());
    }

    /** Live threads in the server JVM: thread id → name (ids are never reused within a JVM). */
    public static java.util.TreeMap<Long, String> threads(ModelControllerClient client) throws IOException {
        ModelNode op = Operations.createOperation("dump-all-threads", THREADING);
        op.get("locked-monitors").set(false);
        op.get("locked-synchronizers").set(false);
        java.util.TreeMap<Long, String> threads = new java.util.TreeMap<>();
        for (ModelNode t : exec(client, op).asList()) {
            threads.put(t.get("thread-id").asLong(), t.get("thread-name").asString());
        }
        return threads;
    }

    public static int threadCount(ModelControllerClient client) throws IOException {
        return exec(client, Operations.createReadAttributeOperation(THREADING, "thread-count")).asInt();
    }

    /** Deploys {@code file} under {@code name} (enabled). */
    public static void deploy(ModelControllerClient client, String name, Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            new ServerDeploymentHelper(client).deploy(name, in);
        }
    }

    public static void undeploy(ModelControllerClient client, String name) throws Exception {
        new ServerDeploymentHelper(client).undeploy(name);
    }

    public static boolean isDeployed(ModelControllerClient client, String name) throws IOException {
        ModelNode op = Operations.createReadResourceOperation(Operations.createAddress("deployment", name));
        return tryExec(client, op) == null;
    }

    /** A management operation that failed; the message carries the server's failure description. */
    public static final class ManagementException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String failure;

        ManagementException(ModelNode op, String failure) {
            super("management operation failed: " + op.get("operation").asString() + " "
                    + op.get("address").asString() + ": " + failure);
            this.failure = failure;
        }

        public String failure() {
            return failure;
        }
    }
}
