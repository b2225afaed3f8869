package org.sparkmlp.data;

import org.sparkmlp.math.ConfigNames;

/** What reading does with a row it cannot use: stop with an error naming it, or drop it and count it. */
public enum OnInvalidRows {
    FAIL("fail"),
    SKIP("skip");

    private final String configName;

    OnInvalidRows(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static OnInvalidRows fromName(String name) {
        return ConfigNames.parse(values(), OnInvalidRows::configName, name, "on-invalid-rows value");
    }

    @Override
    public String toString() {
        return configName;
    }
}
