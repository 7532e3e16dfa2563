package dev.bss.engine.train;

/**
 * Raw per-sample statistics of the training set, aligned with dataset indices {@code 0..n-1}; the input of the
 * balance measurer.
 *
 * @param epoch the epoch they were computed for (counted from 1)
 * @param mode how they were obtained
 * @param predictionSimilarity cosine similarity of the unimodal softmax probabilities (paper E1; mean of pairwise
 *     cosines with more than two modalities)
 * @param featureSimilarity cosine similarity of the unimodal embeddings (paper E9)
 * @param totalLoss per-sample {@code w_f·CE_mm + w_u·Σ_m CE_m} (paper E2)
 * @param gradientMagnitude per-sample Σ over parameter tensors of ‖∇L‖₂ (reference [OLD] code), or {@code null}
 */
public record PerSampleStatistics(int epoch, ScoringMode mode, double[] predictionSimilarity, double[] featureSimilarity,
        double[] totalLoss, double[] gradientMagnitude) {

    public int size() {
        return totalLoss.length;
    }
}
