package dev.aurorajca.driver.config;

/**
 * What may stand as a host in a Connector/J URL. The URL is the one place where text from
 * configuration or from a topology table meets Connector/J's parser, and that parser gives
 * {@code / ? & = , : ( ) [ ] @ # %} and spaces a meaning: a host such as
 * {@code db?allowLoadLocalInfile=true} would switch on a Connector/J feature nobody configured.
 * So a host is accepted only in a shape that has no such character, checked character by
 * character (no regular expression on a path every physical connect takes).
 */
public final class HostNames {

    /** What {@link #isValid} accepts, in words, for error messages and log lines. */
    public static final String ALLOWED = "a DNS host name (labels of letters, digits, '-' and '_' separated by '.', "
            + "at most 253 characters) or an IPv4 address, or an IPv6 address in brackets such as [::1]";

    private static final int MAX_LENGTH = 253;
    private static final int MAX_LABEL = 63;
    private static final int MAX_SHOWN = 120;

    private HostNames() { }

    /** True if {@code host} can be put in a Connector/J URL without adding anything but a host. */
    public static boolean isValid(String host) {
        if (host == null || host.isEmpty() || host.length() > MAX_LENGTH) {
            return false;
        }
        if (host.charAt(0) == '[') {
            return isBracketedIpv6(host);
        }
        int labelLength = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    return false; // empty label: leading dot or ".."
                }
                labelLength = 0;
            } else if (isLetterOrDigit(c) || c == '_' || (c == '-' && labelLength > 0)) {
                if (++labelLength > MAX_LABEL) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return labelLength > 0 || host.length() > 1; // a trailing dot (fully qualified) is fine, "." alone is not
    }

    private static boolean isBracketedIpv6(String host) {
        if (host.length() < 4 || host.charAt(host.length() - 1) != ']') {
            return false;
        }
        int colons = 0;
        for (int i = 1; i < host.length() - 1; i++) {
            char c = host.charAt(i);
            if (c == ':') {
                colons++;
            } else if (!(isHexDigit(c) || c == '.')) {
                return false; // no zone id ('%' is URL syntax) and nothing else
            }
        }
        return colons >= 2;
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * A value as it may appear in a log line or message: at most 120 characters, with control
     * characters escaped, so a value read from a table cannot forge log lines.
     */
    public static String shown(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(value.length(), MAX_SHOWN) + 8);
        for (int i = 0; i < value.length() && i < MAX_SHOWN; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (value.length() > MAX_SHOWN) {
            b.append("...(").append(value.length()).append(" characters)");
        }
        return b.toString();
    }
}
