/**
 * Training, independent of where the data lives: the validated {@link org.sparkmlp.train.TrainConfig},
 * the {@link org.sparkmlp.train.BatchPlan} that picks each iteration's rows, the per-partition
 * {@link org.sparkmlp.train.PartitionGradient}, the driver's {@link org.sparkmlp.train.TrainingLoop}, and
 * the single-JVM {@link org.sparkmlp.train.LocalTrainer} that the Spark trainer must agree with. Plain Java.
 */
package org.sparkmlp.train;
