package dev.aurorajca.driver.config;

/** Which instance a connection may move to when failover runs. */
public enum FailoverMode {
    /** Only the writer (default for writer connections). */
    STRICT_WRITER("strict-writer"),
    /** Only a reader. */
    STRICT_READER("strict-reader"),
    /** A reader, or the writer when no reader can be reached (default for readOnly=true). */
    READER_OR_WRITER("reader-or-writer");

    private final String code;

    FailoverMode(String code) { this.code = code; }

    public String code() { return code; }

    public static FailoverMode lookup(String text) {
        for (FailoverMode m : values()) {
            if (m.code.equalsIgnoreCase(text.trim()) || m.name().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        return null;
    }
}
