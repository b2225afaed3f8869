package org.sparkmlp.train;

import java.util.function.BiConsumer;
import java.util.function.Function;
import org.sparkmlp.math.Checks;

/**
 * One training setting, declared once in {@link Settings}: its name (the command line's long option
 * without {@code --}, a job file's key, and, in camel case, the {@link TrainConfig.Builder} method), the
 * form of its value, what it means, its default, how its text is read and how it is applied to a builder.
 * The command line, job files, the builder's defaults and the README's option table all come from here.
 *
 * @param <T> the value's type in the builder
 */
public final class Setting<T> {
    private final String name;
    private final String label;
    private final String description;
    private final T defaultValue;
    private final String defaultText;
    private final boolean flag;
    private final Function<String, T> parser;
    private final BiConsumer<TrainConfig.Builder, T> setter;

    Setting(String name, String label, String description, T defaultValue, String defaultText, boolean flag,
            Function<String, T> parser, BiConsumer<TrainConfig.Builder, T> setter) {
        Checks.arg(name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*"), "a setting's name is kebab-case, got %s", name);
        this.name = name;
        this.label = label;
        this.description = description;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.flag = flag;
        this.parser = parser;
        this.setter = setter;
    }

    /** The name: {@code batch-size}. */
    public String name() {
        return name;
    }

    /** The command line's option: {@code --batch-size}. */
    public String option() {
        return "--" + name;
    }

    /** The builder method's name: {@code batchSize}. */
    public String builderName() {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : name.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    /** The form of the value, for help: {@code N}, {@code constant|step|...}; empty for a flag. */
    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** The default, or null when the setting has none that is a value. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as help shows it, such as {@code 10} or {@code every other numeric column}; null for none. */
    public String defaultText() {
        return defaultText;
    }

    /** Whether the option may be given without a value, meaning true. */
    public boolean flag() {
        return flag;
    }

    /**
     * Reads {@code text} and sets it on {@code builder}.
     *
     * @throws NumberFormatException    naming the setting, when a number is malformed
     * @throws IllegalArgumentException naming the setting, when the value is not one it takes
     */
    public void apply(TrainConfig.Builder builder, String text) {
        T value;
        try {
            value = parser.apply(text.trim());
        } catch (NumberFormatException e) {
            NumberFormatException named = new NumberFormatException(name + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
        setter.accept(builder, value);
    }

    /** Sets a typed value on {@code builder}. */
    public void set(TrainConfig.Builder builder, T value) {
        setter.accept(builder, value);
    }

    @Override
    public String toString() {
        return option();
    }
}
