package org.sparkmlp.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.sparkmlp.math.Checks;

/**
 * A layer that holds layers, such as a {@link Residual} block. Its parameters are those of the layers it
 * holds, laid out one after the other in the flat vector (named {@code layer3.0.w}, {@code layer3.2.w} for
 * block {@code layer3}); initialisation, training mode, seeds and plain steps go to each of them. A subclass
 * writes {@code forward} and {@code backward} over {@link #layers()}, and is registered with
 * {@link Layers.Type#block}.
 */
public abstract class Block extends Layer {
    private final List<Layer> layers;

    /** A block holding {@code layers}, in the order its forward pass runs them. */
    protected Block(List<Layer> layers) {
        Checks.arg(layers != null && !layers.isEmpty(), "a block holds at least one layer");
        this.layers = List.copyOf(layers);
    }

    /** The layers this block holds. */
    public final List<Layer> layers() {
        return layers;
    }

    @Override
    final List<Layer> held() {
        return layers;
    }

    /** The width after the held layers, in order, for an input of {@code inputWidth}. */
    protected final int chainWidth(int inputWidth) {
        int width = inputWidth;
        for (Layer l : layers) {
            width = l.outputWidth(width);
        }
        return width;
    }

    @Override
    public int numParams() {
        int n = 0;
        for (Layer l : layers) {
            n += l.numParams();
        }
        return n;
    }

    @Override
    public void step(double lr) {
        for (Layer l : layers) {
            l.step(lr);
        }
    }

    @Override
    protected void describe(FlatParams.Layout layout, String name) {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).describe(layout, name + "." + i);
        }
    }

    @Override
    protected void reset() {
        layers.forEach(Layer::reset);
    }

    /** Initialises the held layers in order, the last one followed by what follows the block. */
    @Override
    protected void initialize(SplittableRandom rng, Layer next) {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).initialize(rng, i + 1 < layers.size() ? layers.get(i + 1) : next);
        }
    }

    @Override
    protected void training(boolean on) {
        super.training(on);
        layers.forEach(l -> l.training(on));
    }

    /** Seeds held layer {@code i} with {@link MLP#layerSeed}{@code (seed, i)}. */
    @Override
    protected void seed(long seed) {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).seed(MLP.layerSeed(seed, i));
        }
    }
}
