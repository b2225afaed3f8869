/**
 * Training data as the trainer caches it: {@link org.sparkmlp.data.DataBlock}s of float32 rows, their
 * one-pass {@link org.sparkmlp.data.DataSummary}, and the {@link org.sparkmlp.data.Preprocessor} that
 * standardises rows on their way into the kernels. Plain Java.
 */
package org.sparkmlp.data;
