package dev.bss.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import java.util.Arrays;
import java.util.List;

/**
 * Encoder presets, one per modality, each mapping a batch {@code {B, ...shape}} to an embedding {@code {B, D}}.
 *
 * <ul>
 *   <li>{@code small-cnn}: 3 conv blocks (32/64/128 filters, 3×3, pad 1, BatchNorm, ReLU; 2×2 max-pool after the
 *       first two), global average pool → 128. The CPU default for IMAGE/AUDIO. Built as conv → BN → max-pool →
 *       ReLU, which equals conv → BN → ReLU → max-pool exactly and is cheaper.</li>
 *   <li>{@code resnet18}: a true ResNet-18 (7×7/2 stem, 3×3/2 max-pool, BasicBlock ×[2,2,2,2], 64..512 filters),
 *       global average pool → 512 (11.18 M parameters for 3 input channels). Built from Conv2d/BatchNorm/
 *       ParallelBlock/SequentialBlock, not the model zoo's (which is a bottleneck variant).</li>
 *   <li>{@code mlp}: Linear 256 → ReLU → Linear D → ReLU for VECTOR inputs.</li>
 *   <li>{@code text-cnn} (Kim 2014): token embedding 128 (padding id 0 = zero vector, no gradient; U(−0.25, 0.25)) →
 *       convolution over time with windows 3/4/5 × 100 filters ({@link NgramConvolutionBlock}, a GEMM, not oneDNN) →
 *       ReLU → max over time → concat (300) → Linear D, for TOKENS.</li>
 * </ul>
 * In inference the 2-D presets fold each batch norm into the convolution before it ({@link ConvBnFoldingBlock}).
 * Inputs with one more dimension than a 2-D preset expects ({@code {C, T, H, W}}: channels, frames, height, width,
 * the layout the loaders write) are encoded frame by frame and averaged over time ({@link FramePooledBlock}).
 */
public enum EncoderPreset implements EncoderFactory {
    SMALL_CNN("small-cnn", 128),
    RESNET18("resnet18", 512),
    MLP("mlp", 128),
    TEXT_CNN("text-cnn", 128);

    /** text-cnn: filters per window length (Kim 2014: 100 feature maps each for windows 3, 4, 5). */
    static final int TEXT_CNN_FILTERS = 100;
    /** text-cnn: word vector length. */
    static final int TEXT_CNN_WORD_DIMENSION = 128;

    private final String id;
    private final int defaultEmbeddingSize;

    EncoderPreset(String id, int defaultEmbeddingSize) {
        this.id = id;
        this.defaultEmbeddingSize = defaultEmbeddingSize;
    }

    /** Stable kebab-case id. */
    public String id() {
        return id;
    }

    /** Embedding size when none is configured (small-cnn 128, resnet18 512, mlp 128, text-cnn 128). */
    @Override
    public int defaultEmbeddingSize() {
        return defaultEmbeddingSize;
    }

    /** The preset for an id, or an error naming the allowed ids. */
    public static EncoderPreset fromId(String id) {
        for (EncoderPreset p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown encoder preset '" + id + "'; allowed: "
                + Arrays.stream(values()).map(EncoderPreset::id).toList());
    }

    /** The default preset for a modality kind: small-cnn for IMAGE/AUDIO, mlp for VECTOR, text-cnn for TOKENS. */
    public static EncoderPreset defaultFor(ModalityKind kind) {
        return switch (kind) {
            case IMAGE, AUDIO -> SMALL_CNN;
            case VECTOR -> MLP;
            case TOKENS -> TEXT_CNN;
        };
    }

    /**
     * Builds an encoder for {@code spec} producing {@code embeddingSize} features (small-cnn and resnet18 have a
     * fixed width of 128 and 512; a different size adds a final Linear projection).
     */
    @Override
    public Block build(ModalitySpec spec, int embeddingSize) {
        int dims = spec.shape().length;
        switch (this) {
            case SMALL_CNN, RESNET18 -> {
                if (dims != 3 && dims != 4) {
                    throw new IllegalArgumentException("encoder " + id + " needs a {C,H,W} or {C,T,H,W} modality, got " + spec);
                }
                SequentialBlock b = this == SMALL_CNN ? smallCnn() : resNet18();
                int width = this == SMALL_CNN ? 128 : 512;
                if (embeddingSize != width) {
                    b.add(Linear.builder().setUnits(embeddingSize).build());
                }
                return dims == 4 ? new FramePooledBlock(b) : b;
            }
            case MLP -> {
                SequentialBlock b = new SequentialBlock();
                if (dims != 1) {
                    b.add(Blocks.batchFlattenBlock());
                }
                b.add(Linear.builder().setUnits(256).build()).add(Activation.reluBlock())
                        .add(Linear.builder().setUnits(embeddingSize).build()).add(Activation.reluBlock());
                return b;
            }
            case TEXT_CNN -> {
                if (spec.kind() != ModalityKind.TOKENS || dims != 1) {
                    throw new IllegalArgumentException("encoder text-cnn needs a TOKENS {L} modality, got " + spec);
                }
                return textCnn(spec.vocabularySize(), spec.shape()[0], embeddingSize);
            }
            default -> throw new IllegalStateException();
        }
    }

    private static SequentialBlock smallCnn() {
        SequentialBlock b = ConvBnFoldingBlock.entry();
        int[] filters = {32, 64, 128};
        for (int i = 0; i < filters.length; i++) {
            b.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters[i]).build());
            b.add(ConvBnFoldingBlock.batchNorm());
            // max-pool before ReLU: relu(maxpool(x)) = maxpool(relu(x)) exactly (ReLU is monotone), values and
            // gradients alike, and ReLU then touches a quarter of the elements
            if (i < 2) {
                b.add(StridedMaxPool.block());
            }
            b.add(Activation.reluBlock());
        }
        b.add(Pool.globalAvgPool2dBlock());
        return b;
    }

    private static SequentialBlock resNet18() {
        // not an entry block, so resnet18 trains in NCHW: its channels-last training forward equals NCHW's since
        // ConvBnFoldingBlock hands 1×1 convolutions NCHW memory (ConvBnFoldingBlock.CHANNELS_LAST_PROPERTY), but
        // channels-last was 1.35 × slower per training step in a quiet scratch timing (docs/performance.md)
        SequentialBlock b = new ConvBnFoldingBlock();
        b.add(Conv2d.builder().setKernelShape(new Shape(7, 7)).optStride(new Shape(2, 2)).optPadding(new Shape(3, 3))
                .setFilters(64).optBias(false).build());
        b.add(ConvBnFoldingBlock.batchNorm()).add(Activation.reluBlock());
        b.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int[] widths = {64, 128, 256, 512};
        int in = 64;
        for (int stage = 0; stage < 4; stage++) {
            for (int block = 0; block < 2; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                b.add(basicBlock(widths[stage], stride, stride != 1 || in != widths[stage]));
                in = widths[stage];
            }
        }
        b.add(Pool.globalAvgPool2dBlock());
        return b;
    }

    /** ResNet BasicBlock: conv3×3(stride)-BN-ReLU-conv3×3-BN plus (projected) shortcut, then ReLU. */
    private static Block basicBlock(int filters, int stride, boolean project) {
        SequentialBlock main = new ConvBnFoldingBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(stride, stride))
                        .optPadding(new Shape(1, 1)).setFilters(filters).optBias(false).build())
                .add(ConvBnFoldingBlock.batchNorm()).add(Activation.reluBlock())
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters)
                        .optBias(false).build())
                .add(ConvBnFoldingBlock.batchNorm());
        SequentialBlock shortcut = new ConvBnFoldingBlock();
        if (project) {
            shortcut.add(Conv2d.builder().setKernelShape(new Shape(1, 1)).optStride(new Shape(stride, stride))
                    .setFilters(filters).optBias(false).build()).add(ConvBnFoldingBlock.batchNorm());
        } else {
            shortcut.add(Blocks.identityBlock());
        }
        return new SequentialBlock()
                .add(new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                        List.of(main, shortcut)))
                .add(Activation.reluBlock());
    }

    private static Block textCnn(int vocabularySize, int length, int embeddingSize) {
        int[] kernels = {3, 4, 5};
        List<Block> branches = new java.util.ArrayList<>();
        for (int k : kernels) {
            // max over time after ReLU: {B, L − k + 1, F} → {B, F}
            branches.add(new SequentialBlock()
                    .add(new NgramConvolutionBlock(Math.min(k, length), TEXT_CNN_FILTERS))
                    .add(Activation.reluBlock())
                    .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().max(new int[] {1})), "maxOverTime")));
        }
        return new SequentialBlock()
                .add(new TokenEmbeddingBlock(vocabularySize, TEXT_CNN_WORD_DIMENSION))
                .add(new ParallelBlock(list -> {
                    NDArray[] parts = list.stream().map(NDList::singletonOrThrow).toArray(NDArray[]::new);
                    return new NDList(NDArrays.concat(parts, 1));
                }, branches))
                .add(Linear.builder().setUnits(embeddingSize).build());
    }

    /** Small helper to avoid importing ai.djl.ndarray.NDArrays under a clashing name. */
    private static final class NDArrays {
        static NDArray concat(NDArray[] parts, int axis) {
            return ai.djl.ndarray.NDArrays.concat(new NDList(parts), axis);
        }
    }
}
