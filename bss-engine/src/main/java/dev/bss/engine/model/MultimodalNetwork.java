package dev.bss.engine.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Late-fusion network: one encoder per modality, a linear unimodal head per modality and a fusion block.
 * Input: {@code NDList(x_0, ..., x_{M-1})}; output: {@code [fused, unimodal_0.., embedding_0..]} (see
 * {@link ModelOutputs}). Child block names: {@code encoder-<modality>}, {@code head-<modality>}, {@code fusion}.
 */
public final class MultimodalNetwork extends AbstractBlock {

    private final List<String> modalityNames;
    private final List<Block> encoders = new ArrayList<>();
    private final List<Block> heads = new ArrayList<>();
    private final Block fusion;
    private final int numClasses;
    private final int[] embeddingSizes;

    MultimodalNetwork(List<String> modalityNames, List<Block> encoders, int[] embeddingSizes, int numClasses, Block fusion) {
        this.modalityNames = List.copyOf(modalityNames);
        this.numClasses = numClasses;
        this.embeddingSizes = embeddingSizes.clone();
        for (int m = 0; m < encoders.size(); m++) {
            this.encoders.add(addChildBlock("encoder-" + modalityNames.get(m), encoders.get(m)));
        }
        for (int m = 0; m < encoders.size(); m++) {
            this.heads.add(addChildBlock("head-" + modalityNames.get(m), Linear.builder().setUnits(numClasses).build()));
        }
        this.fusion = addChildBlock("fusion", fusion);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        int m = encoders.size();
        if (inputs.size() != m) {
            throw new IllegalArgumentException("network expects " + m + " modality inputs, got " + inputs.size());
        }
        NDList embeddings = new NDList(m);
        for (int i = 0; i < m; i++) {
            embeddings.add(encoders.get(i).forward(ps, new NDList(inputs.get(i)), training).singletonOrThrow());
        }
        NDList out = new NDList(1 + 2 * m);
        out.add(fusion.forward(ps, embeddings, training).singletonOrThrow());
        for (int i = 0; i < m; i++) {
            out.add(heads.get(i).forward(ps, new NDList(embeddings.get(i)), training).singletonOrThrow());
        }
        out.addAll(embeddings);
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        int m = encoders.size();
        long batch = inputShapes[0].get(0);
        Shape[] out = new Shape[1 + 2 * m];
        out[0] = new Shape(batch, numClasses);
        for (int i = 0; i < m; i++) {
            out[1 + i] = new Shape(batch, numClasses);
            out[1 + m + i] = encoders.get(i).getOutputShapes(new Shape[] {inputShapes[i]})[0];
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int m = encoders.size();
        Shape[] embeddingShapes = new Shape[m];
        for (int i = 0; i < m; i++) {
            encoders.get(i).initialize(manager, dataType, inputShapes[i]);
            embeddingShapes[i] = encoders.get(i).getOutputShapes(new Shape[] {inputShapes[i]})[0];
            heads.get(i).initialize(manager, dataType, embeddingShapes[i]);
        }
        fusion.initialize(manager, dataType, embeddingShapes);
    }

    /** Modality names in input order. */
    public List<String> modalityNames() {
        return modalityNames;
    }

    /** Number of classes {@code K}. */
    public int numClasses() {
        return numClasses;
    }

    /** Embedding size per modality. */
    public int[] embeddingSizes() {
        return embeddingSizes.clone();
    }

    /** The encoder of modality {@code m}. */
    public Block encoder(int m) {
        return encoders.get(m);
    }

    /** The unimodal head of modality {@code m}. */
    public Block head(int m) {
        return heads.get(m);
    }

    /** The fusion block. */
    public Block fusion() {
        return fusion;
    }

    /** Parameters of encoder {@code m} (trainable and running statistics), in a stable order. */
    public List<Parameter> encoderParameters(int m) {
        return encoders.get(m).getParameters().values();
    }

    /** Parameters of unimodal head {@code m}. */
    public List<Parameter> headParameters(int m) {
        return heads.get(m).getParameters().values();
    }

    /** Parameters of the fusion block. */
    public List<Parameter> fusionParameters() {
        return fusion.getParameters().values();
    }
}
