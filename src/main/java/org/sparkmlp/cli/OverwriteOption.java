package org.sparkmlp.cli;

import picocli.CommandLine.Option;

/** {@code --overwrite}: replace what a command writes (a model directory, a prediction output) if it exists. */
final class OverwriteOption {
    @Option(names = "--overwrite", arity = "0..1",
        description = "Replace what is already at the path written to (the model directory, the output).")
    boolean overwrite;
}
