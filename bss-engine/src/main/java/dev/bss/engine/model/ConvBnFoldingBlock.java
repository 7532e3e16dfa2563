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
 * statistics, running-statistics update), except that a 1×1 convolution always gets its input in NCHW memory
 * ({@link #CHANNELS_LAST_PROPERTY} says why). The children, and so the parameter names and checkpoints, are exactly
 * those of a plain {@code SequentialBlock}.
 *
 * <p>Only batch norms built with {@link #batchNorm()} (channel axis 1, centre and scale on, ε = {@link #EPSILON}) are
 * folded; others run as usual.
 */
public final class ConvBnFoldingBlock extends SequentialBlock {

    /**
     * System property that controls whether the entry block of {@code small-cnn} lays its input out channels-last in
     * memory (NHWC strides behind the NCHW shape), in training and in the folded inference of evaluation and the
     * scoring pass. PyTorch's CPU convolution, batch norm and max-pool then keep that layout through the network and
     * its backward pass.
     * <ul>
     *   <li>On by default since 2026-12-02. {@code -Dbss.channelsLast=false}, for example through {@code BSS_JAVA_OPTS},
     *       turns it off.</li>
     *   <li>Speed, quiet sittings of {@code bss bench epoch --n 2048 --peer}: 1.27–1.33 × NCHW's training throughput,
     *       and 1.25–1.30 × the PyTorch peer's (docs/performance.md).</li>
     *   <li>Accuracy, AV-digits {@code vanilla-uni}, seed 1, 6 epochs: per-epoch training losses equal to about 1e-3
     *       relative, and test accuracy 68.6 against 68.9 %.</li>
     *   <li>{@code resnet18} stays NCHW: its entry block does not take the option (channels-last was 1.35 × slower per
     *       training step in a quiet scratch timing; docs/performance.md). Its channels-last training forward once came out about 3 % off NCHW's. The cause was one
     *       operation, the 1×1 stride-2 projection convolution 256 → 512: on a channels-last input, PyTorch 2.7.1's
     *       bundled oneDNN runs it with its brgemm 1×1 kernel ({@code brgemm_1x1_convolution_fwd_t}), which on this
     *       project's machine (AMD EPYC, family 26, AVX-512) returned values about 40 % off for some output widths
     *       (320, 504, 512, 640 wrong; 256, 384, 448, 520, 576, 768 right) and stopped the JVM with SIGFPE in its
     *       blocking heuristic ({@code brg_blocking_t::est_eff_1x1}) for 1 024. NCHW inputs take another kernel and
     *       are right. So this block hands every 1×1 convolution NCHW memory, in training and in folded inference
     *       ({@link #nchw}); with that, resnet18's channels-last forward and parameter gradients equal NCHW's to about
     *       1e-5 ({@code ConvBnFoldingBlockTest}). The 3×3 and 7×7 convolutions, batch norm, max-pool, the residual
     *       add and the global pool were right in both layouts.</li>
     * </ul>
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

    /** The entry block of {@code small-cnn}: unless {@link #CHANNELS_LAST_PROPERTY} is {@code false} it lays its input out channels-last. */
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
        List<Block> blocks = getChildren().values();
        NDList current = inputs;
        if (entry && channelsLastEnabled() && inputs.size() == 1 && inputs.get(0).getShape().dimension() == 4) {
            current = new NDList(channelsLast(inputs.get(0)));
        }
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            if (block instanceof Conv2d conv && isPointwise(conv) && current.size() == 1) {
                current = new NDList(nchw(current.singletonOrThrow()));
            }
            if (!training && block instanceof Conv2d conv && i + 1 < blocks.size() && blocks.get(i + 1) instanceof BatchNorm bn) {
                current = foldedConvolution(store, conv, bn, current.singletonOrThrow());
                i++;
            } else {
                current = block.forward(store, current, training, params);
            }
        }
        return current;
    }

    /** Whether {@link #CHANNELS_LAST_PROPERTY} is on: anything but {@code false} (case-insensitive) is on. */
    static boolean channelsLastEnabled() {
        return !"false".equalsIgnoreCase(System.getProperty(CHANNELS_LAST_PROPERTY, "true").trim());
    }

    /** The same values, laid out channels-last in memory (NHWC strides behind an NCHW shape), differentiable. */
    static NDArray channelsLast(NDArray x) {
        ai.djl.ndarray.types.Shape s = x.getShape();
        return x.transpose(0, 2, 3, 1).flatten().reshape(s.get(0), s.get(2), s.get(3), s.get(1)).transpose(0, 3, 1, 2);
    }

    /** Whether {@code conv} has a 1×1 kernel (a pointwise convolution: resnet18's projection shortcuts). */
    private static boolean isPointwise(Conv2d conv) {
        ai.djl.ndarray.types.Shape k = conv.getKernelShape();
        return k.dimension() == 2 && k.get(0) == 1 && k.get(1) == 1;
    }

    /**
     * The same values in row-major NCHW memory, differentiable: a view when {@code x} already is, a copy when it is
     * channels-last. It also rewrites the strides PyTorch keeps for size-1 dimensions (a channels-last
     * {@code {N, C, 1, 1}} tensor has strides {@code (C, 1, C, C)}, which oneDNN still takes for channels-last).
     * Used before every 1×1 convolution, in training and in folded inference, to keep it off oneDNN's brgemm 1×1 kernel
     * ({@link #CHANNELS_LAST_PROPERTY}).
     */
    static NDArray nchw(NDArray x) {
        return x.flatten().reshape(x.getShape());
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
