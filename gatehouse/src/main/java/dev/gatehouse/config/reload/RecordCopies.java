package dev.gatehouse.config.reload;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * Copies a config record with one component replaced, through its canonical constructor.
 *
 * <p>Config records grow a component with each feature; copying them by their components instead
 * of by a hand-written constructor call keeps overrides working as they grow. Used off the request
 * path only (on reload and on an operator's change).
 */
final class RecordCopies {

    private RecordCopies() {
    }

    /** {@code record} with its component {@code name} set to {@code value}. */
    static <R extends Record> R with(R record, String name, Object value) {
        @SuppressWarnings("unchecked")
        Class<R> type = (Class<R>) record.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        boolean found = false;
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                if (components[i].getName().equals(name)) {
                    values[i] = value;
                    found = true;
                } else {
                    values[i] = components[i].getAccessor().invoke(record);
                }
            }
            if (!found) {
                throw new IllegalArgumentException("name: \"" + name + "\" (expected: a component of " + type.getSimpleName() + ")");
            }
            Constructor<R> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("cannot copy " + type.getSimpleName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + type.getSimpleName() + ": " + e, e);
        }
    }
}
