package org.sparkmlp.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** A command's options as a Markdown table, for the README: one row per option, its help text. */
final class OptionTable {
    private OptionTable() {}

    static String markdown(CommandSpec command) {
        StringBuilder sb = new StringBuilder("| option | meaning |\n| --- | --- |\n");
        for (OptionSpec o : command.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            String label = o.arity().max() == 0 || o.paramLabel().startsWith("<") ? ""
                : o.arity().min() == 0 ? "[=" + o.paramLabel() + "]" : " " + o.paramLabel();
            sb.append("| `").append(o.longestName()).append(label.replace("|", "\\|")).append("` | ")
                .append(String.join(" ", o.description()).replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    /** Prints the train command's table. */
    public static void main(String[] args) {
        System.out.print(markdown(Main.commandLine().getSubcommands().get("train").getCommandSpec()));
    }
}
