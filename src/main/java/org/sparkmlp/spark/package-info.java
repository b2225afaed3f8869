/**
 * The Spark edge, and the only package besides the CLI that imports Spark: reading and caching data as
 * blocks ({@link org.sparkmlp.spark.SparkData}), data-parallel training
 * ({@link org.sparkmlp.spark.SparkTrainer}) and scoring ({@link org.sparkmlp.spark.SparkScoring}). Every
 * computation on executors calls into the plain-Java core.
 */
package org.sparkmlp.spark;
