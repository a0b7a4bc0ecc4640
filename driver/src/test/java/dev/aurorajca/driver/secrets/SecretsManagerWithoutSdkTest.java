package dev.aurorajca.driver.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("aws_secrets_manager without the AWS SDK on the classpath")
class SecretsManagerWithoutSdkTest {

    /**
     * Loads the driver's classes and Connector/J in a class loader that cannot see the SDK, creates
     * the plugin there and connects through a stub chain: the classes load, and the first connect
     * fails with an error naming the artifacts to add.
     */
    @Test
    @DisplayName("the plugin loads without the SDK; the first connect names software.amazon.awssdk:secretsmanager")
    void connectExplainsWhatToAdd() throws Exception {
        URL driverClasses = SecretsManagerPlugin.class.getProtectionDomain().getCodeSource().getLocation();
        URL connectorJ = com.mysql.cj.jdbc.NonRegisteringDriver.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {driverClasses, connectorJ}, ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class,
                    () -> isolated.loadClass("software.amazon.awssdk.services.secretsmanager.SecretsManagerClient"));
            Class<?> settingsType = isolated.loadClass("dev.aurorajca.driver.config.AuroraSettings");
            Object settings = settingsType.getMethod("of", String.class, int.class, String.class, Map.class)
                    .invoke(null, "db.example", 3306, "app", Map.of("plugins", "failover,aws_secrets_manager",
                            "secretsManagerSecretId", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"));
            Class<?> runtimeType = isolated.loadClass("dev.aurorajca.driver.DriverRuntime");
            AutoCloseable runtime = (AutoCloseable) runtimeType.getConstructor(String.class).newInstance("no-sdk");
            try {
                Object plugin = isolated.loadClass("dev.aurorajca.driver.secrets.SecretsManagerPlugin")
                        .getConstructor(isolated.loadClass("dev.aurorajca.driver.plugin.PluginRuntime"), settingsType).newInstance(runtime, settings);
                Class<?> hostType = isolated.loadClass("dev.aurorajca.driver.topology.HostSpec");
                Object host = hostType.getMethod("endpoint", String.class, int.class).invoke(null, "db.example", 3306);
                Class<?> purposeType = isolated.loadClass("dev.aurorajca.driver.plugin.ConnectRequest$Purpose");
                Class<?> requestType = isolated.loadClass("dev.aurorajca.driver.plugin.ConnectRequest");
                Object request = requestType.getMethod("of", hostType, purposeType, settingsType)
                        .invoke(null, host, purposeType.getField("INITIAL").get(null), settings);
                Class<?> chainType = isolated.loadClass("dev.aurorajca.driver.plugin.ConnectChain");
                Object chain = Proxy.newProxyInstance(isolated, new Class<?>[] {chainType}, (p, m, a) -> {
                    throw new AssertionError("nothing may be sent without the secret");
                });
                Method connect = plugin.getClass().getMethod("connect", requestType, chainType);
                InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> connect.invoke(plugin, request, chain));
                Throwable cause = e.getCause();
                assertEquals("dev.aurorajca.driver.config.InvalidSettingException", cause.getClass().getName(), () -> String.valueOf(cause));
                assertTrue(cause.getMessage().contains("software.amazon.awssdk:secretsmanager"), cause.getMessage());
                assertTrue(cause.getMessage().contains("url-connection-client"), cause.getMessage());
                assertTrue(cause.getMessage().contains("remove aws_secrets_manager from plugins"), cause.getMessage());
            } finally {
                runtime.close();
            }
        }
    }
}
