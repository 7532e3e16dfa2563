package dev.bss.methods.fusion;

import dev.bss.engine.model.ModelConfig;
import dev.bss.engine.train.LossWeights;
import dev.bss.engine.train.TrainingMethod;
import dev.bss.methods.HyperParameter;
import dev.bss.methods.MethodDescriptor;
import dev.bss.methods.MethodFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fusion baseline as a training method: it only replaces the model's fusion block ({@link #configureModel}) and
 * otherwise trains like {@code vanilla}. Ids {@code fusion-sum}, {@code fusion-weighted}, {@code fusion-film},
 * {@code fusion-gated}. Option {@code loss}: {@code fused} (default, the fused cross-entropy only, as the BSS
 * paper's fusion rows) or {@code fused-and-unimodal} (adds the unimodal heads' cross-entropies).
 *
 * <p>Sources: see {@link SumFusionBlock}, {@link FilmFusionBlock}, {@link GatedFusionBlock}.
 */
public final class FusionMethod implements TrainingMethod {

    private final String id;
    private final String fusionId;
    private final LossWeights weights;

    public FusionMethod(String id, String fusionId, LossWeights weights) {
        this.id = id;
        this.fusionId = fusionId;
        this.weights = weights;
    }

    @Override
    public String id() {
        return id;
    }

    /** The fusion id this method installs. */
    public String fusionId() {
        return fusionId;
    }

    @Override
    public ModelConfig configureModel(ModelConfig config) {
        FusionVariants.registerAll();
        return config.toBuilder().optFusion(fusionId).build();
    }

    @Override
    public LossWeights lossWeights() {
        return weights;
    }

    /** Descriptors of {@code fusion-sum}, {@code fusion-weighted}, {@code fusion-film}, {@code fusion-gated}. */
    public static List<MethodDescriptor> descriptors() {
        List<MethodDescriptor> list = new ArrayList<>();
        String[][] rows = {
            {"sum", "late fusion by summing per-modality linear logits (OGM-GE SumFusion; paper row 'Sum')"},
            {"weighted", "sum fusion with learned softmax modality weights (paper row 'Weight')"},
            {"film", "FiLM: the first modality's embedding scales and shifts the others' (paper row 'Affine')"},
            {"gated", "a sigmoid gate from the first modality multiplies the others' projections (OGM-GE GatedFusion)"},
        };
        for (String[] r : rows) {
            String methodId = "fusion-" + r[0];
            list.add(new MethodDescriptor(methodId, MethodFamily.FUSION, r[1], List.of("configureModel", "lossWeights"),
                    List.of(HyperParameter.ofChoice("loss", "fused", List.of("fused", "fused-and-unimodal"),
                            "objective: fused CE only, or fused plus unimodal CEs")),
                    Map.of(),
                    o -> new FusionMethod(methodId, r[0], o.getString("loss").equals("fused")
                            ? LossWeights.FUSED_ONLY : LossWeights.FUSED_AND_UNIMODAL)));
        }
        return list;
    }
}
