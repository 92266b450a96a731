package dev.gatehouse.runtime;

import java.util.Objects;

/** The one volatile reference to the current {@link RuntimeSnapshot}; swapped whole on reload. */
public final class RuntimeHolder {

    private volatile RuntimeSnapshot current;

    public RuntimeHolder(RuntimeSnapshot initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    /** The snapshot a new request should pin. */
    public RuntimeSnapshot current() {
        return current;
    }

    public void swap(RuntimeSnapshot next) {
        current = Objects.requireNonNull(next, "next");
    }
}
