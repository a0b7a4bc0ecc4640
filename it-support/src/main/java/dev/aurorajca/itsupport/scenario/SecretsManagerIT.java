package dev.aurorajca.itsupport.scenario;

import static dev.aurorajca.itsupport.scenario.Answers.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimNode;
import dev.aurorajca.clustersim.aws.SecretsManagerStub;
import dev.aurorajca.itsupport.client.AdapterProperties;
import dev.aurorajca.itsupport.client.AppServer;
import dev.aurorajca.itsupport.client.Definition;
import dev.aurorajca.itsupport.client.Http;
import dev.aurorajca.itsupport.client.ManagesAdapter;
import dev.aurorajca.itsupport.client.ServerLog;
import dev.aurorajca.itsupport.client.TestCluster;
import dev.aurorajca.itsupport.server.AwsCredentialsServlet;

/**
 * {@code aws_secrets_manager} through the adapter in the server: a connection definition with no
 * User or Password, {@code SecretsManagerSecretId}/{@code SecretsManagerRegion} and
 * {@code DriverProperties=secretsManagerEndpoint=…} pointing at cluster-sim's
 * {@link SecretsManagerStub} in the client JVM. The server JVM's AWS SDK default chain gets the
 * stub's test credentials from the system properties {@code aws.accessKeyId}/{@code aws.secretAccessKey}
 * ({@link AwsCredentialsServlet}). The database account {@code sm_it} is created on every node
 * without binary log (as cluster-sim creates its own user), so rotating its password leaves the
 * cluster's user, which every other scenario uses, alone.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ManagesAdapter
class SecretsManagerIT {

    static final String SECRET = "aurora-it/secrets-db";
    static final String USER = "sm_it";
    static final String DEFINITION = "secrets";
    static final int POOL = 10;
    static final int FIRST_HOLD = 3;
    static final String FIRST_PASSWORD = "sm-it-first-7f3a";
    static final String SECOND_PASSWORD = "sm-it-second-91c2";

    private final AppServer server = AppServer.get();

    @Deployment(testable = false)
    static WebArchive war() {
        return AppServer.get().probeWar("secrets-manager-it.war").addClass(AwsCredentialsServlet.class);
    }

    @ArquillianResource
    URL war;

    @Test
    void logsInWithTheSecretTakesOneFetchForThePoolAndFollowsARotation() throws Exception {
        SimCluster cluster = TestCluster.healthy();
        String jndi = server.jndi(DEFINITION);
        ServerLog log = ServerLog.mark(server.serverLog());
        SecretsManagerStub stub = SecretsManagerStub.start();
        try {
            setDbPassword(cluster, FIRST_PASSWORD);
            stub.putCredentials(SECRET, USER, FIRST_PASSWORD);
            assertEquals("OK", Http.post(war, "aws-credentials/set?accessKeyId=" + enc(stub.accessKeyId())
                    + "&secretAccessKey=" + enc(stub.secretAccessKey())).trim());
            server.deployAdapter(List.of(definition(cluster, stub)));

            // The writer, logged in with the secret's user: the definition has no User/Password.
            int writer = cluster.writer().id();
            for (int i = 0; i < 3; i++) {
                String[] w = ok(Http.get(war, "probe/connect?jndi=" + jndi));
                assertEquals(writer, Integer.parseInt(w[1]), "@@server_id through " + jndi);
                assertEquals("0", w[2], "@@read_only through " + jndi);
            }
            // Several physical connections at once, still one GetSecretValue. Fewer than the pool's
            // maximum, so that holding all of it after the rotation needs new logins (Payara has
            // also made its steady pool of 8 by now; WildFly keeps min-pool-size 0).
            assertEquals("OK " + FIRST_HOLD, Http.get(war, "probe/hold?jndi=" + jndi + "&count=" + FIRST_HOLD).trim(),
                    FIRST_HOLD + " connections held at once through " + jndi);
            assertEquals(1, stub.getSecretValueCount(SECRET), "GetSecretValue calls for the pool's logins");

            // Rotation, secret first (as AWS's rotation does): the cached value still logs in until
            // the database changes; then a refused login reads the secret again and retries.
            // Established connections stay logged in; the new physical ones of a full pool must
            // log in with the new password, through the rar's cache, without a flush.
            stub.putCredentials(SECRET, USER, SECOND_PASSWORD);
            setDbPassword(cluster, SECOND_PASSWORD);
            assertEquals("OK " + POOL, Http.get(war, "probe/hold?jndi=" + jndi + "&count=" + POOL).trim(),
                    POOL + " connections (new logins among them) after the rotation");
            assertEquals(2, stub.getSecretValueCount(SECRET), "GetSecretValue calls: one more after the rotation");
            String[] w = ok(Http.get(war, "probe/connect?jndi=" + jndi));
            assertEquals(writer, Integer.parseInt(w[1]), "@@server_id after the rotation");
        } finally {
            try {
                server.undeployAdapter();
            } finally {
                try {
                    Http.post(war, "aws-credentials/clear");
                } finally {
                    stub.close();
                }
            }
        }
        String text = log.sinceMark();
        for (String secret : List.of(FIRST_PASSWORD, SECOND_PASSWORD, stub.secretAccessKey())) {
            assertFalse(text.contains(secret), "a password or the AWS secret key reached the server log");
        }
        assertTrue(text.contains("aurora-jca aws_secrets_manager: secret '" + SECRET + "'") && text.contains("changed (version"),
                "the rotation is logged at INFO, naming the secret; new server log text:\n" + text);
    }

    private static Definition definition(SimCluster cluster, SecretsManagerStub stub) {
        Map<String, String> p = new LinkedHashMap<>(AdapterProperties.of(cluster, "aurora-it-secrets", false));
        p.remove("User");
        p.remove("Password");
        p.put("Plugins", "failover,aws_secrets_manager");
        p.put("SecretsManagerSecretId", SECRET);
        p.put("SecretsManagerRegion", stub.region());
        p.put("DriverProperties", "secretsManagerEndpoint=" + stub.endpoint());
        return new Definition(DEFINITION, POOL, p);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Creates or re-passwords {@link #USER} on every running node, without binary log. */
    static void setDbPassword(SimCluster cluster, String password) throws SQLException {
        String account = "'" + USER + "'@'%'";
        for (SimNode node : cluster.nodes()) {
            if (!node.isRunning()) {
                continue;
            }
            try (Connection c = cluster.adminConnection(node.id()); Statement st = c.createStatement()) {
                st.execute("SET SESSION sql_log_bin=0");
                st.execute("CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + password + "'");
                st.execute("ALTER USER " + account + " IDENTIFIED BY '" + password + "'");
                st.execute("GRANT ALL ON `" + cluster.database() + "`.* TO " + account);
                st.execute("GRANT SELECT ON mysql.* TO " + account);
                st.execute("GRANT BINLOG MONITOR, SLAVE MONITOR ON *.* TO " + account);
            }
        }
    }
}
