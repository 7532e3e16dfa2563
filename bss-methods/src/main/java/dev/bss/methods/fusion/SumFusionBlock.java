package dev.bss.methods.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Sum fusion and weighted fusion. {@code sum}: {@code z_f = Σ_m (W_m e_m + b_m)} (OGM-GE's {@code SumFusion}:
 * {@code fc_x(x) + fc_y(y)}). {@code weighted}: {@code z_f = Σ_m w_m (W_m e_m + b_m)} with learned weights
 * {@code w = softmax(a)}, {@code a ∈ R^M} initialised to 0 (so training starts from the mean of the modality terms;
 * the softmax keeps the weights positive and summing to 1).
 *
 * <p>Sources: Peng et al., CVPR 2022, official code {@code GeWu-Lab/OGM-GE_CVPR2022} {@code models/fusion_modules.py}
 * ({@code SumFusion}); the "Sum" and "Weight" rows of the BSS paper's Table 1. The softmax parametrisation of the
 * weights is ours (the paper names the method only).
 */
public final class SumFusionBlock extends AbstractBlock implements SliceableFusion {

    private final List<Linear> linears = new ArrayList<>();
    private final Parameter modalityWeights;
    private final int numClasses;

    /**
     * @param modalities {@code M}
     * @param numClasses {@code K}
     * @param weighted learn per-modality weights
     */
    public SumFusionBlock(int modalities, int numClasses, boolean weighted) {
        this.numClasses = numClasses;
        for (int m = 0; m < modalities; m++) {
            linears.add(addChildBlock("linear-" + m, Linear.builder().setUnits(numClasses).build()));
        }
        this.modalityWeights = weighted
                ? addParameter(Parameter.builder().setName("modality-weights").setType(Parameter.Type.OTHER)
                        .optShape(new Shape(modalities)).optInitializer(new ConstantInitializer(0f)).build())
                : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray w = modalityWeights == null ? null : ps.getValue(modalityWeights, inputs.head().getDevice(), training).softmax(0);
        NDArray sum = null;
        for (int m = 0; m < linears.size(); m++) {
            NDArray term = linears.get(m).forward(ps, new NDList(inputs.get(m)), training).singletonOrThrow();
            if (w != null) {
                term = term.mul(w.get(m));
            }
            sum = sum == null ? term : sum.add(term);
        }
        return new NDList(sum);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numClasses)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (int m = 0; m < linears.size(); m++) {
            linears.get(m).initialize(manager, dataType, inputShapes[m]);
        }
    }

    /** Current modality weights {@code softmax(a)} (all 1 for plain sum). */
    public double[] modalityWeights() {
        double[] w = new double[linears.size()];
        if (modalityWeights == null) {
            java.util.Arrays.fill(w, 1.0);
            return w;
        }
        float[] a = modalityWeights.getArray().toFloatArray();
        double max = Double.NEGATIVE_INFINITY;
        for (float v : a) {
            max = Math.max(max, v);
        }
        double z = 0;
        for (int m = 0; m < a.length; m++) {
            w[m] = Math.exp(a[m] - max);
            z += w[m];
        }
        for (int m = 0; m < a.length; m++) {
            w[m] /= z;
        }
        return w;
    }

    /** {@code w_m (W_m e_m + b_m)}: the modality's own term, with its full bias. */
    @Override
    public float[][] sliceLogits(int m, float[][] embeddings) {
        float[][] wb = LinearMath.weightAndBias(linears.get(m));
        int columns = wb[0].length / numClasses;
        return LinearMath.affine(wb[0], wb[1], columns, 0, embeddings, 1.0, modalityWeights()[m]);
    }
}
