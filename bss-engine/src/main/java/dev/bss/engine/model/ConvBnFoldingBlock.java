package dev.bss.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * A {@link SequentialBlock} that, in inference ({@code training == false}), folds every {@code Conv2d} directly
 * followed by a {@code BatchNorm} into one convolution: {@code W' = W·s}, {@code b' = (b − μ)·s + β} with
 * {@code s = γ / sqrt(σ² + ε)}. The result equals conv → BN (running statistics) up to float rounding, and saves one
 * pass over every activation map, which is a memory-bound pass on CPU. Training runs the children unchanged (batch
 * statistics, running-statistics update). The children, and so the parameter names and checkpoints, are exactly
 * those of a plain {@code SequentialBlock}.
 *
 * <p>Only batch norms built with {@link #batchNorm()} (channel axis 1, centre and scale on, ε = {@link #EPSILON}) are
 * folded; others run as usual.
 */
public final class ConvBnFoldingBlock extends SequentialBlock {

    /**
     * System property ({@code -Dbss.channelsLast=true}, e.g. through {@code BSS_JAVA_OPTS}) that makes the entry block of
     * {@code small-cnn} lay its training input out channels-last in memory (NHWC strides behind the NCHW shape); PyTorch's
     * CPU convolution, batch norm and max-pool then keep that layout through the network and its backward pass.
     * Experimental and off by default: measured 0.73 × the NCHW epoch time (median of 9 paired epochs, vanilla
     * {@code small-cnn}, under load; docs/performance.md), equal losses to 1e-4 relative, accuracy parity on AV-digits
     * not yet checked.
     */
    public static final String CHANNELS_LAST_PROPERTY = "bss.channelsLast";

    /** Whether this block is a network's entry (the only one that changes the input layout). */
    private final boolean entry;

    /** A nested block (never changes the input layout). */
    public ConvBnFoldingBlock() {
        this(false);
    }

    private ConvBnFoldingBlock(boolean entry) {
        this.entry = entry;
    }

    /** The entry block of a 2-D preset: with {@link #CHANNELS_LAST_PROPERTY} set it lays its training input out channels-last. */
    static ConvBnFoldingBlock entry() {
        return new ConvBnFoldingBlock(true);
    }

    /** ε of the batch norms this block folds (PyTorch's default). */
    public static final float EPSILON = 1e-5f;

    /**
     * DJL momentum of every batch norm built here: {@code running = MOMENTUM·running + (1 − MOMENTUM)·batch}, which is
     * PyTorch's momentum 0.1 ({@link dev.bss.engine.train.PreciseBatchNorm} relies on it).
     */
    public static final float MOMENTUM = 0.9f;

    /** A batch norm this block can fold: axis 1, centre and scale, ε = {@link #EPSILON}, momentum {@link #MOMENTUM}. */
    public static BatchNorm batchNorm() {
        return BatchNorm.builder().optAxis(1).optCenter(true).optScale(true).optEpsilon(EPSILON).optMomentum(MOMENTUM).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training) {
            if (entry && Boolean.getBoolean(CHANNELS_LAST_PROPERTY) && inputs.size() == 1 && inputs.get(0).getShape().dimension() == 4) {
                inputs = new NDList(channelsLast(inputs.get(0)));
            }
            return super.forwardInternal(store, inputs, true, params);
        }
        List<Block> blocks = getChildren().values();
        NDList current = inputs;
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            if (block instanceof Conv2d conv && i + 1 < blocks.size() && blocks.get(i + 1) instanceof BatchNorm bn) {
                current = foldedConvolution(store, conv, bn, current.singletonOrThrow());
                i++;
            } else {
                current = block.forward(store, current, false, params);
            }
        }
        return current;
    }

    /** The same values, laid out channels-last in memory (NHWC strides behind an NCHW shape), differentiable. */
    static NDArray channelsLast(NDArray x) {
        ai.djl.ndarray.types.Shape s = x.getShape();
        return x.transpose(0, 2, 3, 1).flatten().reshape(s.get(0), s.get(2), s.get(3), s.get(1)).transpose(0, 3, 1, 2);
    }

    private static NDList foldedConvolution(ParameterStore store, Conv2d conv, BatchNorm bn, NDArray x) {
        PairList<String, Parameter> convParams = conv.getDirectParameters();
        PairList<String, Parameter> bnParams = bn.getDirectParameters();
        NDArray weight = value(store, x, convParams.get("weight"));
        NDArray gamma = value(store, x, bnParams.get("gamma"));
        NDArray beta = value(store, x, bnParams.get("beta"));
        NDArray mean = value(store, x, bnParams.get("runningMean"));
        NDArray variance = value(store, x, bnParams.get("runningVar"));
        NDArray scale = gamma.div(variance.add(EPSILON).sqrt());
        NDArray foldedWeight = weight.mul(scale.reshape(scale.getShape().get(0), 1, 1, 1));
        Parameter biasParameter = conv.isIncludeBias() ? convParams.get("bias") : null;
        NDArray shifted = biasParameter == null ? mean.neg() : value(store, x, biasParameter).sub(mean);
        NDArray foldedBias = shifted.mul(scale).add(beta);
        return Conv2d.conv2d(x, foldedWeight, foldedBias, conv.getStride(), conv.getPadding(), conv.getDilation(), conv.getGroups());
    }

    private static NDArray value(ParameterStore store, NDArray x, Parameter p) {
        return store.getValue(p, x.getDevice(), false);
    }
}
