package dev.bss.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Token ids (floats, {@code {B, L}}) → embeddings {@code {B, L, D}} (time-major, the layout
 * {@link NgramConvolutionBlock} reads).
 *
 * <p>Padding: id 0 maps to the zero vector and its row never receives a gradient, as {@code nn.Embedding(...,
 * padding_idx=0)} in PyTorch and as Kim's reference code, which zeroes row 0 after every update ({@code set_zero} in
 * {@code conv_net_sentence.py}): {@code e[b, t] = 1[id ≠ 0] · W[id]}. The mask multiplies the gradient of padded
 * positions by 0, so row 0 stays at its initial zero under SGD with weight decay. Without it, padding (most of the 24
 * positions of an emoji text) shares one trainable row whose gradient sums over every padded position of the batch.
 *
 * <p>Initialisation: {@code W[i, d] ~ U(−a, a)} with {@code a = 0.25} for every id but 0, the random vectors of Kim
 * (2014, "CNN-rand"; {@code add_unknown_words} in {@code process_data.py}: "0.25 is chosen so the unknown vectors have
 * (approximately) same variance as pre-trained ones"), variance {@code a²/3 ≈ 0.021}. PyTorch's {@code nn.Embedding}
 * default N(0, 1) has 48 times that variance; with the reference convolution initialisation it put emoji's
 * first-batch cross-entropies at 1.4 to 4.2 times ln C and made 10-epoch runs diverge (docs/engine.md, "text-cnn").
 * The generator is the engine's seeded one.
 */
final class TokenEmbeddingBlock extends AbstractBlock {

    /** Half-width {@code a} of the uniform initialisation (Kim 2014). */
    static final float INIT_RANGE = 0.25f;

    private final int vocabularySize;
    private final int embeddingSize;
    private final Parameter weight;

    TokenEmbeddingBlock(int vocabularySize, int embeddingSize) {
        if (vocabularySize < 2) {
            throw new IllegalArgumentException("a token vocabulary needs the padding id 0 and at least one more id, got size "
                    + vocabularySize);
        }
        this.vocabularySize = vocabularySize;
        this.embeddingSize = embeddingSize;
        this.weight = addParameter(Parameter.builder().setName("embedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabularySize, embeddingSize)).optInitializer(uniformWithZeroPadding()).build());
    }

    /** {@code U(−a, a)} for every row but row 0 (padding), which is zero. */
    private static Initializer uniformWithZeroPadding() {
        return (manager, shape, dataType) -> {
            NDArray w = manager.randomUniform(-INIT_RANGE, INIT_RANGE, shape, dataType, manager.getDevice());
            w.set(new NDIndex(0), 0f);
            return w;
        };
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow();
        NDArray tokens = ids.toType(DataType.INT64, false);
        NDArray w = ps.getValue(weight, tokens.getDevice(), training);
        NDArray e = Embedding.embedding(tokens, w, SparseFormat.DENSE).singletonOrThrow();
        NDArray notPadding = ids.neq(0f).toType(e.getDataType(), false).expandDims(2);
        return new NDList(e.mul(notPadding));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), embeddingSize)};
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    }

    int vocabularySize() {
        return vocabularySize;
    }
}
