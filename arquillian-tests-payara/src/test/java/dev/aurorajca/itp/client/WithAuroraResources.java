package dev.aurorajca.itp.client;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a test class: {@link PayaraSetupObserver} configures the adapter ({@link AuroraResources#setUp})
 * before the class's deployments and removes it after they are undeployed — Payara's counterpart
 * of WildFly's {@code @ServerSetup}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WithAuroraResources {
}
