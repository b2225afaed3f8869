/**
 * Driver-side update rules over the flat parameter vector: {@link org.sparkmlp.optim.SGD} (with momentum,
 * optionally Nesterov) and {@link org.sparkmlp.optim.Adam}. Plain Java.
 */
package org.sparkmlp.optim;
