package org.sparkmlp.train;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The values of the training settings that were set, by name; every other setting has its default. Two
 * configurations are equal when every setting has the same value, set or by default.
 */
public abstract class ConfigValues implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, Object> values;

    ConfigValues(Map<String, Object> values) {
        this.values = new LinkedHashMap<>(values);
    }

    /** The value of {@code s}: the one set, or its default here ({@link #defaultOf}). */
    @SuppressWarnings("unchecked")
    public <T> T value(Setting<T> s) {
        return values.containsKey(s.name()) ? (T) values.get(s.name()) : defaultOf(s);
    }

    /** What {@code s} is when it is not set: its declared default, or the one the other settings choose. */
    public <T> T defaultOf(Setting<T> s) {
        return s.defaultIn((TrainConfig) this);
    }

    /** Whether {@code s} was given a value, rather than left at its default. */
    public boolean isSet(Setting<?> s) {
        return values.containsKey(s.name());
    }

    /** The values that were set, by setting name. */
    Map<String, Object> setValues() {
        return new LinkedHashMap<>(values);
    }

    @Override
    public boolean equals(Object o) {
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        ConfigValues other = (ConfigValues) o;
        return Settings.ALL.stream().allMatch(s -> Objects.equals(value(s), other.value(s)));
    }

    @Override
    public int hashCode() {
        return Objects.hash(Settings.ALL.stream().map(this::value).toArray());
    }

    /** The settings that differ from their defaults, as the command line writes them. */
    @Override
    public String toString() {
        StringJoiner sj = new StringJoiner(", ", getClass().getSimpleName() + "[", "]");
        for (Setting<?> s : Settings.ALL) {
            Object v = value(s);
            if (!Objects.equals(v, defaultOf(s))) {
                sj.add(s.name() + "=" + Setting.text(v));
            }
        }
        return sj.toString();
    }
}
