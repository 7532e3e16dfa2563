package dev.bss.methods.fusion;

import ai.djl.nn.Block;
import dev.bss.engine.model.Fusion;
import dev.bss.engine.model.Fusions;
import java.util.List;

/**
 * The fusion variants of this module, by id: {@code sum}, {@code weighted}, {@code film}, {@code gated} (the engine
 * ships {@code concat}). Each nested class is a {@link Fusion} with a public no-argument constructor, listed in
 * {@code META-INF/services/dev.bss.engine.model.Fusion} so that {@link Fusions} finds them when it loads;
 * {@link #registerAll()} registers them explicitly as well (idempotent).
 */
public final class FusionVariants {

    private FusionVariants() {
    }

    /** All variants of this module. */
    public static List<Fusion> all() {
        return List.of(new Sum(), new Weighted(), new Film(), new Gated());
    }

    /** Registers every variant with {@link Fusions#register} (safe to call repeatedly). */
    public static void registerAll() {
        for (Fusion f : all()) {
            Fusions.register(f);
        }
    }

    /** {@code sum}: {@code z_f = Σ_m (W_m e_m + b_m)}; see {@link SumFusionBlock}. */
    public static final class Sum implements Fusion {
        @Override
        public String id() {
            return "sum";
        }

        @Override
        public Block build(int[] embeddingSizes, int numClasses) {
            return new SumFusionBlock(embeddingSizes.length, numClasses, false);
        }
    }

    /** {@code weighted}: {@code z_f = Σ_m softmax(a)_m (W_m e_m + b_m)}; see {@link SumFusionBlock}. */
    public static final class Weighted implements Fusion {
        @Override
        public String id() {
            return "weighted";
        }

        @Override
        public Block build(int[] embeddingSizes, int numClasses) {
            return new SumFusionBlock(embeddingSizes.length, numClasses, true);
        }
    }

    /** {@code film}: the first modality modulates the others affinely; see {@link FilmFusionBlock}. */
    public static final class Film implements Fusion {
        @Override
        public String id() {
            return "film";
        }

        @Override
        public Block build(int[] embeddingSizes, int numClasses) {
            return new FilmFusionBlock(embeddingSizes, numClasses);
        }
    }

    /** {@code gated}: a sigmoid gate from the first modality multiplies the others; see {@link GatedFusionBlock}. */
    public static final class Gated implements Fusion {
        @Override
        public String id() {
            return "gated";
        }

        @Override
        public Block build(int[] embeddingSizes, int numClasses) {
            return new GatedFusionBlock(embeddingSizes, numClasses);
        }
    }
}
