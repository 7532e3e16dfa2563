package dev.bss.methods.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.bss.engine.model.ModelConfig;
import dev.bss.engine.train.BatchContext;
import dev.bss.engine.train.EpochReport;
import dev.bss.engine.train.LossWeights;
import dev.bss.engine.train.MultimodalTrainer;
import dev.bss.engine.train.TrainerConfig;
import dev.bss.engine.train.TrainingContext;
import dev.bss.engine.train.TrainingMethod;
import dev.bss.methods.MethodRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hooks change what they claim to change, observed in a real (tiny) training step: OGM-GE and AGM scale exactly
 * the selected encoder gradients by their coefficients, PMR adds {@code α · PCE > 0} to the loss.
 */
class HookEffectTest {

    /**
     * Delegates every hook used by the baselines and records gradients around {@code afterBackward}: of the encoders,
     * or with {@code fusionHead} of the fusion block's parameters (whose values it also records at the start).
     */
    static final class Recorder implements TrainingMethod {
        final TrainingMethod inner;
        final boolean fusionHead;
        final List<float[][]> before = new ArrayList<>();
        final List<float[][]> after = new ArrayList<>();
        final List<double[]> losses = new ArrayList<>();
        List<Parameter> watched;
        int[] owner;
        final List<Integer> dims = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        float[][] initial;
        float[][] trained;
        List<String> predictionHeads;
        List<String> modalities;

        Recorder(TrainingMethod inner) {
            this(inner, false);
        }

        Recorder(TrainingMethod inner, boolean fusionHead) {
            this.inner = inner;
            this.fusionHead = fusionHead;
        }

        float[][] values() {
            float[][] v = new float[watched.size()][];
            for (int i = 0; i < v.length; i++) {
                v[i] = watched.get(i).getArray().toFloatArray();
            }
            return v;
        }

        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public LossWeights lossWeights() {
            return inner.lossWeights();
        }

        @Override
        public ModelConfig configureModel(ModelConfig config) {
            return inner.configureModel(config);
        }

        @Override
        public void onModelReady(TrainingContext context) {
            inner.onModelReady(context);
            watched = new ArrayList<>();
            if (fusionHead) {
                watched.addAll(context.network().fusionParameters());
                initial = values();
                return;
            }
            List<Integer> owners = new ArrayList<>();
            for (int m = 0; m < context.modalityNames().size(); m++) {
                for (Parameter p : context.network().encoderParameters(m)) {
                    if (p.requiresGradient()) {
                        watched.add(p);
                        owners.add(m);
                        dims.add(p.getArray().getShape().dimension());
                        names.add(p.getName());
                    }
                }
            }
            owner = owners.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public void onEpochStart(TrainingContext context, int epoch) {
            inner.onEpochStart(context, epoch);
        }

        @Override
        public void onEpochEnd(TrainingContext context, EpochReport report) {
            inner.onEpochEnd(context, report);
        }

        @Override
        public NDArray loss(BatchContext batch, NDArray defaultLoss) {
            NDArray l = inner.loss(batch, defaultLoss);
            losses.add(new double[] {defaultLoss.getFloat(), l.getFloat()});
            return l;
        }

        @Override
        public void afterBackward(BatchContext batch) {
            before.add(copy(batch));
            inner.afterBackward(batch);
            after.add(copy(batch));
        }

        private float[][] copy(BatchContext batch) {
            float[][] g = new float[watched.size()][];
            for (int i = 0; i < g.length; i++) {
                g[i] = batch.gradient(watched.get(i)).toFloatArray();
            }
            return g;
        }
    }

    private static Recorder run(String id, Map<String, Object> options) {
        return run(id, options, false);
    }

    private static Recorder run(String id, Map<String, Object> options, boolean fusionHead) {
        Recorder r = new Recorder(MethodRegistry.create(id, options), fusionHead);
        try (MultimodalTrainer trainer = MultimodalTrainer.builder()
                .setDataset(BaselineSmokeTest.tiny())
                .setMethod(r)
                .setConfig(TrainerConfig.builder().setEpochs(1).setBatchSize(32).optSeed(6).build())
                .build()) {
            trainer.fit();
            r.trained = r.values();
            r.predictionHeads = trainer.predictionHeads();
            r.modalities = trainer.context().modalityNames();
        }
        return r;
    }

    private static void assertScaled(Recorder r, double[] k, boolean convolutionOnly) {
        float[][] before = r.before.get(r.before.size() - 1);
        float[][] after = r.after.get(r.after.size() - 1);
        int scaled = 0;
        for (int i = 0; i < before.length; i++) {
            double factor = convolutionOnly && r.dims.get(i) != 4 ? 1.0 : k[r.owner[i]];
            for (int j = 0; j < before[i].length; j++) {
                assertEquals(before[i][j] * factor, after[i][j], 1e-6 + 1e-5 * Math.abs(before[i][j]),
                        "tensor " + r.names.get(i) + " of modality " + r.owner[i]);
            }
            if (factor != 1.0) {
                scaled++;
            }
        }
        assertTrue(scaled > 0, "some tensor was modulated");
    }

    @Test
    void ogmScalesOnlyTheDominantModalitysConvolutionWeights() {
        Recorder r = run("ogm-ge", Map.of("ge", false, "alpha", 0.8));
        double[] k = ((OgmGe) r.inner).lastCoefficients();
        assertNotNull(k);
        assertScaled(r, k, true);
    }

    @Test
    void ogmGeAddsNoiseEvenToTheUnmodulatedEncoder() {
        Recorder r = run("ogm-ge", Map.of("ge", true));
        double[] k = ((OgmGe) r.inner).lastCoefficients();
        int weak = k[0] == 1.0 ? 0 : 1;
        float[][] before = r.before.get(r.before.size() - 1);
        float[][] after = r.after.get(r.after.size() - 1);
        boolean changed = false;
        for (int i = 0; i < before.length; i++) {
            if (r.owner[i] == weak && r.dims.get(i) == 4) {
                for (int j = 0; j < before[i].length; j++) {
                    changed |= before[i][j] != after[i][j];
                }
            }
        }
        assertTrue(changed, "GE noise is added to the encoder with k = 1 too");
    }

    @Test
    void agmScalesEveryEncoderGradientByItsCoefficient() {
        Recorder r = run("agm", Map.of("clip", false, "alpha", 1.0));
        double[] k = ((Agm) r.inner).lastCoefficients();
        assertNotNull(k);
        assertTrue(k[0] != 1.0 && k[1] != 1.0);
        assertScaled(r, k, false);
    }

    @Test
    void pmrAddsThePrototypicalLossForTheSlowerModality() {
        Recorder r = run("pmr", Map.of("alpha", 5.0));
        double[] coef = ((Pmr) r.inner).lastCoefficients();
        assertNotNull(coef);
        assertEquals(5.0, Math.max(coef[0], coef[1]), 0.0);
        for (double[] l : r.losses) {
            assertTrue(l[1] > l[0], "loss with PCE " + l[1] + " > default " + l[0]);
        }
    }

    @Test
    void agmScalesTheFusedHeadsBlocksByTheirModalitysCoefficient() {
        Recorder r = run("agm", Map.of("clip", false, "alpha", 1.0), true);
        double[] k = ((Agm) r.inner).lastCoefficients();
        assertTrue(k[0] != 1.0 && k[1] != 1.0);
        float[][] before = r.before.get(r.before.size() - 1);
        float[][] after = r.after.get(r.after.size() - 1);
        int weight = before[0].length > before[1].length ? 0 : 1;
        int bias = 1 - weight;
        int classes = before[bias].length;
        int columns = before[weight].length / classes;
        int half = columns / 2; // synthetic: both encoders embed to the same width
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < columns; j++) {
                int at = c * columns + j;
                double factor = j < half ? k[0] : k[1];
                assertEquals(before[weight][at] * factor, after[weight][at], 1e-6 + 1e-5 * Math.abs(before[weight][at]));
            }
            assertEquals(before[bias][c] * (k[0] + k[1]) / 2, after[bias][c], 1e-6 + 1e-5 * Math.abs(before[bias][c]));
        }
        Recorder unscaled = run("agm", Map.of("clip", false, "alpha", 1.0, "fused-head", "unscaled"), true);
        assertArrayEquals(unscaled.before.get(0)[0], unscaled.after.get(0)[0], 0f, "fused-head=unscaled leaves the head alone");
    }

    @Test
    void mslrAndMsesTrainTheirHeadsSumAndLeaveTheConcatHeadUntouched() {
        for (String id : List.of("mslr", "mses")) {
            Recorder r = run(id, Map.of("statistics", "validation"), true);
            assertEquals(r.modalities, r.predictionHeads, id + " predicts with the sum of its unimodal heads");
            float[][] end = r.trained;
            for (int i = 0; i < end.length; i++) {
                assertArrayEquals(r.initial[i], end[i], 0f, id + ": the concat head gets no gradient and no decay");
            }
            Recorder loop = run(id, Map.of("loss-mode", "loop"), true);
            float[][] moved = loop.trained;
            boolean any = false;
            for (int i = 0; i < moved.length; i++) {
                any |= !Arrays.equals(loop.initial[i], moved[i]);
            }
            assertTrue(any, id + " loss-mode=loop trains the fused head");
        }
    }
}
