package org.sparkmlp.ml;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.UserDefinedType;
import org.sparkmlp.spark.ScoreColumns;

/** Score columns as Spark ML's dense vectors, the type of Spark's own {@code probability} columns. */
final class MlVectors implements ScoreColumns.Vectors {
    static final MlVectors INSTANCE = new MlVectors();
    private static final long serialVersionUID = 1L;
    @SuppressWarnings("unchecked")
    private static final UserDefinedType<Vector> VECTOR = (UserDefinedType<Vector>) SQLDataTypes.VectorType();

    private MlVectors() {}

    @Override
    public DataType type() {
        return SQLDataTypes.VectorType();
    }

    @Override
    public Object of(double[] values) {
        return VECTOR.serialize(Vectors.dense(values));
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
