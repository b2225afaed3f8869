package org.sparkmlp.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.math.Checks;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.spark.HadoopFileDir;

/**
 * Saving and loading the estimators and models as Spark ML does: {@code PATH/metadata} holds the class,
 * the uid and the params as Spark's own {@code DefaultParamsWriter} writes them (so that
 * {@code Pipeline}, {@code PipelineModel}, {@code CrossValidator} and their models save and load them with
 * Spark's calls), and a model's {@code PATH/data} is a spark-mlp model directory, which
 * {@code scripts/spark-mlp evaluate --model PATH/data} also reads.
 */
final class MlpPersistence {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MlpPersistence() {}

    /** The metadata of a saved instance: its class, its uid, its params and its defaults, each as JSON. */
    record Metadata(String className, String uid, JsonNode params, JsonNode defaults) {
    }

    /** A writer of {@code instance}'s metadata, and of {@code model} as {@code PATH/data} when not null. */
    static MLWriter writer(Params instance, MlpModel model) {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                saveMetadata(instance, path, sparkSession());
                if (model != null) {
                    try {
                        ModelIO.save(model, HadoopFileDir.at(path + "/data", sparkSession().sparkContext()
                            .hadoopConfiguration()), false, Map.of());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        };
    }

    /** A reader of instances of {@code type}, made by {@code make} from the metadata and the session. */
    static <T extends Params> MLReader<T> reader(Class<T> type, Maker<T> make) {
        return new MLReader<>() {
            @Override
            public T load(String path) {
                Metadata md = loadMetadata(path, sparkSession());
                Checks.arg(md.className().equals(type.getName()), "%s holds a %s, not a %s", path, md.className(),
                    type.getName());
                T instance = make.make(md, path, sparkSession());
                setParams(instance, md);
                return instance;
            }
        };
    }

    /** Makes an instance from its saved metadata (its uid) and, for a model, its data. */
    interface Maker<T> {
        T make(Metadata md, String path, SparkSession spark);
    }

    /** The model saved at {@code PATH/data}. */
    static MlpModel loadModel(String path, SparkSession spark) {
        try {
            return ModelIO.load(HadoopFileDir.at(path + "/data", spark.sparkContext().hadoopConfiguration()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void saveMetadata(Params instance, String path, SparkSession spark) {
        ObjectNode md = JSON.createObjectNode();
        md.put("class", instance.getClass().getName());
        md.put("timestamp", System.currentTimeMillis());
        md.put("sparkVersion", spark.version());
        md.put("uid", instance.uid());
        ObjectNode params = md.putObject("paramMap");
        ObjectNode defaults = md.putObject("defaultParamMap");
        try {
            for (Param<?> p : instance.params()) {
                if (instance.isSet(p)) {
                    params.set(p.name(), JSON.readTree(encode(p, instance.getOrDefault(p))));
                }
                if (instance.hasDefault(p)) {
                    defaults.set(p.name(), JSON.readTree(encode(p, instance.getDefault(p).get())));
                }
            }
            String json = JSON.writeValueAsString(md);
            spark.sparkContext().parallelize(scala.jdk.javaapi.CollectionConverters.asScala(List.of(json)).toSeq(), 1,
                scala.reflect.ClassTag$.MODULE$.apply(String.class)).saveAsTextFile(path + "/metadata");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> String encode(Param<T> p, Object value) {
        return p.jsonEncode((T) value);
    }

    private static Metadata loadMetadata(String path, SparkSession spark) {
        String text = spark.read().text(path + "/metadata").first().getString(0);
        try {
            JsonNode md = JSON.readTree(text);
            return new Metadata(md.path("class").asText(), md.path("uid").asText(), md.path("paramMap"),
                md.path("defaultParamMap"));
        } catch (IOException e) {
            throw new IllegalArgumentException(path + "/metadata is not Spark ML metadata: " + e.getMessage(), e);
        }
    }

    private static void setParams(Params instance, Metadata md) {
        for (boolean defaults : new boolean[] {true, false}) {
            JsonNode values = defaults ? md.defaults() : md.params();
            Iterator<Map.Entry<String, JsonNode>> it = values.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Param<Object> p = (Param<Object>) instance.getParam(e.getKey());
                Object v = p.jsonDecode(e.getValue().toString());
                if (defaults) {
                    instance.setDefault(p, v);
                } else {
                    instance.set(p, v);
                }
            }
        }
    }
}
