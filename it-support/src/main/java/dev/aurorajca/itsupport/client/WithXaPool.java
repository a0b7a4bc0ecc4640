package dev.aurorajca.itsupport.client;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a scenario class: {@link AdapterObserver} deploys {@link Definition#withXa} (the standard
 * writer and reader plus the XA pool, JNDI {@link AppServer#xaJndi()}) instead of
 * {@link Definition#standard}. Only the classes that need XA pay for the extra pool.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WithXaPool {
}
