package dev.bss.methods.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.bss.engine.data.BatchAssembler;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.engine.model.MultimodalNetwork;
import dev.bss.engine.train.BatchContext;
import dev.bss.engine.train.ParameterUpdater;
import dev.bss.engine.train.TrainingContext;
import dev.bss.methods.fusion.LinearMath;
import dev.bss.methods.fusion.SliceableFusion;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the baselines need from the network beyond the hooks' arguments: extra forward passes (eval mode, no
 * gradient: masked inputs, prototype and validation passes), slice logits, the trainable parameters of a modality's
 * branch, and in-memory parameter snapshots. Built in {@code onModelReady}; every array it creates lives in a
 * caller-supplied manager or a temporary sub-manager of the model manager and is closed before returning.
 */
public final class ModelProbe {

    private final TrainingContext context;
    private final MultimodalNetwork network;
    private final ParameterStore parameterStore;
    private final int modalities;

    public ModelProbe(TrainingContext context) {
        this.context = context;
        this.network = context.network();
        this.parameterStore = new ParameterStore(context.modelManager(), false);
        this.modalities = network.modalityNames().size();
    }

    public TrainingContext context() {
        return context;
    }

    public int modalityCount() {
        return modalities;
    }

    /** The batch's inputs exactly as the training forward saw them (after any augmentation; arrays in the batch manager). */
    public NDList batchInputs(BatchContext batch) {
        return batch.inputs();
    }

    /**
     * Fused logits with every modality not in {@code keep} replaced by zeros at the <b>raw input</b> (AGM's
     * {@code f(x^a, 0)}), eval mode, no gradient (call outside the gradient collector, e.g. in
     * {@code afterBackward}). Temporary arrays live in the manager of {@code inputs}.
     */
    public float[][] fusedWithInputs(NDList inputs, boolean[] keep) {
        NDList masked = new NDList(modalities);
        for (int m = 0; m < modalities; m++) {
            masked.add(keep[m] ? inputs.get(m) : inputs.get(m).zerosLike());
        }
        NDList out = network.forward(parameterStore, masked, false);
        return Numerics.toMatrix(out.get(0));
    }

    /** Per-split outputs of an eval-mode pass: unimodal logits and embeddings per modality, fused logits, and labels. */
    public record Pass(int[] labels, float[][][] unimodalLogits, float[][][] embeddings, float[][] fusedLogits) {
    }

    /** Eval-mode forward (no gradient) over {@code indices} of {@code split}, in batches of {@code batchSize}. */
    public Pass evaluate(MultimodalDataset split, int[] indices, int batchSize) {
        int n = indices.length;
        BatchAssembler assembler = new BatchAssembler(split);
        int[] labels = assembler.labels(indices, 0, n);
        float[][][] logits = new float[modalities][n][];
        float[][][] embeddings = new float[modalities][n][];
        float[][] fused = new float[n][];
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            try (NDScope scope = new NDScope(); NDManager bm = context.modelManager().newSubManager()) {
                NDList inputs = assembler.inputs(bm, indices, from, to);
                ModelOutputs outputs = new ModelOutputs(network.forward(parameterStore, inputs, false), modalities);
                System.arraycopy(Numerics.toMatrix(outputs.fused()), 0, fused, from, to - from);
                for (int m = 0; m < modalities; m++) {
                    float[][] z = Numerics.toMatrix(outputs.unimodal(m));
                    float[][] e = Numerics.toMatrix(outputs.embedding(m));
                    System.arraycopy(z, 0, logits[m], from, to - from);
                    System.arraycopy(e, 0, embeddings[m], from, to - from);
                }
            }
        }
        return new Pass(labels, logits, embeddings, fused);
    }

    /** {@code 0..n-1}. */
    public static int[] all(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /**
     * Slice logits {@code z̃_m}: the modality's share of the fused head. Concat fusion:
     * {@code W_f[:, cols(m)] e_m + b_f / M} (so that {@code Σ_m z̃_m = z_f}); a {@link SliceableFusion} (sum,
     * weighted) gives its own term. Other fusions have no slices and are refused.
     */
    public float[][] sliceLogits(int m, float[][] embedding) {
        if (network.fusion() instanceof SliceableFusion s) {
            return s.sliceLogits(m, embedding);
        }
        Parameter[] head = concatHead();
        if (head == null) {
            throw new IllegalArgumentException("slice logits are defined for the fusions concat, sum and weighted only; "
                    + "use unimodal-logits=head with this fusion");
        }
        int[] sizes = network.embeddingSizes();
        int total = 0;
        int from = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (i == m) {
                from = total;
            }
            total += sizes[i];
        }
        return LinearMath.affine(head[0].getArray().toFloatArray(), head[1] == null ? null : head[1].getArray().toFloatArray(),
                total, from, embedding, 1.0 / sizes.length, 1.0);
    }

    /**
     * The concat fusion's linear layer {@code z_f = W_f [e_1; …; e_M] + b_f}: {@code {W_f (K × Σ D_m), b_f (K) or null}},
     * or {@code null} when the fusion block is anything else (more parameters, or no weight of that shape).
     */
    public Parameter[] concatHead() {
        int total = 0;
        for (int d : network.embeddingSizes()) {
            total += d;
        }
        Parameter weight = null;
        Parameter bias = null;
        for (Parameter p : network.fusionParameters()) {
            long[] shape = p.getArray().getShape().getShape();
            if (p.getType() == Parameter.Type.WEIGHT && shape.length == 2 && shape[1] == total && shape[0] == network.numClasses()) {
                weight = weight == null ? p : null;
            } else if (p.getType() == Parameter.Type.BIAS && shape.length == 1 && shape[0] == network.numClasses()) {
                bias = p;
            }
        }
        if (weight == null || network.fusionParameters().size() > 2) {
            return null;
        }
        return new Parameter[] {weight, bias};
    }

    /** Trainable parameters of modality {@code m}'s branch: its encoder and its unimodal head. */
    public List<Parameter> branchParameters(int m) {
        List<Parameter> list = new ArrayList<>();
        for (Parameter p : network.encoderParameters(m)) {
            if (p.requiresGradient()) {
                list.add(p);
            }
        }
        for (Parameter p : network.headParameters(m)) {
            if (p.requiresGradient()) {
                list.add(p);
            }
        }
        return list;
    }

    /**
     * A fresh optimiser (the run's settings, no state) over the trainable ones of {@code parameters}, named as in the
     * network so its state can be checkpointed: for methods that re-create optimisers per phase or step modules
     * separately (ReconBoost, MLA, Gradient-Blending's estimation).
     */
    public ParameterUpdater newUpdater(List<Parameter> parameters) {
        PairList<String, Parameter> named = new PairList<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (parameters.contains(p.getValue())) {
                named.add(p.getKey(), p.getValue());
            }
        }
        return new ParameterUpdater(context.updater().settings(), named, context.modelManager());
    }

    /** The probe's parameter store (for blocks run outside the loop's forward pass). */
    public ParameterStore parameterStore() {
        return parameterStore;
    }

    /** Every trainable parameter of the network. */
    public List<Parameter> trainableParameters() {
        List<Parameter> list = new ArrayList<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (p.getValue().requiresGradient()) {
                list.add(p.getValue());
            }
        }
        return list;
    }

    /** Copies every parameter (trainable and running statistics) to the Java heap, by parameter id. */
    public Map<String, float[]> snapshot() {
        Map<String, float[]> s = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            s.put(p.getValue().getId(), p.getValue().getArray().toFloatArray());
        }
        return s;
    }

    /** Writes snapshot values back, for all parameters or only those in {@code only} (when non-null). */
    public void restore(Map<String, float[]> snapshot, List<Parameter> only) {
        for (Pair<String, Parameter> p : network.getParameters()) {
            Parameter parameter = p.getValue();
            if (only != null && !only.contains(parameter)) {
                continue;
            }
            float[] v = snapshot.get(parameter.getId());
            if (v != null) {
                parameter.getArray().set(FloatBuffer.wrap(v));
            }
        }
    }

    /** Encoder parameters (trainable) of modality {@code m}, including the branch's BN affine weights. */
    public List<Parameter> encoderTrainable(int m) {
        List<Parameter> list = new ArrayList<>();
        for (Parameter p : network.encoderParameters(m)) {
            if (p.requiresGradient()) {
                list.add(p);
            }
        }
        return list;
    }

    /** Global L2 norm {@code sqrt(Σ ‖g‖²)} of the gradients of {@code parameters}. */
    public static double globalGradientNorm(BatchContext batch, List<Parameter> parameters) {
        double sq = 0;
        for (Parameter p : parameters) {
            NDArray g = batch.gradient(p);
            double n = g.norm().getFloat();
            sq += n * n;
        }
        return Math.sqrt(sq);
    }
}
