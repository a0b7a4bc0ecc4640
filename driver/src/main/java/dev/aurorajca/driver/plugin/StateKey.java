package dev.aurorajca.driver.plugin;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A typed slot of per-logical-connection state that one plugin owns: the plugin declares a
 * {@code static final} key and reads its state with {@link ConnectionContext#state(StateKey)}.
 * Each key gets a fixed index, so a lookup is one array read, not a map lookup.
 */
public final class StateKey<T> {

    private static final AtomicInteger COUNT = new AtomicInteger();

    private final int index;
    private final String name;
    private final Supplier<? extends T> initial;

    private StateKey(String name, Supplier<? extends T> initial) {
        this.index = COUNT.getAndIncrement();
        this.name = name;
        this.initial = initial;
    }

    /** A new key; {@code initial} makes the state on its first {@link ConnectionContext#state} (may return null). */
    public static <T> StateKey<T> of(String name, Supplier<? extends T> initial) {
        return new StateKey<>(name, initial);
    }

    /** A key whose state is absent until a plugin stores it with {@link ConnectionContext#putState}. */
    public static <T> StateKey<T> of(String name) {
        return new StateKey<>(name, () -> null);
    }

    public int index() { return index; }

    /** How many keys exist so far (the size a connection's state array starts with). */
    public static int count() { return COUNT.get(); }

    public T initial() { return initial.get(); }

    @Override
    public String toString() {
        return "StateKey[" + name + "]";
    }
}
