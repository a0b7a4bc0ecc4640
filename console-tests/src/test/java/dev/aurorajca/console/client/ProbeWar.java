package dev.aurorajca.console.client;

import dev.aurorajca.console.server.ProbeServlet;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** The one-servlet WAR that uses the factories the consoles made ({@link ProbeServlet}). */
public final class ProbeWar {

    private ProbeWar() {
    }

    /** Writes {@code dir/name} holding ProbeServlet and returns its path. */
    public static Path write(Path dir, String name) throws IOException {
        String entry = ProbeServlet.class.getName().replace('.', '/') + ".class";
        Path cls;
        try {
            cls = Path.of(ProbeServlet.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(entry);
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Files.createDirectories(dir);
        Path war = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(war); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("WEB-INF/classes/" + entry));
            jar.write(Files.readAllBytes(cls));
            jar.closeEntry();
        }
        return war;
    }
}
