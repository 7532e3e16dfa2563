package dev.bss.methods.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Gated fusion: {@code u_m = W_m e_m + c_m} (hidden size {@code H = max_m D_m}), gate {@code g = σ(u_0)},
 * {@code z_f = W_out (g ⊙ Σ_{m≥1} u_m) + b_out}. With two modalities this is OGM-GE's
 * {@code GatedFusion(x_gate=True)} with {@code x = e_0} gating {@code y = e_1}.
 *
 * <p>Sources: official OGM-GE code {@code GeWu-Lab/OGM-GE_CVPR2022} {@code models/fusion_modules.py}
 * ({@code GatedFusion}, hidden size 512 there; ours follows the embedding size). Summing the gated modalities for
 * three or more is our generalisation.
 */
public final class GatedFusionBlock extends AbstractBlock {

    private final List<Linear> projections = new ArrayList<>();
    private final Linear out;
    private final int numClasses;

    public GatedFusionBlock(int[] embeddingSizes, int numClasses) {
        if (embeddingSizes.length < 2) {
            throw new IllegalArgumentException("fusion gated needs at least two modalities, got " + embeddingSizes.length);
        }
        this.numClasses = numClasses;
        int hidden = 0;
        for (int d : embeddingSizes) {
            hidden = Math.max(hidden, d);
        }
        for (int m = 0; m < embeddingSizes.length; m++) {
            projections.add(addChildBlock("projection-" + m, Linear.builder().setUnits(hidden).build()));
        }
        this.out = addChildBlock("out", Linear.builder().setUnits(numClasses).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray gate = projections.get(0).forward(ps, new NDList(inputs.get(0)), training).singletonOrThrow();
        gate = Activation.sigmoid(gate);
        NDArray sum = null;
        for (int m = 1; m < projections.size(); m++) {
            NDArray u = projections.get(m).forward(ps, new NDList(inputs.get(m)), training).singletonOrThrow();
            sum = sum == null ? u : sum.add(u);
        }
        return out.forward(ps, new NDList(gate.mul(sum)), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numClasses)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape hidden = null;
        for (int m = 0; m < projections.size(); m++) {
            projections.get(m).initialize(manager, dataType, inputShapes[m]);
            hidden = projections.get(m).getOutputShapes(new Shape[] {inputShapes[m]})[0];
        }
        out.initialize(manager, dataType, hidden);
    }
}
