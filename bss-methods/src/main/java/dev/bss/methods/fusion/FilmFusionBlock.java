package dev.bss.methods.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * FiLM ("Affine") fusion: the first modality's embedding modulates the others by a feature-wise affine map,
 * {@code (γ_m, β_m) = split(W_m e_0 + c_m)}, {@code h = [γ_1 ⊙ e_1 + β_1; …]}, {@code z_f = W_out h + b_out}.
 * With two modalities this is OGM-GE's {@code FiLM(x_film=True)} with {@code x = e_0} (audio) modulating
 * {@code y = e_1} (visual).
 *
 * <p>Sources: Perez et al., "FiLM: Visual Reasoning with a General Conditioning Layer", AAAI 2018; official OGM-GE
 * code {@code GeWu-Lab/OGM-GE_CVPR2022} {@code models/fusion_modules.py} ({@code FiLM}); "Affine" row of the BSS
 * paper's Table 1. For three or more modalities, modulating each non-first modality by the first is our
 * generalisation.
 */
public final class FilmFusionBlock extends AbstractBlock {

    private final List<Linear> film = new ArrayList<>();
    private final Linear out;
    private final int[] sizes;
    private final int numClasses;

    public FilmFusionBlock(int[] embeddingSizes, int numClasses) {
        if (embeddingSizes.length < 2) {
            throw new IllegalArgumentException("fusion film needs at least two modalities, got " + embeddingSizes.length);
        }
        this.sizes = embeddingSizes.clone();
        this.numClasses = numClasses;
        for (int m = 1; m < sizes.length; m++) {
            film.add(addChildBlock("film-" + m, Linear.builder().setUnits(2L * sizes[m]).build()));
        }
        this.out = addChildBlock("out", Linear.builder().setUnits(numClasses).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList modulated = new NDList();
        for (int m = 1; m < sizes.length; m++) {
            NDArray gammaBeta = film.get(m - 1).forward(ps, new NDList(inputs.get(0)), training).singletonOrThrow();
            NDList parts = gammaBeta.split(new long[] {sizes[m]}, 1);
            modulated.add(parts.get(0).mul(inputs.get(m)).add(parts.get(1)));
        }
        NDArray h = modulated.size() == 1 ? modulated.get(0) : NDArrays.concat(modulated, 1);
        return out.forward(ps, new NDList(h), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numClasses)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long total = 0;
        for (int m = 1; m < sizes.length; m++) {
            film.get(m - 1).initialize(manager, dataType, inputShapes[0]);
            total += sizes[m];
        }
        out.initialize(manager, dataType, new Shape(inputShapes[0].get(0), total));
    }
}
