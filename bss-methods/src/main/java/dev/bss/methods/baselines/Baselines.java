package dev.bss.methods.baselines;

import dev.bss.methods.MethodDescriptor;
import dev.bss.methods.MethodFamily;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import dev.bss.methods.fusion.FusionMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * The descriptors of the imbalance baselines, wave 1 ({@code ogm-ge}, {@code agm}, {@code pmr}, {@code mslr},
 * {@code mses}) and wave 2 ({@code ogr-gb}, {@code domfn}, {@code reconboost}, {@code mmpareto}, {@code smv},
 * {@code mla}), and of the fusion baselines ({@code fusion-sum}, {@code fusion-weighted}, {@code fusion-film},
 * {@code fusion-gated}), in that order; {@code MethodRegistry} registers them.
 */
public final class Baselines {

    private Baselines() {
    }

    /** Every baseline descriptor of this package and of {@code dev.bss.methods.fusion}. */
    public static List<MethodDescriptor> all() {
        List<MethodDescriptor> list = new ArrayList<>();
        list.add(OgmGe.descriptor());
        list.add(Agm.descriptor());
        list.add(Pmr.descriptor());
        list.add(Mslr.descriptor());
        list.add(Mses.descriptor());
        list.add(GradientBlending.descriptor());
        list.add(Domfn.descriptor());
        list.add(ReconBoost.descriptor());
        list.add(MmPareto.descriptor());
        list.add(Smv.descriptor());
        list.add(Mla.descriptor());
        list.addAll(FusionMethod.descriptors());
        return list;
    }

    /**
     * Methods that take over the model's heads, the optimiser step and the prediction rule, with the reason they
     * compose with a data-level method (which only decides the sample sequence) and nothing else.
     */
    private static final Map<String, String> EXCLUSIVE = Map.of(
            Mla.ID, "it replaces the heads (one shared head), the optimiser step (one step per modality) and the prediction rule",
            ReconBoost.ID, "it runs its own stage plan with its own optimisers, a shared head and its ensemble prediction");

    /** Methods whose {@code loss} hook replaces the objective it is given instead of adding to it. */
    private static final Set<String> LOSS_REPLACING = Set.of(GradientBlending.ID, Domfn.ID, ReconBoost.ID, MmPareto.ID, Mla.ID);

    /**
     * Refuses compositions whose parts would act on the same thing twice: a repeated id, a second data-level method
     * (two methods would decide the sample sequence; {@code smv} rebuilds the training set with modality-dropped
     * duplicates), two gradient methods (two modulators of the same encoders' updates compound, e.g.
     * {@code ogm-ge+agm}), two objective methods, two fusion methods (a model has one fusion block), {@code mla} or
     * {@code reconboost} with anything but a data-level method before them, and {@code domfn} with a fusion method (it
     * needs the concat head), {@code smv} followed by a method that replaces the loss (its masking lives in the loss).
     * Called by the registry before its family-order check.
     *
     * @throws IllegalArgumentException naming the composition and the reason
     */
    public static void checkComposable(String id, List<MethodDescriptor> parts) {
        for (int i = 1; i < parts.size(); i++) {
            MethodDescriptor d = parts.get(i);
            if (d.family() == MethodFamily.DATA_LEVEL) {
                throw new IllegalArgumentException("method " + id + ": cannot combine the data-level methods '" + parts.get(0).id() + "' and '"
                        + d.id() + "': both decide the epoch's sample sequence" + (d.id().equals(Smv.ID) || parts.get(0).id().equals(Smv.ID)
                        ? " (smv rebuilds the training set with modality-dropped duplicates that the other's scheduler knows nothing of)" : "")
                        + "; use one data-level method, first");
            }
            String reason = EXCLUSIVE.get(d.id());
            if (reason != null && parts.size() > 2) {
                String other = parts.get(i == 1 ? 2 : 1).id();
                throw new IllegalArgumentException("method " + id + ": '" + d.id() + "' composes only with a data-level method before it (e.g. bss-l+"
                        + d.id() + "), not with '" + other + "': " + reason);
            }
            if (reason != null && parts.get(0).family() != MethodFamily.DATA_LEVEL) {
                throw new IllegalArgumentException("method " + id + ": '" + d.id() + "' composes only with a data-level method before it (e.g. bss-l+"
                        + d.id() + "): " + reason);
            }
        }
        if (parts.get(0).id().equals(Smv.ID)) {
            for (MethodDescriptor d : parts) {
                if (LOSS_REPLACING.contains(d.id())) {
                    throw new IllegalArgumentException("method " + id + ": cannot combine 'smv' with '" + d.id() + "': " + d.id()
                            + " replaces the training loss, which would drop smv's zeroing of the modalities removed from its duplicates");
                }
            }
        }
        boolean domfn = parts.stream().anyMatch(d -> d.id().equals(Domfn.ID));
        for (MethodDescriptor d : parts) {
            if (domfn && d.family() == MethodFamily.FUSION) {
                throw new IllegalArgumentException("method " + id + ": cannot combine 'domfn' with the fusion method '" + d.id()
                        + "': domfn's per-branch rule needs the concat fusion head");
            }
        }
        Set<String> seen = new HashSet<>();
        Map<MethodFamily, String> byFamily = new EnumMap<>(MethodFamily.class);
        for (MethodDescriptor d : parts) {
            if (!seen.add(d.id())) {
                throw new IllegalArgumentException("method " + id + ": part '" + d.id() + "' appears twice");
            }
            MethodFamily f = d.family();
            if (f == MethodFamily.GRADIENT || f == MethodFamily.OBJECTIVE || f == MethodFamily.FUSION) {
                String previous = byFamily.putIfAbsent(f, d.id());
                if (previous != null) {
                    String why = switch (f) {
                        case GRADIENT -> "both modulate the per-modality updates of the same encoders, so their effects would compound";
                        case OBJECTIVE -> "both redefine the objective or the stopping of the unimodal branches";
                        default -> "a model has one fusion block";
                    };
                    throw new IllegalArgumentException("method " + id + ": cannot combine the " + f.id() + " methods '" + previous
                            + "' and '" + d.id() + "': " + why + "; use at most one " + f.id() + " method");
                }
            }
        }
    }
}
