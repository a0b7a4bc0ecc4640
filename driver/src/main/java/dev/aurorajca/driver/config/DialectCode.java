package dev.aurorajca.driver.config;

/** The dialects the driver knows; each owns all the SQL it needs. */
public enum DialectCode {
    AURORA_MYSQL("aurora-mysql"),
    RDS_MULTI_AZ_MYSQL("rds-multi-az-mysql"),
    MYSQL("mysql");

    private final String code;

    DialectCode(String code) { this.code = code; }

    public String code() { return code; }

    public static DialectCode lookup(String text) {
        for (DialectCode d : values()) {
            if (d.code.equalsIgnoreCase(text.trim())) {
                return d;
            }
        }
        return null;
    }
}
