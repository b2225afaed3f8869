/**
 * Losses: {@link org.sparkmlp.nn.loss.CrossEntropy}, {@link org.sparkmlp.nn.loss.MSE} and
 * {@link org.sparkmlp.nn.loss.MAE}. Each returns the loss summed over the batch's rows and the gradient of
 * that sum; see {@link org.sparkmlp.nn.loss.Loss} for the convention.
 */
package org.sparkmlp.nn.loss;
