package dev.aurorajca.itsupport.client;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WARs the scenarios deploy, built on the client JVM from it-support's {@code server/} classes. */
public final class Wars {

    private Wars() {
    }

    /** See {@link AppServer#testWar}. */
    public static WebArchive test(String name, String writerJndi, String readerJndi, Class<?>... extra) {
        return ShrinkWrap.create(WebArchive.class, name)
                .addClasses(ServerClasses.all())
                .addClasses(extra)
                .setWebXML(new StringAsset(webXml(writerJndi, readerJndi)));
    }

    /** See {@link AppServer#probeWar}. */
    public static WebArchive probe(String name) {
        return ShrinkWrap.create(WebArchive.class, name).addClasses(ServerClasses.probe());
    }

    /**
     * Resource refs {@code aurora/writer} and {@code aurora/reader} with the server's JNDI names
     * as {@code lookup-name}: server-side code (the EJB's {@code @Resource(name = "aurora/writer")})
     * never names a server-specific JNDI name.
     */
    static String webXml(String writerJndi, String readerJndi) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" "
                + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                + "xsi:schemaLocation=\"https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd\" "
                + "version=\"6.0\">\n"
                + ref("aurora/writer", writerJndi) + ref("aurora/reader", readerJndi)
                + "</web-app>\n";
    }

    private static String ref(String name, String lookup) {
        return "  <resource-ref>\n    <res-ref-name>" + name + "</res-ref-name>\n"
                + "    <res-type>javax.sql.DataSource</res-type>\n"
                + "    <lookup-name>" + lookup + "</lookup-name>\n  </resource-ref>\n";
    }
}
