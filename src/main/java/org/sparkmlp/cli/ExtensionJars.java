package org.sparkmlp.cli;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class loader of a command's {@code --jars}, installed as the calling thread's context class loader for
 * the command's run: layer and loss {@link org.sparkmlp.nn.Extension}s are looked for there, and a Spark
 * session the command starts ships the jars to its executors ({@link SparkOptions}).
 */
final class ExtensionJars extends URLClassLoader {
    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final List<String> paths;

    private ExtensionJars(URL[] urls, List<String> paths, ClassLoader parent) {
        super("spark-mlp --jars", urls, parent);
        this.paths = List.copyOf(paths);
    }

    /** The jars' paths, absolute, as {@code spark.jars} takes them. */
    List<String> paths() {
        return paths;
    }

    /** The jars of the calling thread's context class loader, when a command installed some; else none. */
    static List<String> current() {
        return Thread.currentThread().getContextClassLoader() instanceof ExtensionJars jars ? jars.paths
            : List.of();
    }

    /** While open, the calling thread's context class loader also sees {@code jars}; closing restores the one before. */
    static final class Installed implements AutoCloseable {
        private final ClassLoader before;

        private Installed(ClassLoader before) {
            this.before = before;
        }

        @Override
        public void close() {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    /** Installs the jars, each a local file; none installs nothing. The error names a missing file. */
    static Installed install(List<String> jars) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        if (jars.isEmpty()) {
            return new Installed(before);
        }
        List<URL> urls = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (String jar : jars) {
            Path p = Path.of(jar.startsWith("file:") ? java.net.URI.create(jar).getPath() : jar).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(JarOptions.NAME + ": '" + jar + "' is not a file; expected a jar on "
                    + "this machine's file system");
            }
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(JarOptions.NAME + ": '" + jar + "': " + e.getMessage(), e);
            }
            paths.add(p.toString());
        }
        ClassLoader parent = before != null ? before : ExtensionJars.class.getClassLoader();
        thread.setContextClassLoader(new ExtensionJars(urls.toArray(URL[]::new), paths, parent));
        return new Installed(before);
    }
}
