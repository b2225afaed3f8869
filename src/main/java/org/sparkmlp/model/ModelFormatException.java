package org.sparkmlp.model;

import java.io.IOException;

/**
 * A model directory that cannot be loaded as it is: missing, truncated or corrupted files, an unknown
 * format version, or metadata that does not match the weights. The message names the file and what is
 * wrong with it.
 */
public final class ModelFormatException extends IOException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
