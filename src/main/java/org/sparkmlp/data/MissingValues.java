package org.sparkmlp.data;

import org.sparkmlp.math.ConfigNames;

/** What training does with a missing feature value: fill it from the training data, or refuse the row. */
public enum MissingValues {
    IMPUTE("impute"),
    FAIL("fail");

    private final String configName;

    MissingValues(String configName) {
        this.configName = configName;
    }

    /** Whether a missing value is filled from the training data. */
    public boolean imputes() {
        return this == IMPUTE;
    }

    public String configName() {
        return configName;
    }

    public static MissingValues fromName(String name) {
        return ConfigNames.parse(values(), MissingValues::configName, name, "missing-values value");
    }

    @Override
    public String toString() {
        return configName;
    }
}
