package org.sparkmlp.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code spark-mlp} command line: a thin layer that parses options into a
 * {@link org.sparkmlp.train.TrainConfig} and calls the Java API.
 */
@Command(name = "spark-mlp", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Distributed batch training of multilayer perceptrons on Apache Spark.",
    subcommands = {TrainCommand.class, PredictCommand.class, EvaluateCommand.class, ReportCommand.class,
        ExportCommand.class})
public final class Main implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Runs the command line and exits with its code. As the driver of a YARN application in cluster deploy
     * mode it returns instead, or throws on failure: YARN's ApplicationMaster runs this method in a thread
     * and reports the application's final status when it ends, and an exit before then counts as a failure
     * (and a retry) whatever the code.
     */
    public static void main(String[] args) {
        int code = run(args);
        if (System.getProperty("spark.yarn.app.id") != null
            && "cluster".equals(System.getProperty("spark.submit.deployMode"))) {
            if (code != 0) {
                throw new IllegalStateException("spark-mlp " + (args.length > 0 ? args[0] : "") + " failed (exit code "
                    + code + "); its error is above");
            }
            return;
        }
        System.exit(code);
    }

    /** The command line's commands, the train command's options made from the training settings. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        TrainCommand.addSettings(cli.getSubcommands().get("train").getCommandSpec());
        return cli;
    }

    /** Runs the command line and returns the exit code: 0 ok, 1 failed, 2 bad usage. */
    public static int run(String... args) {
        long started = System.currentTimeMillis();
        CommandLine cli = commandLine();
        cli.setOverwrittenOptionsAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("spark-mlp " + commandLine.getCommandName() + ": error: "
                + options(message(e), commandLine));
            CommandLine.ParseResult sub = parseResult.subcommand();
            if (Boolean.getBoolean("sparkmlp.stacktrace") || sub != null && sub.matchedOptionValue("--verbose", false)) {
                e.printStackTrace(commandLine.getErr());
            } else {
                java.nio.file.Path log = TaskLog.writtenSince(started);
                if (log != null) {
                    commandLine.getErr().println("(Spark's log of the failed tasks: " + log + "; --verbose prints "
                        + "it here)");
                }
            }
            return 1;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine cmd = e.getCommandLine();
            String message = e.getMessage();
            if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()) {
                message = "missing required " + missing.getMissing().stream()
                    .map(a -> a instanceof CommandLine.Model.OptionSpec o ? o.longestName() + " (key '"
                        + o.longestName().replaceFirst("^--", "") + "' in a job file)" : a.paramLabel())
                    .collect(java.util.stream.Collectors.joining(", "));
            }
            cmd.getErr().println("spark-mlp " + cmd.getCommandName() + ": error: " + options(message, cmd));
            cmd.getErr().println("Run 'spark-mlp " + cmd.getCommandName() + " --help' for the options.");
            return 2;
        });
        String[] expanded;
        try {
            expanded = expandJobFile(cli, args);
        } catch (Exception e) {
            cli.getErr().println("spark-mlp: error: " + message(e));
            return 2;
        }
        cli.setExecutionStrategy(parsed -> {
            CommandLine.ParseResult command = parsed.subcommand() != null ? parsed.subcommand() : parsed;
            List<String> jars = command.matchedOptionValue(JarOptions.NAME, List.<String>of());
            ExtensionJars.Installed installed;
            try {
                installed = ExtensionJars.install(jars);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ExecutionException(command.commandSpec().commandLine(), e.getMessage(), e);
            }
            try (installed) {
                return new CommandLine.RunLast().execute(parsed);
            }
        });
        return cli.execute(expanded);
    }

    /** Replaces {@code --job FILE} with the file's options, placed before the remaining arguments. */
    static String[] expandJobFile(CommandLine cli, String[] args) throws Exception {
        if (args.length == 0 || !cli.getSubcommands().containsKey(args[0])) {
            return args;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        int at = -1;
        String file = null;
        for (int i = 0; i < rest.size(); i++) {
            if (rest.get(i).equals("--job") && i + 1 < rest.size()) {
                at = i;
                file = rest.get(i + 1);
                break;
            }
            if (rest.get(i).startsWith("--job=")) {
                at = i;
                file = rest.get(i).substring("--job=".length());
                break;
            }
        }
        if (at < 0) {
            return args;
        }
        rest.subList(at, rest.get(at).equals("--job") ? at + 2 : at + 1).clear();
        Set<String> names = cli.getSubcommands().get(args[0]).getCommandSpec().options().stream()
            .map(OptionSpec::longestName).collect(Collectors.toSet());
        // An option given on the command line replaces the job file's value (list options included, which
        // picocli would otherwise append to); --conf settings from both are kept, the command line's last.
        Set<String> given = rest.stream().filter(a -> a.startsWith("--")).map(a -> a.split("=", 2)[0])
            .collect(Collectors.toSet());
        List<String> out = new ArrayList<>();
        out.add(args[0]);
        List<String> fromFile = JobFile.toArguments(Path.of(file), names);
        for (int i = 0; i + 1 < fromFile.size(); i += 2) {
            if (fromFile.get(i).equals("--conf") || !given.contains(fromFile.get(i))) {
                out.add(fromFile.get(i));
                out.add(fromFile.get(i + 1));
            }
        }
        out.addAll(rest);
        return out.toArray(new String[0]);
    }

    /**
     * {@code message} with each setting it names in backquotes, {@code `batch-size`}, as the command's option,
     * {@code --batch-size}: the Java API's messages speak of settings, the command line's of options.
     */
    static String options(String message, CommandLine command) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([a-z][a-z0-9]*(?:-[a-z0-9]+)*)`").matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            boolean option = command.getCommandSpec().findOption("--" + name) != null;
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(option ? "--" + name : name));
        }
        return m.appendTail(sb).toString();
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof org.apache.spark.SparkException)) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m != null ? m : t.toString();
    }

    /** Prints {@code values} as one JSON object on one line of standard output. */
    static void printJson(Map<String, ?> values) throws JsonProcessingException {
        PrintWriter out = new PrintWriter(System.out, true);
        out.println(JSON.writeValueAsString(values));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"spark-mlp " + org.sparkmlp.Version.get()};
        }
    }
}
