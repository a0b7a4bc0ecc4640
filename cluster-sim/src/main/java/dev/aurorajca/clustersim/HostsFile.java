package dev.aurorajca.clustersim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sim's "DNS": a hosts file for {@code -Djdk.net.hosts.file}, one name per line. One cluster
 * owns one; a blue/green deployment shares one between its two clusters so a client JVM resolves
 * both. Every change rewrites the whole file through a rename, so a reader never sees half of it.
 */
final class HostsFile {

  private final Path path;
  /** Name → address, in the order names were first added. */
  private final Map<String, String> names = new LinkedHashMap<>();

  HostsFile(Path path) {
    this.path = path.toAbsolutePath();
  }

  Path path() {
    return path;
  }

  /** Adds or moves {@code name} to {@code address} (not written until {@link #write()}). */
  synchronized HostsFile put(String name, String address) {
    names.put(name, address);
    return this;
  }

  /** Removes {@code name}: it no longer resolves once written. */
  synchronized HostsFile remove(String name) {
    names.remove(name);
    return this;
  }

  synchronized Optional<String> address(String name) {
    return Optional.ofNullable(names.get(name));
  }

  synchronized Map<String, String> entries() {
    return new LinkedHashMap<>(names);
  }

  /** Writes the file: localhost lines (the machine's name kept resolvable), then every name. */
  synchronized void write() {
    StringBuilder hosts = new StringBuilder();
    String self = localHostName();
    hosts.append("127.0.0.1 localhost").append(self == null ? "" : " " + self).append('\n');
    hosts.append("::1 localhost ip6-localhost\n");
    names.forEach((name, address) -> hosts.append(address).append(' ').append(name).append('\n'));
    try {
      Files.createDirectories(path.getParent());
      Path tmp = Files.createTempFile(path.getParent(), ".hosts-", ".tmp");
      Files.writeString(tmp, hosts.toString());
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the hosts file " + path, e);
    }
  }

  private static String localHostName() {
    try {
      String name = Files.readString(Path.of("/etc/hostname")).trim();
      return name.isEmpty() || name.equals("localhost") ? null : name;
    } catch (IOException e) {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException ignored) {
        return null;
      }
    }
  }
}
