package dev.aurorajca.itsupport.throughput;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** Just enough JSON for a result file: maps, lists, strings, numbers, booleans, null. */
final class MiniJson {

    private MiniJson() {
    }

    static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, int indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            sb.append('"');
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        } else if (v instanceof Double d) {
            sb.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d));
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            sb.append("{");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(i++ == 0 ? "\n" : ",\n").append(" ".repeat(indent + 2));
                write(sb, String.valueOf(e.getKey()), 0);
                sb.append(": ");
                write(sb, e.getValue(), indent + 2);
            }
            sb.append(m.isEmpty() ? "}" : "\n" + " ".repeat(indent) + "}");
        } else if (v instanceof Collection<?> c) {
            sb.append("[");
            int i = 0;
            for (Object x : c) {
                sb.append(i++ == 0 ? "\n" : ",\n").append(" ".repeat(indent + 2));
                write(sb, x, indent + 2);
            }
            sb.append(c.isEmpty() ? "]" : "\n" + " ".repeat(indent) + "]");
        } else {
            write(sb, String.valueOf(v), indent);
        }
    }
}
