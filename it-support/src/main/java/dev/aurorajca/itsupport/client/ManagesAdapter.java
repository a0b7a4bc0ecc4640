package dev.aurorajca.itsupport.client;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a scenario class: {@link AdapterObserver} leaves the adapter alone; the scenario deploys and
 * removes it itself ({@link AppServer#deployAdapter}, {@link AppServer#undeployAdapter}), e.g. to
 * cycle it, give it other pool sizes or a bad value. Its WAR must not need the adapter
 * ({@link AppServer#probeWar}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ManagesAdapter {
}
