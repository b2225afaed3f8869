package org.sparkmlp.data;

/**
 * An input row that cannot be trained on. The message says where the row is (file or table, line or
 * row), which column, what was found and what was expected:
 * {@code data/train.csv: line 7, column 'age': 'abc' is not a number; expected a finite number}.
 */
public final class InvalidRowException extends IllegalArgumentException {
    private final RowProblem problem;

    public InvalidRowException(RowProblem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public RowProblem problem() {
        return problem;
    }

    /** The same problem, its message prefixed with where the row is, e.g. {@code "train.csv: line 7"}. */
    public InvalidRowException at(String where) {
        return new InvalidRowException(problem, where + ", " + getMessage());
    }
}
