package org.sparkmlp.math;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.io.File;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BLAS that the matrix kernels run on, through dev.ludovic.netlib's interface; {@link Kernels#gemm}
 * calls it for row-major matrices.
 *
 * <p>Which implementation runs is chosen once per JVM, with the system property {@code sparkmlp.blas}:
 * <ul>
 *   <li>{@code auto} (the default): the OpenBLAS library bundled with spark-mlp (Linux x86-64), loaded
 *       through netlib's JNI binding; where it cannot be loaded, whatever netlib finds itself: a system
 *       BLAS, else its Java implementation.</li>
 *   <li>{@code system}: netlib's own choice (a system {@code libblas.so.3}, or the library named by
 *       {@code dev.ludovic.netlib.blas.nativeLib[Path]}), else Java.</li>
 *   <li>{@code java}: netlib's pure-Java BLAS, which uses the Vector API when the JVM runs with
 *       {@code --add-modules=jdk.incubator.vector}.</li>
 * </ul>
 * {@link #kernelName()} says which one runs; trainers log it at start-up. OpenBLAS should run
 * single-threaded ({@code OPENBLAS_NUM_THREADS=1}), since Spark already runs one task per core.
 */
public final class Blas {
    private static final Logger LOG = LoggerFactory.getLogger(Blas.class);
    private static final String NATIVE_LIB_PATH = "dev.ludovic.netlib.blas.nativeLibPath";
    private static final BLAS KERNEL = load();

    private Blas() {}

    private static BLAS load() {
        String choice = System.getProperty("sparkmlp.blas", "auto").toLowerCase(Locale.ROOT);
        BLAS blas = switch (choice) {
            case "java" -> JavaBLAS.getInstance();
            case "system" -> BLAS.getInstance();
            case "auto" -> {
                if (System.getProperty(NATIVE_LIB_PATH) == null
                    && System.getProperty("dev.ludovic.netlib.blas.nativeLib") == null) {
                    useBundledOpenBlas();
                }
                yield BLAS.getInstance();
            }
            default -> throw new IllegalArgumentException(
                "sparkmlp.blas must be auto, system or java, got '" + choice + "'");
        };
        if (blas.getClass().getSimpleName().startsWith("JNI") && System.getenv("OPENBLAS_NUM_THREADS") == null) {
            LOG.warn("native BLAS without OPENBLAS_NUM_THREADS=1: its threads compete with Spark's tasks for cores");
        }
        return blas;
    }

    /** Extracts the bundled OpenBLAS and points netlib's JNI binding at it; logs and returns on failure. */
    private static void useBundledOpenBlas() {
        String platform = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
            && System.getProperty("os.arch", "").matches("amd64|x86_64") ? "linux-x86_64" : null;
        if (platform == null) {
            LOG.info("no bundled OpenBLAS for {} {}; using netlib's choice", System.getProperty("os.name"),
                System.getProperty("os.arch"));
            return;
        }
        try {
            Class<?> anchor = Class.forName("org.bytedeco.openblas.global.openblas_nolapack");
            File lib = null;
            // The runtime libraries first: libopenblas finds them beside itself.
            for (String name : new String[] {"libgcc_s.so.1", "libquadmath.so.0", "libgfortran.so.5", "libopenblas.so.0"}) {
                lib = org.bytedeco.javacpp.Loader.cacheResource(anchor, platform + "/" + name);
            }
            System.setProperty(NATIVE_LIB_PATH, lib.getPath());
        } catch (Throwable e) {
            LOG.warn("could not load the bundled OpenBLAS ({}); using netlib's choice", e.toString());
        }
    }

    /** The class name of the BLAS implementation in use, for logs. */
    public static String kernelName() {
        String name = KERNEL.getClass().getName();
        String path = System.getProperty(NATIVE_LIB_PATH);
        return name.endsWith("JNIBLAS") && path != null ? name + " (" + new File(path).getName() + ")" : name;
    }

    /** The BLAS in use, for {@link Kernels#gemm}, which calls it in either precision. */
    static BLAS kernel() {
        return KERNEL;
    }

    /** {@code y[yOff..yOff+n) += alpha * x[xOff..xOff+n)}. */
    public static void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        if (n > 0) {
            KERNEL.daxpy(n, alpha, x, xOff, 1, y, yOff, 1);
        }
    }

    /** Single-precision {@link #axpy(int, double, double[], int, double[], int)}. */
    public static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        if (n > 0) {
            KERNEL.saxpy(n, alpha, x, xOff, 1, y, yOff, 1);
        }
    }
}
