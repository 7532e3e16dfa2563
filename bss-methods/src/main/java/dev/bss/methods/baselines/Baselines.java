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
 * The descriptors of the wave-1 imbalance baselines ({@code ogm-ge}, {@code agm}, {@code pmr}, {@code mslr},
 * {@code mses}) and of the fusion baselines ({@code fusion-sum}, {@code fusion-weighted}, {@code fusion-film},
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
        list.addAll(FusionMethod.descriptors());
        return list;
    }

    /**
     * Refuses compositions whose parts would act on the same thing twice: a repeated id, two gradient methods (two
     * modulators of the same encoders' updates compound, e.g. {@code ogm-ge+agm}), two objective methods, or two
     * fusion methods (a model has one fusion block). Family order is checked by the registry.
     *
     * @throws IllegalArgumentException naming the composition and the reason
     */
    public static void checkComposable(String id, List<MethodDescriptor> parts) {
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
