package dev.bss.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A one-dimensional convolution over time written as a matrix product: the {@code k} consecutive token embeddings
 * of every window are concatenated and multiplied by the filter matrix (im2col). For input {@code x} of shape
 * {@code {B, L, D}} (time-major, as {@link TokenEmbeddingBlock} returns it) and weight {@code W} of shape
 * {@code {F, D, k}}, output {@code {B, L − k + 1, F}}:
 * <pre>
 *   c[b, t, f] = bias[f] + Σ_{j<k} Σ_{d<D} W[f, d, j] · x[b, t + j, d]      (t = 0 .. L − k)
 * </pre>
 * which is the feature {@code c_i = f(w · x_{i:i+h−1} + b)} of Kim (2014), "Convolutional Neural Networks for
 * Sentence Classification", eq. (2), before the non-linearity; the values are those of a {@code Conv1d} with
 * {@code F} filters and kernel {@code k} on the transposed input {@code {B, D, L}} (weight layout and parameter
 * shapes are the same, so {@link ModelConfig}'s reference initialisation treats it like one).
 *
 * <p>Why not DJL's {@code Conv1d}: on CPU PyTorch routes it to oneDNN, whose backward-data pass for a filter count
 * that is not a multiple of the ISA's channel block (16 on AVX-512; text-cnn has 100) reads the padded channels of a
 * buffer it never initialises. Finite stale values contribute {@code 0 · w = 0} and go unnoticed; stale NaN/Inf bit
 * patterns become NaN in the embedding gradient (issue 19: NaN at epoch 1, batch 1 in some runs and not in others
 * of the same command). A GEMM ({@code linear}) reads only the logical matrix. Cost per batch:
 * {@code O(B · (L − k + 1) · k · D · F)} multiply-adds, as the convolution; memory {@code B · (L − k + 1) · k · D}
 * floats for the unfolded windows (L = 24, k = 5, D = 128: 20 KB per sample).
 */
final class NgramConvolutionBlock extends AbstractBlock {

    private final int kernel;
    private final int filters;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param kernel window length {@code k} (tokens), at least 1
     * @param filters number of filters {@code F}, at least 1
     */
    NgramConvolutionBlock(int kernel, int filters) {
        if (kernel < 1 || filters < 1) {
            throw new IllegalArgumentException("n-gram convolution needs kernel >= 1 and filters >= 1, got " + kernel + ", " + filters);
        }
        this.kernel = kernel;
        this.filters = filters;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    int kernel() {
        return kernel;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long d = inputShapes[0].get(2);
        weight.setShape(new Shape(filters, d, kernel));
        bias.setShape(new Shape(filters));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long length = x.getShape().get(1);
        long depth = x.getShape().get(2);
        long windows = length - kernel + 1;
        if (windows < 1) {
            throw new IllegalArgumentException("n-gram convolution with kernel " + kernel + " needs at least " + kernel
                    + " tokens, got " + length);
        }
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        NDArray unfolded;
        if (kernel == 1) {
            unfolded = x;
        } else {
            NDList parts = new NDList(kernel);
            for (int j = 0; j < kernel; j++) {
                parts.add(x.get(new NDIndex(":, {}:{}, :", j, j + windows)));
            }
            unfolded = NDArrays.concat(parts, 2);
        }
        // unfolded[b, t, j·D + d] = x[b, t + j, d], so the matrix is W2[f, j·D + d] = W[f, d, j]
        NDArray matrix = w.transpose(0, 2, 1).reshape(filters, kernel * depth);
        return Linear.linear(unfolded, matrix, b);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1) - kernel + 1, filters)};
    }
}
