import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the Java of the training settings from their declarations ({@code src/main/settings/training.settings},
 * whose header describes the format): {@code org.sparkmlp.train.Settings}, {@code TrainConfigBase} and
 * {@code org.sparkmlp.ml.MlpSettingParams}. Run by the build before compiling, with the JDK's source launcher:
 * {@code java src/build/GenerateSettings.java DECLARATIONS OUTPUT_DIR}.
 */
public final class GenerateSettings {
    private record Decl(String name, Map<String, String> keys, int line) {
        String get(String key) {
            return keys.get(key);
        }

        String get(String key, String fallback) {
            return keys.getOrDefault(key, fallback);
        }
    }

    private final String file;
    private final List<Decl> settings = new ArrayList<>();
    private final Map<String, Decl> groups = new LinkedHashMap<>();

    private GenerateSettings(String file) {
        this.file = file;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: GenerateSettings DECLARATIONS OUTPUT_DIR");
        }
        GenerateSettings g = new GenerateSettings(args[0]);
        g.read(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8));
        Path out = Path.of(args[1]);
        g.write(out.resolve("org/sparkmlp/train/Settings.java"), g.settingsClass());
        g.write(out.resolve("org/sparkmlp/train/TrainConfigBase.java"), g.configClass());
        g.write(out.resolve("org/sparkmlp/ml/MlpSettingParams.java"), g.paramsInterface());
    }

    private void write(Path path, String text) throws IOException {
        Files.createDirectories(path.getParent());
        if (!Files.exists(path) || !Files.readString(path, StandardCharsets.UTF_8).equals(text)) {
            Files.writeString(path, text, StandardCharsets.UTF_8);
        }
    }

    private void read(List<String> lines) {
        String name = null;
        Map<String, String> keys = null;
        String lastKey = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                add(name, keys, start);
                name = line.substring(1, line.indexOf(']')).trim();
                keys = new LinkedHashMap<>();
                lastKey = null;
                start = i + 1;
            } else if (Character.isWhitespace(line.charAt(0))) {
                if (lastKey == null) {
                    throw fail(i + 1, "a continuation line with nothing to continue");
                }
                keys.put(lastKey, keys.get(lastKey) + " " + line.trim());
            } else {
                int eq = line.indexOf('=');
                if (eq < 0 || keys == null) {
                    throw fail(i + 1, "expected 'key = value' inside a [setting]");
                }
                lastKey = line.substring(0, eq).trim();
                if (keys.put(lastKey, line.substring(eq + 1).trim()) != null) {
                    throw fail(i + 1, "'" + lastKey + "' given twice");
                }
            }
        }
        add(name, keys, start);
        for (Decl d : settings) {
            for (String required : List.of("type", "default", "help")) {
                if (d.get(required) == null) {
                    throw fail(d.line(), "[" + d.name() + "] has no " + required);
                }
            }
            if (d.get("group") != null && !groups.containsKey(d.get("group").split("\\.")[0])) {
                throw fail(d.line(), "[" + d.name() + "] is in group " + d.get("group") + ", which is not declared");
            }
        }
    }

    private void add(String name, Map<String, String> keys, int line) {
        if (name == null) {
            return;
        }
        if (name.startsWith("group ")) {
            groups.put(name.substring(6).trim(), new Decl(name.substring(6).trim(), keys, line));
        } else {
            if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
                throw fail(line, "a setting's name is kebab-case, got " + name);
            }
            settings.add(new Decl(name, keys, line));
        }
    }

    private IllegalArgumentException fail(int line, String what) {
        return new IllegalArgumentException(file + ":" + line + ": " + what);
    }

    // ---- names and types

    private static String camel(String kebab) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    private static String constant(String kebab) {
        return kebab.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static boolean isEnum(Decl d) {
        return d.get("type").startsWith("enum ");
    }

    /** The value's boxed Java type. */
    private static String type(Decl d) {
        return isEnum(d) ? d.get("type").substring(5).trim() : d.get("type");
    }

    /** The accessor's and typed setter's type: primitive where the value always has one. */
    private static String valueType(Decl d) {
        boolean always = !d.get("default").equals("-") || d.get("default-from") != null;
        if (!always) {
            return type(d);
        }
        return switch (type(d)) {
            case "Integer" -> "int";
            case "Long" -> "long";
            case "Double" -> "double";
            case "Boolean" -> "boolean";
            default -> type(d);
        };
    }

    private static String accessor(Decl d) {
        return d.get("accessor", camel(d.name()));
    }

    private static String param(Decl d) {
        return d.get("param", camel(d.name()));
    }

    /** How the Spark ML param holds the value. */
    private static String kind(Decl d) {
        return switch (type(d)) {
            case "Integer" -> "INT";
            case "Long" -> "LONG";
            case "Double" -> "DOUBLE";
            case "Boolean" -> "BOOLEAN";
            case "List<Integer>" -> "INT_LIST";
            case "List<String>" -> "STRING_LIST";
            default -> "TEXT";
        };
    }

    private static String parser(Decl d) {
        if (d.get("parse") != null) {
            String p = d.get("parse");
            return type(d).startsWith("List<") ? "SettingParsers.orEmpty(" + p + ")" : p;
        }
        if (isEnum(d)) {
            return type(d) + "::fromName";
        }
        return switch (type(d)) {
            case "Integer" -> "SettingParsers::integer";
            case "Long" -> "SettingParsers::longInteger";
            case "Double" -> "SettingParsers::number";
            case "Boolean" -> "SettingParsers::bool";
            case "String" -> "SettingParsers::text";
            default -> throw new IllegalArgumentException("[" + d.name() + "] of type " + type(d) + " needs a parse");
        };
    }

    /** Java text for a value that may hold ${expressions}. */
    private static String text(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        List<String> parts = new ArrayList<>();
        while (i < value.length()) {
            int open = value.indexOf("${", i);
            if (open < 0) {
                parts.add(quote(value.substring(i)));
                break;
            }
            if (open > i) {
                parts.add(quote(value.substring(i, open)));
            }
            int depth = 0;
            int close = open + 2;
            for (; close < value.length(); close++) {
                char c = value.charAt(close);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                }
            }
            parts.add("(" + value.substring(open + 2, close) + ")");
            i = close + 1;
        }
        if (parts.isEmpty()) {
            return "\"\"";
        }
        sb.append(String.join(" + ", parts));
        return sb.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ---- Settings

    private String settingsClass() {
        StringBuilder sb = new StringBuilder();
        sb.append("package org.sparkmlp.train;\n\n");
        sb.append("import java.util.List;\n\n");
        sb.append("/**\n * Every training setting, generated from {@code src/main/settings/training.settings}: the command line's\n"
            + " * options, the keys of job files, the configuration's defaults and checks, the Spark ML params and the\n"
            + " * README's option table are made from this list.\n */\n");
        sb.append("public final class Settings {\n    private Settings() {}\n\n");
        for (Decl d : settings) {
            String def = d.get("default").equals("-") ? null : d.get("default");
            String shown = d.get("shown") == null ? (def == null ? null : quote(def))
                : d.get("shown").equals("-") ? "null" : text(d.get("shown"));
            String label = d.get("label") != null ? text(d.get("label"))
                : isEnum(d) ? "Setting.choices(" + type(d) + ".values())"
                : type(d).equals("Boolean") ? quote("true|false") : quote("X");
            String check = "null";
            String message = "null";
            if (d.get("check") != null) {
                String[] c = d.get("check").split("::", 2);
                check = "v -> " + c[0].trim();
                message = quote(c[1].trim());
            }
            sb.append("    /** ").append(d.get("help").replaceAll("\\$\\{[^}]*\\}+\\)*", "...")
                    .replace("*/", "*&#47;").replace("@", "{@literal @}"))
                .append(". */\n");
            sb.append("    public static final Setting<").append(type(d)).append("> ").append(constant(d.name()))
                .append(" = new Setting<>(\n        ").append(quote(d.name())).append(", ")
                .append(quote(camel(d.name()))).append(", ").append(quote(accessor(d))).append(", ").append(quote(param(d))).append(", ")
                .append("Setting.Kind.").append(kind(d)).append(", ").append(def == null ? "null" : quote(def))
                .append(",\n        ").append(shown).append(", ").append(label).append(",\n        ")
                .append(text(d.get("help"))).append(",\n        ")
                .append(Boolean.parseBoolean(d.get("flag", "false"))).append(", Setting.Describe.")
                .append(d.get("describe", "changed").toUpperCase(Locale.ROOT)).append(", ").append(parser(d))
                .append(", ").append(check).append(", ").append(message).append(", ")
                .append(d.get("default-from") == null ? "null" : "c -> " + d.get("default-from")).append(");\n\n");
        }
        sb.append("    /** Every setting, in the order the command line's help lists them. */\n");
        sb.append("    public static final List<Setting<?>> ALL = List.of(");
        List<String> names = settings.stream().map(d -> constant(d.name())).toList();
        sb.append(wrap(names, "        ")).append(");\n\n");
        sb.append("    /** The setting named {@code name}, or null. */\n");
        sb.append("    public static Setting<?> named(String name) {\n");
        sb.append("        return ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);\n");
        sb.append("    }\n}\n");
        return sb.toString();
    }

    private static String wrap(List<String> items, String indent) {
        StringBuilder sb = new StringBuilder();
        int col = 100;
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i) + (i + 1 < items.size() ? "," : "");
            if (col + item.length() + 1 > 110) {
                sb.append("\n").append(indent);
                col = indent.length();
            } else if (i > 0) {
                sb.append(' ');
                col++;
            }
            sb.append(item);
            col += item.length();
        }
        return sb.toString();
    }

    // ---- TrainConfigBase

    private String configClass() {
        StringBuilder sb = new StringBuilder();
        sb.append("package org.sparkmlp.train;\n\nimport java.util.List;\n\n");
        sb.append("/**\n * The training configuration's typed accessors and builder methods, generated from\n"
            + " * {@code src/main/settings/training.settings}; {@link TrainConfig} adds what relates settings to each other.\n */\n");
        sb.append("public abstract class TrainConfigBase extends ConfigValues {\n");
        sb.append("    TrainConfigBase(java.util.Map<String, Object> values) {\n        super(values);\n    }\n\n");
        for (Decl d : settings) {
            sb.append("    /** {@link Settings#").append(constant(d.name())).append("}. */\n");
            sb.append("    public ").append(valueType(d)).append(' ').append(accessor(d)).append("() {\n");
            sb.append("        return value(Settings.").append(constant(d.name())).append(");\n");
            sb.append("    }\n\n");
        }
        for (Map.Entry<String, Decl> g : groups.entrySet()) {
            String type = g.getValue().get("type");
            List<Decl> members = members(g.getKey());
            sb.append("    /** The settings ").append(members.stream().map(d -> "{@code " + d.name() + "}")
                .reduce((a, b) -> a + ", " + b).orElse("")).append(" as one record. */\n");
            sb.append("    public ").append(type).append(' ').append(g.getKey()).append("() {\n");
            sb.append("        return new ").append(type).append("(").append(String.join(", ",
                members.stream().map(d -> accessor(d) + "()").toList())).append(");\n    }\n\n");
        }
        sb.append("    /** Fluent construction; the methods are named after the settings. */\n");
        sb.append("    public static final class Builder extends ConfigBuilder {\n");
        sb.append("        Builder(java.util.Map<String, Object> values) {\n            super(values);\n        }\n\n");
        for (Decl d : settings) {
            String c = "Settings." + constant(d.name());
            List<String> names = new ArrayList<>(List.of(camel(d.name())));
            if (!accessor(d).equals(camel(d.name()))) {
                names.add(accessor(d));
            }
            for (String n : names) {
                sb.append("        /** {@link Settings#").append(constant(d.name())).append("}. */\n");
                sb.append("        public Builder ").append(n).append('(').append(valueType(d)).append(" v) {\n");
                sb.append("            return set(").append(c).append(", v);\n        }\n\n");
            }
            if (isEnum(d)) {
                sb.append("        /** {@link Settings#").append(constant(d.name())).append("} by its name. */\n");
                sb.append("        public Builder ").append(camel(d.name())).append("(String v) {\n");
                sb.append("            return apply(").append(c).append(", v);\n        }\n\n");
            }
        }
        for (Map.Entry<String, Decl> g : groups.entrySet()) {
            String type = g.getValue().get("type");
            sb.append("        /** Every setting of {@code v}. */\n");
            sb.append("        public Builder ").append(g.getKey()).append('(').append(type).append(" v) {\n");
            for (Decl d : members(g.getKey())) {
                sb.append("            set(Settings.").append(constant(d.name())).append(", v.")
                    .append(d.get("group").split("\\.")[1]).append("());\n");
            }
            sb.append("            return this;\n        }\n\n");
        }
        sb.append("        @Override\n        Builder self() {\n            return this;\n        }\n\n");
        sb.append("        /** The configuration, every value checked. */\n");
        sb.append("        public TrainConfig build() {\n            return new TrainConfig(values());\n        }\n");
        sb.append("    }\n}\n");
        return sb.toString();
    }

    /** The settings of {@code group}, in the order of its record's components. */
    private List<Decl> members(String group) {
        Decl g = groups.get(group);
        List<Decl> out = new ArrayList<>();
        for (String component : g.get("components").split(",")) {
            String full = group + "." + component.trim();
            out.add(settings.stream().filter(d -> full.equals(d.get("group"))).findFirst()
                .orElseThrow(() -> fail(g.line(), "no setting is " + full)));
        }
        if (out.size() != settings.stream().filter(d -> d.get("group") != null
                && d.get("group").startsWith(group + ".")).count()) {
            throw fail(g.line(), "[group " + group + "] does not list every component its settings name");
        }
        return out;
    }

    // ---- MlpSettingParams

    private String paramsInterface() {
        StringBuilder sb = new StringBuilder();
        sb.append("package org.sparkmlp.ml;\n\n");
        sb.append("import org.apache.spark.ml.param.Param;\nimport org.apache.spark.ml.param.Params;\n\n");
        sb.append("/**\n * A Spark ML param for every training setting but the label (Spark's {@code labelCol}), generated from\n"
            + " * {@code src/main/settings/training.settings}: its getter and its setter, under MLlib's name where MLlib's\n"
            + " * MLP has the setting. {@link MlpParamSet} makes the Param objects, with the settings' docs and defaults.\n"
            + " *\n * @param <T> the class itself, which the setters return\n */\n");
        sb.append("public interface MlpSettingParams<T extends MlpSettingParams<T>> extends Params {\n");
        sb.append("    /** The Param objects of this instance. */\n    MlpParamSet mlpParams();\n\n");
        sb.append("    @SuppressWarnings(\"unchecked\")\n    private <V> T setParam(Param<V> param, V value) {\n"
            + "        set(param, value);\n        return (T) this;\n    }\n\n");
        for (Decl d : settings) {
            if (d.name().equals("label")) {
                continue;
            }
            String p = param(d);
            String[] k = switch (kind(d)) {
                case "INT" -> new String[] {"org.apache.spark.ml.param.IntParam", "int", "Integer"};
                case "LONG" -> new String[] {"org.apache.spark.ml.param.LongParam", "long", "Long"};
                case "DOUBLE" -> new String[] {"org.apache.spark.ml.param.DoubleParam", "double", "Double"};
                case "BOOLEAN" -> new String[] {"org.apache.spark.ml.param.BooleanParam", "boolean", "Boolean"};
                case "INT_LIST" -> new String[] {"org.apache.spark.ml.param.IntArrayParam", "int[]", "int[]"};
                case "STRING_LIST" -> new String[] {"org.apache.spark.ml.param.StringArrayParam", "String[]",
                    "String[]"};
                default -> new String[] {"Param<String>", "String", "String"};
            };
            sb.append("    /** The trainer's {@code ").append(d.name()).append("} setting: {@link org.sparkmlp.train.Settings#")
                .append(constant(d.name())).append("}. */\n");
            sb.append("    default ").append(k[0]).append(' ').append(p).append("() {\n        return mlpParams().param(\"")
                .append(p).append("\");\n    }\n\n");
            sb.append("    default ").append(k[1]).append(" get").append(capitalized(p)).append("() {\n        return (")
                .append(k[2]).append(") getOrDefault(").append(p).append("());\n    }\n\n");
            sb.append("    default T set").append(capitalized(p)).append('(').append(k[1]).append(" value) {\n")
                .append("        return setParam(").append(p).append("(), value);\n    }\n\n");
        }
        sb.setLength(sb.length() - 1);
        sb.append("}\n");
        return sb.toString();
    }
}
