package org.sparkmlp.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.WeakHashMap;
import java.util.function.Function;
import org.sparkmlp.math.Checks;

/**
 * The {@link Extension}s on the class path, found with {@link ServiceLoader} in the calling thread's context
 * class loader (in a Spark task, the executor's, which holds the application's jars), else in spark-mlp's
 * own. A class loader is searched again only when its jars change (Spark's executor loader gains those that
 * {@code SparkContext.addJar} adds): two threads with different class loaders each see their own
 * extensions, and nothing but the class path can add to or change a catalog.
 */
public final class Extensions {
    private static final Map<ClassLoader, Found> FOUND = new WeakHashMap<>();

    private Extensions() {}

    /** The extensions of one class loader with the jars it had then, and the catalogs built from them, each built once. */
    private static final class Found {
        final List<String> jars;
        final List<Extension> extensions;
        final Map<Class<?>, Map<String, ?>> catalogs = new HashMap<>();

        Found(List<String> jars, List<Extension> extensions) {
            this.jars = jars;
            this.extensions = extensions;
        }
    }

    /** The extensions visible to the calling thread, in the order their jars list them. */
    public static List<Extension> visible() {
        return found().extensions;
    }

    /**
     * What the visible extensions add of one kind, by name: {@code build} turns the extensions into their
     * entries, once per class loader.
     */
    @SuppressWarnings("unchecked")
    public static <T> Map<String, T> catalog(Class<T> kind, Function<List<Extension>, Map<String, T>> build) {
        Found f = found();
        synchronized (f) {
            return (Map<String, T>) f.catalogs.computeIfAbsent(kind, k -> Map.copyOf(build.apply(f.extensions)));
        }
    }

    /**
     * Adds {@code entry} under {@code name} from {@code origin}, refusing a name that spark-mlp has
     * ({@code builtIn}) or that another extension added first ({@code origins}, which this updates).
     */
    public static <T> void add(Map<String, T> entries, Map<String, String> origins, java.util.Set<String> builtIn,
            String what, String name, String origin, T entry) {
        Checks.arg(!builtIn.contains(name), "%s '%s' of %s is already spark-mlp's own", what, name, origin);
        String before = origins.putIfAbsent(name, origin);
        Checks.arg(before == null, "%s '%s' of %s is already added by %s", what, name, origin, before);
        entries.put(name, entry);
    }

    /** The name an extension's contributions are known by in errors: its class. */
    public static String origin(Extension e) {
        return e.getClass().getName();
    }

    private static Found found() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = context != null ? context : Extensions.class.getClassLoader();
        List<String> jars = jars(loader);
        synchronized (FOUND) {
            Found f = FOUND.get(loader);
            if (f == null || !f.jars.equals(jars)) {
                List<Extension> list = new ArrayList<>();
                try {
                    ServiceLoader.load(Extension.class, loader).forEach(list::add);
                } catch (ServiceConfigurationError e) {
                    throw new IllegalStateException("a jar's spark-mlp extension cannot be loaded: " + e.getMessage(),
                        e);
                }
                f = new Found(jars, List.copyOf(list));
                FOUND.put(loader, f);
            }
            return f;
        }
    }

    /** The jars and directories of {@code loader} and its parents, as far as they say (URL class loaders do). */
    private static List<String> jars(ClassLoader loader) {
        List<String> jars = new ArrayList<>();
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof java.net.URLClassLoader u) {
                for (java.net.URL url : u.getURLs()) {
                    jars.add(url.toString());
                }
            }
        }
        return jars;
    }
}
