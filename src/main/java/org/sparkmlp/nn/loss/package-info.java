/**
 * Losses: {@link org.sparkmlp.nn.loss.CrossEntropy}, {@link org.sparkmlp.nn.loss.MSE} and
 * {@link org.sparkmlp.nn.loss.MAE}, over {@link org.sparkmlp.nn.loss.Targets} (class indices or values,
 * with optional row weights). Each returns the weighted loss summed over the batch's rows and the
 * gradient of that sum; see {@link org.sparkmlp.nn.loss.Loss} for the convention.
 */
package org.sparkmlp.nn.loss;
