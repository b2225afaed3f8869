package org.sparkmlp.math;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parsing of enum values by the names configuration files and the command line use. */
public final class ConfigNames {
    private ConfigNames() {}

    /**
     * The constant of {@code values} whose configuration name equals {@code name}, ignoring case;
     * otherwise an {@link IllegalArgumentException} listing the valid names.
     */
    public static <E extends Enum<E>> E parse(E[] values, Function<E, String> configName, String name, String what) {
        Checks.notNull(name, what);
        for (E v : values) {
            if (configName.apply(v).equalsIgnoreCase(name.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "'; expected one of "
            + Arrays.stream(values).map(configName).collect(Collectors.joining(", ")));
    }
}
