package dev.bss.engine.train;

import ai.djl.nn.Parameter;
import dev.bss.engine.model.MultimodalNetwork;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which heads a batch objective reaches, and so which parameters got no gradient from it: every parameter of a head
 * the objective leaves out (the fusion block for {@code fused}, a modality's unimodal head for its name). The
 * optimiser skips those in that step ({@link ParameterUpdater#step(double, Set)}), as PyTorch skips a parameter whose
 * {@code .grad} is {@code None}.
 *
 * <p>Detection is structural, not numerical: a head is unused when the loss weights leave it out of the default
 * objective ({@link LossWeights#trainedHeads}) and the method's {@link TrainingMethod#objectiveHeads} hook does not
 * add it back. An all-zero-gradient test would cost a reduction and a native round trip per parameter per step and
 * would also skip a reached parameter whose gradient happens to be exactly zero; DJL cannot tell "no gradient" from
 * "zero gradient" (every parameter has a buffer, zeroed after each step). Per step this costs one hook call and, only
 * when the answer differs from the previous step's, one pass over the heads' parameters.
 */
final class ObjectiveHeads {

    private final Map<String, List<Parameter>> parameters = new LinkedHashMap<>();
    private final Set<String> implied;
    private Set<String> lastUsed;
    private Set<Parameter> lastUnused = Set.of();

    ObjectiveHeads(MultimodalNetwork network, LossWeights weights) {
        List<String> names = network.modalityNames();
        parameters.put(LossWeights.FUSED_HEAD, network.fusionParameters());
        for (int m = 0; m < names.size(); m++) {
            parameters.put(names.get(m), network.headParameters(m));
        }
        this.implied = Collections.unmodifiableSet(new LinkedHashSet<>(weights.trainedHeads(names)));
    }

    /** The heads the loss weights put in the objective ({@code fused}, modality names). */
    Set<String> implied() {
        return implied;
    }

    /**
     * The parameters of every head not in {@code used} (an identity set; empty when every head is used).
     *
     * @throws IllegalStateException when {@code used} names a head the network does not have
     */
    Set<Parameter> unusedParameters(Set<String> used, String methodId) {
        if (lastUsed != null && lastUsed.equals(used)) {
            return lastUnused;
        }
        for (String name : used) {
            if (!parameters.containsKey(name)) {
                throw new IllegalStateException("method " + methodId + ": objectiveHeads names unknown head '" + name + "'; heads: "
                        + String.join(", ", parameters.keySet()));
            }
        }
        Set<Parameter> unused = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, List<Parameter>> e : parameters.entrySet()) {
            if (!used.contains(e.getKey())) {
                unused.addAll(e.getValue());
            }
        }
        lastUsed = Set.copyOf(used);
        lastUnused = Collections.unmodifiableSet(unused);
        return lastUnused;
    }
}
