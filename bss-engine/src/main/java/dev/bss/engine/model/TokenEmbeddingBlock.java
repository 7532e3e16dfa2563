package dev.bss.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Token ids (floats, {@code {B, L}}) → embeddings {@code {B, L, D}} (time-major, the layout
 * {@link NgramConvolutionBlock} reads). Id 0 is padding but has a trainable row like any other id, as in a plain
 * {@code nn.Embedding}.
 */
final class TokenEmbeddingBlock extends AbstractBlock {

    private final int vocabularySize;
    private final int embeddingSize;
    private final Parameter weight;

    TokenEmbeddingBlock(int vocabularySize, int embeddingSize) {
        this.vocabularySize = vocabularySize;
        this.embeddingSize = embeddingSize;
        this.weight = addParameter(Parameter.builder().setName("embedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabularySize, embeddingSize)).optInitializer(new NormalInitializer(1f)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray tokens = inputs.singletonOrThrow().toType(DataType.INT64, false);
        NDArray w = ps.getValue(weight, tokens.getDevice(), training);
        NDArray e = Embedding.embedding(tokens, w, SparseFormat.DENSE).singletonOrThrow();
        return new NDList(e);
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
