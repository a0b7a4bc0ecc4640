package dev.aurorajca.soak.server;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an application can tell from an exception: the failover SQLState it carries, if any.
 * Walks causes, suppressed exceptions and {@link SQLException#getNextException()}, reads a
 * {@code ResourceException}'s error code (by reflection: no Jakarta type needed here) and the
 * adapter's {@code [SQLState x]} tag in a message, for servers that keep only the text.
 * Only {@code 08S02}, {@code 08007} and {@code 08001} are typed; anything else is untyped, keyed
 * by the first SQLState found or by the exception class when there is none.
 */
public final class Classify {
    private static final Pattern TAG = Pattern.compile("\\[SQLState (\\w{5})]");

    private Classify() {
    }

    public static boolean typed(String key) {
        return "08S02".equals(key) || "08007".equals(key) || "08001".equals(key);
    }

    /** {@code 08S02}/{@code 08007}/{@code 08001}, else e.g. {@code HY000} or {@code none:IllegalStateException}. */
    public static String of(Throwable top) {
        String firstOther = null;
        Deque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        todo.add(top);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            String state = null;
            if (t instanceof SQLException s) {
                state = s.getSQLState();
                addIfAny(todo, s.getNextException());
            } else {
                state = resourceErrorCode(t);
            }
            if (state != null && typed(state)) {
                return state;
            }
            String msg = t.getMessage();
            if (msg != null) {
                Matcher m = TAG.matcher(msg);
                while (m.find()) {
                    if (typed(m.group(1))) {
                        return m.group(1);
                    }
                }
            }
            if (firstOther == null && state != null && !state.isBlank()) {
                firstOther = state;
            }
            addIfAny(todo, t.getCause());
            for (Throwable x : t.getSuppressed()) {
                addIfAny(todo, x);
            }
        }
        return firstOther != null ? firstOther : "none:" + top.getClass().getSimpleName();
    }

    private static void addIfAny(Deque<Throwable> todo, Throwable t) {
        if (t != null) {
            todo.add(t);
        }
    }

    private static String resourceErrorCode(Throwable t) {
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (c.getName().equals("jakarta.resource.ResourceException")) {
                try {
                    Method m = c.getMethod("getErrorCode");
                    Object v = m.invoke(t);
                    return v == null ? null : v.toString();
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** One line for the report: class, message (first 300 characters) and the cause chain's classes. */
    public static String describe(Throwable top) {
        StringBuilder b = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = top; t != null && seen.add(t); t = t.getCause()) {
            if (b.length() > 0) {
                b.append(" <- ");
            }
            b.append(t.getClass().getName());
            if (t instanceof SQLException s) {
                b.append('[').append(s.getSQLState()).append('/').append(s.getErrorCode()).append(']');
            }
            String m = t.getMessage();
            if (m != null) {
                b.append(": ").append(m.length() > 300 ? m.substring(0, 300) + "..." : m);
            }
        }
        return b.toString().replace('\n', ' ').replace('\t', ' ');
    }
}
