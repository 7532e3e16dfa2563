package dev.bss.engine.train;

import ai.djl.ndarray.NDArray;
import dev.bss.engine.nd.Scalars;
import dev.bss.engine.model.ModelOutputs;

/**
 * The per-sample quantities the loop, the scoring pass and the evaluator share: cross-entropy, cosine similarity and
 * the weighted total loss {@code l_total = w_f·CE(fused) + w_u·Σ_m CE(unimodal_m) + w_s·CE(Σ_m unimodal_m)} (paper E2
 * with {@code w_s = 0}; the reference code's CREMA-D weights are {@code w_f = 0.1, w_u = 0.9}; {@code w_s} is the
 * official MSLR/MSES objective, {@link LossWeights#SUM_OF_HEADS}). Every returned array lives in the manager of its inputs.
 */
public final class Objectives {

    private Objectives() {
    }

    /** Per-sample cross-entropy {@code −Σ_k y_k log softmax(z)_k}, shape {@code {B}}. */
    public static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
    }

    /** Cosine similarity per row, each norm clamped below at 1e-8 (as {@code F.cosine_similarity}). */
    public static NDArray cosine(NDArray a, NDArray b) {
        NDArray dot = a.mul(b).sum(new int[] {1});
        return dot.div(Scalars.atLeast(a.norm(new int[] {1}), 1e-8f).mul(Scalars.atLeast(b.norm(new int[] {1}), 1e-8f)));
    }

    /**
     * Per-sample {@code w_f·CE(fused) + w_u·Σ_m CE(unimodal_m) + w_s·CE(Σ_m unimodal_m)}, shape {@code {B}}; a term
     * whose weight is 0 is left out of the graph (so a head in no term gets no gradient).
     */
    public static NDArray perSampleLoss(ModelOutputs outputs, NDArray oneHot, LossWeights weights) {
        NDArray total = null;
        if (weights.fused() > 0) {
            total = Scalars.times(crossEntropy(outputs.fused(), oneHot), (float) weights.fused());
        }
        if (weights.unimodal() > 0) {
            for (int m = 0; m < outputs.modalityCount(); m++) {
                NDArray l = Scalars.times(crossEntropy(outputs.unimodal(m), oneHot), (float) weights.unimodal());
                total = total == null ? l : total.add(l);
            }
        }
        if (weights.sumOfHeads() > 0) {
            NDArray l = Scalars.times(crossEntropy(sumOfUnimodal(outputs), oneHot), (float) weights.sumOfHeads());
            total = total == null ? l : total.add(l);
        }
        if (total == null) {
            throw new IllegalArgumentException("loss weights " + weights + " leave no head in the objective");
        }
        return total;
    }

    /**
     * The batch objective {@code w_f·mean CE(fused) + w_u·Σ_m mean CE(unimodal_m) + w_s·mean CE(Σ_m unimodal_m)} (equal
     * to the batch mean of {@link #perSampleLoss}; summed per head so that the training loss keeps its floating-point order).
     */
    public static NDArray batchLoss(ModelOutputs outputs, NDArray oneHot, LossWeights weights) {
        NDArray loss = null;
        if (weights.fused() > 0) {
            loss = Scalars.times(crossEntropy(outputs.fused(), oneHot).mean(), (float) weights.fused());
        }
        if (weights.unimodal() > 0) {
            for (int m = 0; m < outputs.modalityCount(); m++) {
                NDArray l = Scalars.times(crossEntropy(outputs.unimodal(m), oneHot).mean(), (float) weights.unimodal());
                loss = loss == null ? l : loss.add(l);
            }
        }
        if (weights.sumOfHeads() > 0) {
            NDArray l = Scalars.times(crossEntropy(sumOfUnimodal(outputs), oneHot).mean(), (float) weights.sumOfHeads());
            loss = loss == null ? l : loss.add(l);
        }
        return loss;
    }

    /** {@code Σ_m out_m}: the unimodal heads' logits summed (the "fused" output of sum-of-heads models). */
    public static NDArray sumOfUnimodal(ModelOutputs outputs) {
        NDArray sum = outputs.unimodal(0);
        for (int m = 1; m < outputs.modalityCount(); m++) {
            sum = sum.add(outputs.unimodal(m));
        }
        return sum;
    }
}
