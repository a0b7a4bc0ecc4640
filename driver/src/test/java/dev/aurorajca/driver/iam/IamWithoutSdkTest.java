package dev.aurorajca.driver.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.config.InvalidSettingException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("iam without the AWS SDK on the classpath")
class IamWithoutSdkTest {

    @Test
    @DisplayName("a missing SDK class is a configuration error on 'plugins' that names software.amazon.awssdk:rds")
    void missingClassNamesTheArtifact() throws InvalidSettingException {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> AwsSdk.require(getClass().getClassLoader(), "software.amazon.awssdk.NoSuchClass"));
        assertEquals("plugins", e.property());
        assertTrue(e.getMessage().contains("software.amazon.awssdk:rds"), e.getMessage());
        AwsSdk.require(getClass().getClassLoader(), AwsSdk.REQUIRED); // present here: no exception
    }

    /**
     * Loads the driver's own classes and Connector/J in a class loader that cannot see the SDK
     * (its parent is the platform loader), builds settings and the iam plugin there, and connects
     * through a stub chain: the classes load, and the connect fails with the clear error.
     */
    @Test
    @DisplayName("the driver and the plugin load without the SDK; the first iam connect says what to add")
    void driverLoadsAndIamConnectExplains() throws Exception {
        URL driverClasses = IamAuthPlugin.class.getProtectionDomain().getCodeSource().getLocation();
        URL connectorJ = com.mysql.cj.jdbc.NonRegisteringDriver.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {driverClasses, connectorJ}, ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> isolated.loadClass("software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider"));

            Class<?> settingsType = isolated.loadClass("dev.aurorajca.driver.config.AuroraSettings");
            Object settings = settingsType.getMethod("of", String.class, int.class, String.class, Map.class)
                    .invoke(null, "mycluster.cluster-abc.us-east-1.rds.amazonaws.com", 3306, "app", Map.of("user", "app", "plugins", "failover,iam"));
            Class<?> runtimeType = isolated.loadClass("dev.aurorajca.driver.DriverRuntime");
            Object plugin = isolated.loadClass("dev.aurorajca.driver.iam.IamAuthPlugin")
                    .getConstructor(isolated.loadClass("dev.aurorajca.driver.plugin.PluginRuntime"), settingsType).newInstance(null, settings);

            Class<?> hostType = isolated.loadClass("dev.aurorajca.driver.topology.HostSpec");
            Object host = hostType.getMethod("endpoint", String.class, int.class).invoke(null, "mycluster.cluster-abc.us-east-1.rds.amazonaws.com", 3306);
            Class<?> purposeType = isolated.loadClass("dev.aurorajca.driver.plugin.ConnectRequest$Purpose");
            Class<?> requestType = isolated.loadClass("dev.aurorajca.driver.plugin.ConnectRequest");
            Object request = requestType.getMethod("of", hostType, purposeType, settingsType)
                    .invoke(null, host, purposeType.getField("INITIAL").get(null), settings);
            Class<?> chainType = isolated.loadClass("dev.aurorajca.driver.plugin.ConnectChain");
            Object chain = Proxy.newProxyInstance(isolated, new Class<?>[] {chainType}, (p, m, a) -> {
                throw new AssertionError("nothing may be sent without a token");
            });
            Method connect = plugin.getClass().getMethod("connect", requestType, chainType);

            InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> connect.invoke(plugin, request, chain));
            Throwable cause = e.getCause();
            assertEquals("dev.aurorajca.driver.config.InvalidSettingException", cause.getClass().getName(), () -> String.valueOf(cause));
            assertTrue(cause.getMessage().contains("software.amazon.awssdk:rds"), cause.getMessage());
            assertTrue(cause.getMessage().contains("remove iam from plugins"), cause.getMessage());
        }
    }
}
