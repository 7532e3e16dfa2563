package dev.bss.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.model.MultimodalNetwork;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Names the first non-finite tensor of a batch whose loss came out NaN or infinite, for
 * {@link NonFiniteLossException}. It looks, in this order, at
 * <ol>
 *   <li>the trainable parameters (hierarchical name, count and first index of the bad values): an earlier update or
 *       gradient hook left them non-finite;</li>
 *   <li>the batch inputs (modality, sample id, element index): bad data;</li>
 *   <li>the forward pass, layer by layer: each encoder (descending into sequential and parallel blocks to the first
 *       block whose output is non-finite while its input is finite), each unimodal head, the fusion block;</li>
 *   <li>otherwise the network's outputs are finite and the objective (the method's loss hook) made the loss
 *       non-finite.</li>
 * </ol>
 * The forward passes are repeated in training mode with the batch's parameters (a failure path: the run stops, so
 * the extra BatchNorm running-statistics updates never reach a checkpoint). Cost: one pass over the parameters and
 * at most two forward passes of the batch. Arrays it creates belong to the batch's scope.
 */
final class NonFiniteDiagnosis {

    private NonFiniteDiagnosis() {
    }

    /**
     * @param network the network of the failing batch
     * @param store its parameter store
     * @param inputs the batch's modality arrays, in dataset order
     * @param modalities the modality specs (names) of {@code inputs}
     * @param sampleIds the batch's sample ids, in batch order
     * @return one line naming the first non-finite tensor, or what is finite when nothing is
     */
    static String firstNonFinite(MultimodalNetwork network, ParameterStore store, NDList inputs, List<ModalitySpec> modalities,
            List<String> sampleIds) {
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                continue; // running statistics follow the activations of this very batch: the forward pass below covers them
            }
            String bad = describe(p.getValue().getArray());
            if (bad != null) {
                return "parameter " + p.getKey() + " " + bad + " (non-finite before this batch: an earlier update or gradient hook)";
            }
        }
        for (int m = 0; m < inputs.size(); m++) {
            NDArray x = inputs.get(m);
            long first = firstBadIndex(x);
            if (first >= 0) {
                long perSample = x.getShape().size() / x.getShape().get(0);
                int sample = (int) (first / perSample);
                Shape sampleShape = x.getShape().slice(1);
                return "input '" + modalities.get(m).name() + "' of sample " + sampleIds.get(sample) + " at "
                        + Arrays.toString(unravel(first % perSample, sampleShape)) + " (" + count(x) + " non-finite values in the batch)";
            }
        }
        NDList embeddings = new NDList(inputs.size());
        for (int m = 0; m < inputs.size(); m++) {
            String name = "encoder-" + modalities.get(m).name();
            NDList in = new NDList(inputs.get(m));
            NDList e = network.encoder(m).forward(store, in, true);
            if (!finite(e)) {
                return "output of " + locate(name, network.encoder(m), in, store) + " (inputs and parameters are finite)";
            }
            embeddings.add(e.singletonOrThrow());
        }
        for (int m = 0; m < inputs.size(); m++) {
            if (!finite(network.head(m).forward(store, new NDList(embeddings.get(m)), true))) {
                return "output of head-" + modalities.get(m).name() + " (its embedding and parameters are finite)";
            }
        }
        if (!finite(network.fusion().forward(store, embeddings, true))) {
            return "output of " + locate("fusion", network.fusion(), embeddings, store) + " (embeddings and parameters are finite)";
        }
        return "none in the network: parameters, inputs, embeddings and logits are finite, so the objective (the method's loss"
                + " hook) made the loss non-finite";
    }

    /**
     * The path of the deepest block whose output is non-finite while its input is finite, descending through
     * sequential and parallel blocks; other composite blocks are reported as a whole.
     */
    private static String locate(String path, Block block, NDList input, ParameterStore store) {
        if (block instanceof SequentialBlock) {
            NDList x = input;
            for (Pair<String, Block> child : block.getChildren()) {
                NDList y = child.getValue().forward(store, x, true);
                if (!finite(y)) {
                    return locate(path + "/" + child.getKey(), child.getValue(), x, store);
                }
                x = y;
            }
        } else if (block instanceof ParallelBlock) {
            for (Pair<String, Block> child : block.getChildren()) {
                if (!finite(child.getValue().forward(store, input, true))) {
                    return locate(path + "/" + child.getKey(), child.getValue(), input, store);
                }
            }
        }
        return path + " (" + block.getClass().getSimpleName() + ")";
    }

    private static boolean finite(NDList list) {
        for (NDArray a : list) {
            if (firstBadIndex(a) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** "(k of n values non-finite, first at [i, j])", or null when all are finite. */
    private static String describe(NDArray a) {
        long first = firstBadIndex(a);
        if (first < 0) {
            return null;
        }
        return String.format(Locale.ROOT, "%s: %d of %d values non-finite, first at %s", a.getShape(), count(a), a.getShape().size(),
                Arrays.toString(unravel(first, a.getShape())));
    }

    /** Flat index of the first NaN or infinite element, or −1. */
    private static long firstBadIndex(NDArray a) {
        if (!a.getDataType().isFloating() || a.getShape().size() == 0) {
            return -1;
        }
        NDArray bad = a.isNaN().logicalOr(a.isInfinite()).flatten();
        if (!bad.any().getBoolean()) {
            return -1;
        }
        return bad.toType(ai.djl.ndarray.types.DataType.INT32, false).argMax().getLong();
    }

    private static long count(NDArray a) {
        return a.isNaN().logicalOr(a.isInfinite()).countNonzero().getLong();
    }

    /** Row-major multi-index of {@code flat} in {@code shape}. */
    static long[] unravel(long flat, Shape shape) {
        long[] index = new long[shape.dimension()];
        for (int d = shape.dimension() - 1; d >= 0; d--) {
            long n = shape.get(d);
            index[d] = flat % n;
            flat /= n;
        }
        return index;
    }
}
