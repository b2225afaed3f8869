package org.sparkmlp.train;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One training setting, declared once in {@code src/main/settings/training.settings} and generated into
 * {@link Settings}: its name (the command line's long option without {@code --}, a job file's key, and,
 * in camel case, the builder method and the Spark ML param), the form of its value, what it means, its
 * default, how its text is read and what values it takes.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {
    /** How a Spark ML param holds the value: as a number, a flag, an array, or as the command line's text. */
    public enum Kind { INT, LONG, DOUBLE, BOOLEAN, INT_LIST, STRING_LIST, TEXT }

    /** When a model's metadata records the setting: always, when it differs from its default, or never. */
    public enum Describe { ALWAYS, CHANGED, NEVER }

    private final String name;
    private final String builderName;
    private final String accessorName;
    private final String paramName;
    private final Kind kind;
    private final String label;
    private final String description;
    private final String defaultSource;
    private final T defaultValue;
    private final String defaultText;
    private final boolean flag;
    private final Describe describe;
    private final Function<String, T> parser;
    private final Predicate<T> check;
    private final String checkMessage;
    private final Function<TrainConfig, T> defaultFrom;

    Setting(String name, String builderName, String accessorName, String paramName, Kind kind, String defaultSource,
            String defaultText, String label, String description, boolean flag, Describe describe,
            Function<String, T> parser, Predicate<T> check, String checkMessage,
            Function<TrainConfig, T> defaultFrom) {
        this.name = name;
        this.builderName = builderName;
        this.accessorName = accessorName;
        this.paramName = paramName;
        this.kind = kind;
        this.label = label;
        this.description = description;
        this.defaultText = defaultText;
        this.flag = flag;
        this.describe = describe;
        this.parser = parser;
        this.check = check;
        this.checkMessage = checkMessage;
        this.defaultFrom = defaultFrom;
        this.defaultSource = defaultSource;
        this.defaultValue = defaultSource == null ? null : parser.apply(defaultSource);
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
        return builderName;
    }

    /** The configuration's accessor: the builder's name, or another where that reads better ({@code learningRate}). */
    public String accessorName() {
        return accessorName;
    }

    /** The Spark ML param's name: MLlib's where MLlib's MLP has the setting ({@code maxIter}), else the builder's. */
    public String paramName() {
        return paramName;
    }

    public Kind kind() {
        return kind;
    }

    /** The form of the value, for help: {@code N}, {@code constant|step|...}. */
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

    /** The default in {@code cfg}: the declared one, or the one other settings choose (the optimizer's rate). */
    public T defaultIn(TrainConfig cfg) {
        return defaultFrom != null ? defaultFrom.apply(cfg) : defaultValue;
    }

    /**
     * The word the declared default is written as when it stands for a number ({@code full}, {@code auto}),
     * else null.
     */
    public String defaultWord() {
        return defaultValue instanceof Number && defaultSource.matches("[a-z]+") ? defaultSource : null;
    }

    /** The default as help shows it, such as {@code 10} or {@code every other numeric column}; null for none. */
    public String defaultText() {
        return defaultText;
    }

    /** Whether the option may be given without a value, meaning true. */
    public boolean flag() {
        return flag;
    }

    public Describe describe() {
        return describe;
    }

    /**
     * Reads {@code text}.
     *
     * @throws NumberFormatException    naming the setting, when a number is malformed
     * @throws IllegalArgumentException naming the setting, when the value is not one it takes
     */
    public T parse(String text) {
        try {
            return parser.apply(text.trim());
        } catch (NumberFormatException e) {
            NumberFormatException named = new NumberFormatException(name + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    /** Refuses a value the setting does not take, naming the setting; null (no value) passes. */
    public void check(T value) {
        if (value != null && check != null && !check.test(value)) {
            throw new IllegalArgumentException(String.format(checkMessage, text(value)));
        }
    }

    /** Reads {@code text} and sets it on {@code builder}. */
    public void apply(TrainConfig.Builder builder, String text) {
        builder.set(this, parse(text));
    }

    /** Sets a typed value on {@code builder}. */
    public void set(TrainConfig.Builder builder, T value) {
        builder.set(this, value);
    }

    /** {@code value} as the command line writes it: names for choices, lists comma-separated. */
    public static String text(Object value) {
        if (value instanceof List<?> l) {
            return l.stream().map(Setting::text).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    /** The names of a choice's values, for help: {@code sgd|adam|adamw}. */
    static String choices(Object[] values) {
        return Arrays.stream(values).map(Object::toString).collect(Collectors.joining("|"));
    }

    /** A setting stands for its option on the command line. */
    @Override
    public String toString() {
        return option();
    }
}
