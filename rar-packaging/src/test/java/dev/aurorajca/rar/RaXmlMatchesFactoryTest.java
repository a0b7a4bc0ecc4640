package dev.aurorajca.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.ra.AdapterProperty;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The descriptor and the code cannot drift: ra.xml declares exactly the rows of
 * {@link AdapterProperty} (name, type, default, confidential), which is also what the factory's
 * bean accessors, validation and equality are made from.
 */
@DisplayName("META-INF/ra.xml matches AuroraManagedConnectionFactory")
class RaXmlMatchesFactoryTest {

    private static final String MCF = "dev.aurorajca.ra.AuroraManagedConnectionFactory";
    private static final Path RA_XML = Path.of("src/main/rar/META-INF/ra.xml");

    private static Document doc;
    private static Class<?> factoryClass;

    /** One parsed config-property element. */
    record Prop(String type, String value, boolean confidential) { }

    @BeforeAll
    static void load() throws Exception {
        assertTrue(Files.exists(RA_XML), "ra.xml not found at " + RA_XML.toAbsolutePath());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        doc = f.newDocumentBuilder().parse(RA_XML.toFile());
        factoryClass = Class.forName(MCF);
    }

    private static String text(Element parent, String name) {
        NodeList l = parent.getElementsByTagNameNS("*", name);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
    }

    private static Map<String, Prop> descriptorProperties() {
        Element def = (Element) doc.getElementsByTagNameNS("*", "connection-definition").item(0);
        NodeList list = def.getElementsByTagNameNS("*", "config-property");
        Map<String, Prop> out = new TreeMap<>();
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            assertTrue(text(e, "description") != null && !text(e, "description").isEmpty(),
                    "config property " + text(e, "config-property-name") + " has no description");
            out.put(text(e, "config-property-name"), new Prop(text(e, "config-property-type"),
                    text(e, "config-property-value"), "true".equals(text(e, "config-property-confidential"))));
        }
        return out;
    }

    /** Config setters of the factory: public one-argument setters of a java.lang type (what a server would call). */
    private static Map<String, Class<?>> factorySetters() {
        Map<String, Class<?>> out = new TreeMap<>();
        for (Method m : factoryClass.getMethods()) {
            if (m.getName().startsWith("set") && m.getParameterCount() == 1 && !Modifier.isStatic(m.getModifiers())
                    && m.getParameterTypes()[0].getName().startsWith("java.lang.")) {
                out.put(m.getName().substring(3), m.getParameterTypes()[0]);
            }
        }
        return out;
    }

    @Test
    @DisplayName("ra.xml declares exactly the factory's property table: names, types, defaults, confidentiality")
    void descriptorIsTheTable() {
        Map<String, Prop> xml = descriptorProperties();
        Map<String, Prop> table = new TreeMap<>();
        for (AdapterProperty p : AdapterProperty.values()) {
            Object d = p.defaultValue();
            table.put(p.beanName(), new Prop(p.type().getName(), d == null ? null : d.toString(), p.confidential()));
        }
        assertEquals(table, xml);
    }

    @Test
    @DisplayName("every row has a getter and setter of its type; the factory has no config setter outside the table")
    void accessorsAreTheTable() throws Exception {
        Map<String, Class<?>> expected = new TreeMap<>();
        for (AdapterProperty p : AdapterProperty.values()) {
            expected.put(p.beanName(), p.type());
            assertEquals(p.type(), factoryClass.getMethod("get" + p.beanName()).getReturnType(), "getter of " + p.beanName());
        }
        assertEquals(expected, factorySetters());
    }

    @Test
    @DisplayName("a fresh factory holds the table's defaults (so the adapter behaves the same inside a server and outside)")
    void freshFactoryHoldsDefaults() throws Exception {
        Object fresh = factoryClass.getConstructor().newInstance();
        for (AdapterProperty p : AdapterProperty.values()) {
            assertEquals(p.defaultValue(), factoryClass.getMethod("get" + p.beanName()).invoke(fresh), "default of " + p.beanName());
        }
    }

    @Test
    @DisplayName("one connection definition: javax.sql.DataSource / java.sql.Connection, XATransaction (pools choose lower), classes exist")
    void connectionDefinition() throws Exception {
        Element root = doc.getDocumentElement();
        assertEquals("2.1", root.getAttribute("version"));
        assertEquals("https://jakarta.ee/xml/ns/jakartaee", root.getNamespaceURI());
        assertEquals(1, doc.getElementsByTagNameNS("*", "connection-definition").getLength());
        assertEquals("javax.sql.DataSource", text(root, "connectionfactory-interface"));
        assertEquals("java.sql.Connection", text(root, "connection-interface"));
        assertEquals("XATransaction", text(root, "transaction-support"));
        assertEquals(MCF, text(root, "managedconnectionfactory-class"));
        for (String cls : new String[] {"resourceadapter-class", "connectionfactory-impl-class", "connection-impl-class"}) {
            Class<?> c = Class.forName(text(root, cls));
            assertTrue(Modifier.isPublic(c.getModifiers()), cls + " must be public");
        }
        assertTrue(javax.sql.DataSource.class.isAssignableFrom(Class.forName(text(root, "connectionfactory-impl-class"))));
        assertTrue(java.sql.Connection.class.isAssignableFrom(Class.forName(text(root, "connection-impl-class"))));
    }
}
