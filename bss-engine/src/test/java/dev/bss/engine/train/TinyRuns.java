package dev.bss.engine.train;

import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.SyntheticDatasetProvider;
import java.util.HashMap;
import java.util.Map;

/** Shared tiny settings for engine tests: 1×8×8 inputs, few samples. */
final class TinyRuns {

    private TinyRuns() {
    }

    static DatasetSplits tinySynthetic(int trainSize, long seed) {
        Map<String, Object> o = new HashMap<>();
        o.put("seed", seed);
        o.put("train-size", trainSize);
        o.put("val-size", 64);
        o.put("test-size", 64);
        o.put("classes", 4);
        o.put("audio-shape", "1x8x8");
        o.put("image-shape", "1x8x8");
        o.put("noise", 0.5);
        return new SyntheticDatasetProvider().load(o);
    }

    static TrainingMethod fusedAndUnimodal(String id) {
        return new TrainingMethod() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public LossWeights lossWeights() {
                return LossWeights.FUSED_AND_UNIMODAL;
            }
        };
    }
}
