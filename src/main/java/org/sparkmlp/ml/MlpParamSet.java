package org.sparkmlp.ml;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.sparkmlp.math.Checks;
import org.sparkmlp.optim.OptimizerKind;
import org.sparkmlp.train.Setting;
import org.sparkmlp.train.Settings;
import org.sparkmlp.train.TrainConfig;

/**
 * The {@link Param} objects of one estimator or model, made from {@link Settings}: one per training
 * setting (its description as the doc, its default as the default), under MLlib's name where MLlib's MLP
 * has the setting, plus {@code tol} and {@code initialWeights}. {@link #config} turns the values set into
 * a {@link TrainConfig}.
 */
public final class MlpParamSet implements Serializable {
    /** Solvers MLlib has that spark-mlp does not. */
    private static final List<String> REFUSED_SOLVERS = List.of("l-bfgs", "lbfgs");

    private final Map<String, Param<?>> byName = new LinkedHashMap<>();
    private final Map<String, Setting<?>> settingOf = new LinkedHashMap<>();

    MlpParamSet(MlpParams<?> owner) {
        add(new Param<Vector>(owner, "initialWeights", "the flat weights to start from (each layer's weights, then "
            + "its biases, layer by layer) instead of the seeded initialisation"), null);
        for (Setting<?> s : Settings.ALL) {
            if (s == Settings.LABEL) {
                continue;
            }
            String name = s.paramName();
            String doc = s.description() + (s == Settings.OPTIMIZER ? "; gd is full-batch gradient descent (sgd "
                + "without momentum over every row)" : "");
            Param<?> p = switch (s.kind()) {
                case INT -> new IntParam(owner, name, doc, new Valid<>(s.name(), name));
                case LONG -> new LongParam(owner, name, doc, new Valid<>(s.name(), name));
                case DOUBLE -> new DoubleParam(owner, name, doc, new Valid<>(s.name(), name));
                case BOOLEAN -> new BooleanParam(owner, name, doc);
                case INT_LIST -> new IntArrayParam(owner, name, doc);
                case STRING_LIST -> new StringArrayParam(owner, name, doc);
                case TEXT -> new Param<String>(owner, name, doc, new Valid<String>(s.name(), name));
            };
            add(p, s);
            Object def = defaultOf(s);
            if (def != null) {
                setDefault(owner, p, def);
            }
        }
    }

    /**
     * A param's check at set time, as Spark ML's {@code ParamValidators} are: the setting's own check (a text
     * read as the setting reads it), refused with the param's name and the setting's message. Holds the
     * setting's name, so that it serialises with the param.
     */
    private static final class Valid<T> extends scala.runtime.AbstractFunction1<T, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String setting;
        private final String param;

        Valid(String setting, String param) {
            this.setting = setting;
            this.param = param;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object apply(T value) {
            Setting<Object> s = (Setting<Object>) Settings.named(setting);
            if (setting.equals(Settings.OPTIMIZER.name()) && ("gd".equals(value) || REFUSED_SOLVERS.contains(value))) {
                // MLlib's solver names: fit reads gd as full-batch sgd and refuses l-bfgs with the choices.
                return Boolean.TRUE;
            }
            try {
                s.check(value instanceof String text && s.kind() == Setting.Kind.TEXT ? s.parse(text) : value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("param " + param + ": " + e.getMessage(), e);
            }
            return Boolean.TRUE;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void setDefault(Params owner, Param<T> p, Object value) {
        owner.setDefault(p, (T) value);
    }

    /** A setting's default as its param holds it, or null when it has none. */
    private static Object defaultOf(Setting<?> s) {
        Object def = s.defaultValue();
        if (def == null || def instanceof List<?> l && l.isEmpty()) {
            return null;
        }
        return s.kind() == Setting.Kind.TEXT ? Setting.text(def) : def;
    }

    private void add(Param<?> p, Setting<?> s) {
        byName.put(p.name(), p);
        if (s != null) {
            settingOf.put(p.name(), s);
        }
    }

    /** The param named {@code name}. */
    @SuppressWarnings("unchecked")
    <P extends Param<?>> P param(String name) {
        Param<?> p = byName.get(name);
        Checks.arg(p != null, "no param %s", name);
        return (P) p;
    }

    /**
     * The training configuration of {@code owner}'s values: every param that is set or has a default of the
     * estimator's own (the regressor's loss; the others keep the settings' defaults, so that a {@code network}
     * does not meet the default {@code activation}), the label column, and the features (the {@code features}
     * columns when set, else {@code featuresCol}).
     */
    TrainConfig config(MlpParams<?> owner, String labelCol, String featuresCol) {
        TrainConfig.Builder b = TrainConfig.builder().labelColumn(labelCol);
        settingOf.forEach((name, s) -> {
            Param<?> p = byName.get(name);
            boolean ownDefault = owner.hasDefault(p) && !Objects.equals(owner.getDefault(p).get(), defaultOf(s));
            if (!owner.isSet(p) && !ownDefault) {
                return;
            }
            Object v = owner.getOrDefault(p);
            if (s == Settings.OPTIMIZER) {
                solver(owner, b, (String) v);
            } else if (v instanceof String text) {
                s.apply(b, text);
            } else if (v instanceof String[] names) {
                set(b, s, List.of(names));
            } else if (v instanceof int[] widths) {
                Checks.arg(widths.length > 0, "`%s` is set but empty; give its widths, or leave it unset for a network "
                    + "from the data", name);
                set(b, s, Arrays.stream(widths).boxed().toList());
            } else {
                set(b, s, v);
            }
        });
        return b.featureColumns(owner.featureColumns(featuresCol)).build();
    }

    /**
     * MLlib's {@code gd} is full-batch gradient descent; spark-mlp has no {@code l-bfgs} optimizer, so that is
     * refused.
     */
    private void solver(MlpParams<?> owner, TrainConfig.Builder b, String solver) {
        String s = solver.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("gd")) {
            b.optimizer(OptimizerKind.SGD).momentum(0);
            if (!owner.isSet(param("batchSize"))) {
                b.batchSize(0);
            }
            return;
        }
        Checks.arg(!REFUSED_SOLVERS.contains(s), "solver '%s' is MLlib's; spark-mlp does not implement it. Use one of "
            + "adam, adamw, sgd, or gd (full-batch gradient descent)", solver);
        Settings.OPTIMIZER.apply(b, solver);
    }

    @SuppressWarnings("unchecked")
    private static <T> void set(TrainConfig.Builder b, Setting<T> s, Object value) {
        s.set(b, (T) value);
    }
}
