/**
 * Dense linear algebra for the network core: the row-major {@link org.sparkmlp.math.Matrix}, the BLAS
 * kernels every matrix product goes through, and precondition checks. Plain Java; no Spark.
 */
package org.sparkmlp.math;
