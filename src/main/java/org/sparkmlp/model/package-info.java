/**
 * Trained models: {@link org.sparkmlp.model.MlpModel} (architecture, flat weights, preprocessing,
 * columns), {@link org.sparkmlp.model.Predictor} to run one, {@link org.sparkmlp.model.Metrics}, and
 * {@link org.sparkmlp.model.ModelIO} for the on-disk model directory. Plain Java.
 */
package org.sparkmlp.model;
