package dev.bss.engine.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Late-fusion network: one encoder per modality, unimodal heads ({@link UnimodalHeads}: a linear head per modality,
 * or one head shared by all) and a fusion block. Input: {@code NDList(x_0, ..., x_{M-1})}; output:
 * {@code [fused, unimodal_0.., embedding_0..]} (see {@link ModelOutputs}). Child block names:
 * {@code encoder-<modality>}, {@code head-<modality>} (own heads) or {@code head-shared} and
 * {@code projection-<modality>} (shared head, projection only where the embedding size differs), {@code fusion}.
 */
public final class MultimodalNetwork extends AbstractBlock {

    private final List<String> modalityNames;
    private final List<Block> encoders = new ArrayList<>();
    /** Own heads: one per modality; shared head: one entry. */
    private final List<Block> heads = new ArrayList<>();
    /** Shared head only: projection of modality m to the common size, or null where none is needed. */
    private final List<Block> projections = new ArrayList<>();
    private final Block fusion;
    private final int numClasses;
    private final int[] embeddingSizes;
    private final UnimodalHeads headKind;
    private final int headInputSize;

    MultimodalNetwork(List<String> modalityNames, List<Block> encoders, int[] embeddingSizes, int numClasses, Block fusion,
            UnimodalHeads headKind) {
        this.modalityNames = List.copyOf(modalityNames);
        this.numClasses = numClasses;
        this.embeddingSizes = embeddingSizes.clone();
        this.headKind = headKind;
        int common = 0;
        for (int d : embeddingSizes) {
            common = Math.max(common, d);
        }
        this.headInputSize = common;
        for (int m = 0; m < encoders.size(); m++) {
            this.encoders.add(addChildBlock("encoder-" + modalityNames.get(m), encoders.get(m)));
        }
        if (headKind.shared()) {
            for (int m = 0; m < encoders.size(); m++) {
                projections.add(embeddingSizes[m] == common ? null
                        : addChildBlock("projection-" + modalityNames.get(m), Linear.builder().setUnits(common).build()));
            }
            Block shared = headKind == UnimodalHeads.SHARED_LINEAR ? Linear.builder().setUnits(numClasses).build()
                    : new SequentialBlock().add(Linear.builder().setUnits(UnimodalHeads.MLP_HIDDEN).build()).add(Activation::relu)
                            .add(Linear.builder().setUnits(numClasses).build());
            this.heads.add(addChildBlock("head-shared", shared));
        } else {
            for (int m = 0; m < encoders.size(); m++) {
                this.heads.add(addChildBlock("head-" + modalityNames.get(m), Linear.builder().setUnits(numClasses).build()));
            }
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
            out.add(headLogits(ps, i, embeddings.get(i), training));
        }
        out.addAll(embeddings);
        return out;
    }

    /**
     * Unimodal logits {@code z_m} of one embedding {@code {B, D_m}} through modality {@code m}'s head path
     * (projection and shared head, or its own head). Run inside a gradient collector, the result joins the graph;
     * methods that step the head between sub-steps recompute {@code z_m} with it. The result lives in the manager of
     * {@code embedding}.
     */
    public NDArray headLogits(ParameterStore ps, int m, NDArray embedding, boolean training) {
        return head(m).forward(ps, new NDList(headInput(ps, m, embedding, training)), training).singletonOrThrow();
    }

    /**
     * What modality {@code m}'s head reads: its embedding, projected to the common size when a shared head needs it
     * (the embedding itself otherwise). {@code headLogits = head(m)(headInput)}.
     */
    public NDArray headInput(ParameterStore ps, int m, NDArray embedding, boolean training) {
        if (headKind.shared() && projections.get(m) != null) {
            return projections.get(m).forward(ps, new NDList(embedding), training).singletonOrThrow();
        }
        return embedding;
    }

    /** Parameters of modality {@code m}'s projection to the shared head's input size (empty when it has none). */
    public List<Parameter> projectionParameters(int m) {
        return headKind.shared() && projections.get(m) != null ? projections.get(m).getParameters().values() : List.of();
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
            if (!headKind.shared()) {
                heads.get(i).initialize(manager, dataType, embeddingShapes[i]);
            } else if (projections.get(i) != null) {
                projections.get(i).initialize(manager, dataType, embeddingShapes[i]);
            }
        }
        if (headKind.shared()) {
            heads.get(0).initialize(manager, dataType, new Shape(embeddingShapes[0].get(0), headInputSize));
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

    /** The unimodal head of modality {@code m} (the same block for every modality with a shared head). */
    public Block head(int m) {
        return heads.get(headKind.shared() ? 0 : m);
    }

    /** How unimodal logits are computed. */
    public UnimodalHeads unimodalHeads() {
        return headKind;
    }

    /** The fusion block. */
    public Block fusion() {
        return fusion;
    }

    /** Parameters of encoder {@code m} (trainable and running statistics), in a stable order. */
    public List<Parameter> encoderParameters(int m) {
        return encoders.get(m).getParameters().values();
    }

    /**
     * Parameters of modality {@code m}'s head path: its own head, or its projection (if any) and the shared head
     * (so the shared head's parameters appear for every modality).
     */
    public List<Parameter> headParameters(int m) {
        if (!headKind.shared()) {
            return heads.get(m).getParameters().values();
        }
        List<Parameter> list = new ArrayList<>(projectionParameters(m));
        list.addAll(heads.get(0).getParameters().values());
        return list;
    }

    /** Parameters of the shared head (empty with own heads). */
    public List<Parameter> sharedHeadParameters() {
        return headKind.shared() ? heads.get(0).getParameters().values() : List.of();
    }

    /** Parameters of the fusion block. */
    public List<Parameter> fusionParameters() {
        return fusion.getParameters().values();
    }
}
