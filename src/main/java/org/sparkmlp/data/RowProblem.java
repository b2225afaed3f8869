package org.sparkmlp.data;

/** The ways an input row can be unusable, as counted when invalid rows are skipped. */
public enum RowProblem {
    FIELD_COUNT("wrong number of fields"),
    NOT_A_NUMBER("a value that is not a number"),
    MISSING("a missing value"),
    NOT_FINITE("a NaN, infinite or out-of-range value"),
    BAD_LABEL("a label that is not one of the model's classes"),
    BAD_WEIGHT("a negative sample weight");

    private final String description;

    RowProblem(String description) {
        this.description = description;
    }

    /** What the row has, e.g. "a missing value". */
    public String description() {
        return description;
    }
}
