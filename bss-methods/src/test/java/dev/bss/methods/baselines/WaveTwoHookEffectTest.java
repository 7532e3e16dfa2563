package dev.bss.methods.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.bss.engine.model.ModelConfig;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.engine.train.BatchContext;
import dev.bss.engine.train.LossWeights;
import dev.bss.engine.train.MultimodalTrainer;
import dev.bss.engine.train.Objectives;
import dev.bss.engine.train.TrainerConfig;
import dev.bss.engine.train.TrainingContext;
import dev.bss.engine.train.TrainingMethod;
import dev.bss.methods.MethodRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wave-2 hooks change what they claim to change in a real (tiny) training step: MMPareto's device-side gradient
 * rewrite equals its pure function applied to independently measured fused and unimodal gradients; MLA's sub-steps
 * move only the active encoder and the shared head, and its projection multiplies the head gradient by {@code Pᵀ}.
 */
class WaveTwoHookEffectTest {

    /** Delegates every hook the wave-2 methods use. */
    abstract static class Delegate implements TrainingMethod {
        final TrainingMethod inner;

        Delegate(TrainingMethod inner) {
            this.inner = inner;
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
        }

        @Override
        public int subSteps(BatchContext batch) {
            return inner.subSteps(batch);
        }

        @Override
        public NDArray loss(BatchContext batch, NDArray defaultLoss) {
            return inner.loss(batch, defaultLoss);
        }

        @Override
        public void afterBackward(BatchContext batch) {
            inner.afterBackward(batch);
        }

        @Override
        public void optimizerStep(BatchContext batch, double learningRate) {
            inner.optimizerStep(batch, learningRate);
        }

        @Override
        public NDArray prediction(ModelOutputs outputs) {
            return inner.prediction(outputs);
        }
    }

    private static void train(TrainingMethod method) {
        try (MultimodalTrainer trainer = MultimodalTrainer.builder()
                .setDataset(BaselineSmokeTest.tiny())
                .setMethod(method)
                .setConfig(TrainerConfig.builder().setEpochs(1).setBatchSize(32).optSeed(6).build())
                .build()) {
            trainer.fit();
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void mmParetoRewritesEncoderGradientsAsItsFunction() {
        List<Parameter>[] encoders = new List[2];
        List<double[][]> fused = new ArrayList<>();
        List<double[][]> sum = new ArrayList<>();
        List<double[][]> rewritten = new ArrayList<>();
        MmPareto pareto = (MmPareto) MethodRegistry.create("mmpareto", Map.of());
        train(new Delegate(pareto) {
            @Override
            public void onModelReady(TrainingContext context) {
                super.onModelReady(context);
                for (int m = 0; m < 2; m++) {
                    encoders[m] = new ArrayList<>();
                    for (Parameter p : context.network().encoderParameters(m)) {
                        if (p.requiresGradient()) {
                            encoders[m].add(p);
                        }
                    }
                }
            }

            @Override
            public NDArray loss(BatchContext batch, NDArray defaultLoss) {
                List<Parameter> all = new ArrayList<>(encoders[0]);
                all.addAll(encoders[1]);
                List<NDArray> g = batch.gradientsOf(Objectives.crossEntropy(batch.outputs().fused(), batch.oneHotLabels()).mean(), all);
                fused.add(g.stream().map(a -> toDouble(a.toFloatArray())).toArray(double[][]::new));
                return super.loss(batch, defaultLoss);
            }

            @Override
            public void afterBackward(BatchContext batch) {
                sum.add(grads(batch));
                super.afterBackward(batch);
                rewritten.add(grads(batch));
            }

            private double[][] grads(BatchContext batch) {
                List<double[]> out = new ArrayList<>();
                for (int m = 0; m < 2; m++) {
                    for (Parameter p : encoders[m]) {
                        out.add(toDouble(batch.gradient(p).toFloatArray()));
                    }
                }
                return out.toArray(double[][]::new);
            }
        });
        assertEquals(2, rewritten.size(), "two batches");
        int n0 = encoders[0].size();
        for (int b = 0; b < rewritten.size(); b++) {
            for (int m = 0; m < 2; m++) {
                int from = m == 0 ? 0 : n0;
                int to = m == 0 ? n0 : fused.get(b).length;
                double[][] gf = java.util.Arrays.copyOfRange(fused.get(b), from, to);
                double[][] gu = new double[to - from][];
                for (int t = 0; t < gu.length; t++) {
                    double[] s = sum.get(b)[from + t];
                    gu[t] = new double[s.length];
                    for (int j = 0; j < s.length; j++) {
                        gu[t][j] = s[j] - gf[t][j];
                    }
                }
                double[][] expected = MmPareto.encoderGradients(gf, gu, 1.5);
                for (int t = 0; t < expected.length; t++) {
                    double[] got = rewritten.get(b)[from + t];
                    for (int j = 0; j < got.length; j++) {
                        assertEquals(expected[t][j], got[j], 1e-4 * (1 + Math.abs(expected[t][j])), "batch " + b + " modality " + m + " tensor " + t);
                    }
                }
            }
        }
        assertTrue(pareto.lastWeights() != null);
    }

    @Test
    void mlaStepsOnlyTheActiveEncoderAndTheSharedHeadAndProjectsTheHeadGradient() {
        Mla mla = (Mla) MethodRegistry.create("mla", Map.of("projection", "owm"));
        List<String> moved = new ArrayList<>();
        List<double[]> projectionErrors = new ArrayList<>();
        train(new Delegate(mla) {
            List<Parameter>[] encoders = new List[2];
            Parameter headWeight;

            @Override
            public void onModelReady(TrainingContext context) {
                super.onModelReady(context);
                for (int m = 0; m < 2; m++) {
                    encoders[m] = context.network().encoderParameters(m).stream().filter(Parameter::requiresGradient).toList();
                }
                headWeight = context.network().sharedHeadParameters().stream().filter(p -> p.getType() == Parameter.Type.WEIGHT)
                        .findFirst().orElseThrow();
            }

            @Override
            public void afterBackward(BatchContext batch) {
                float[] before = batch.gradient(headWeight).toFloatArray();
                super.afterBackward(batch);
                float[] after = batch.gradient(headWeight).toFloatArray();
                if (mla.updates() > 0) {
                    double[][] p = mla.projector();
                    int d = p.length;
                    int k = before.length / d;
                    double[][] g = new double[k][d];
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < d; j++) {
                            g[i][j] = before[i * d + j];
                        }
                    }
                    double[][] expected = Mla.project(g, p);
                    double worst = 0;
                    double scale = 1e-12;
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < d; j++) {
                            worst = Math.max(worst, Math.abs(expected[i][j] - after[i * d + j]));
                            scale = Math.max(scale, Math.abs(expected[i][j]));
                        }
                    }
                    projectionErrors.add(new double[] {worst / scale});
                }
            }

            @Override
            public void optimizerStep(BatchContext batch, double learningRate) {
                float[][] before = snapshot();
                super.optimizerStep(batch, learningRate);
                float[][] after = snapshot();
                StringBuilder s = new StringBuilder("sub-step " + batch.subStep() + ":");
                String[] names = {"encoder-0", "encoder-1", "head"};
                for (int i = 0; i < 3; i++) {
                    if (!java.util.Arrays.equals(before[i], after[i])) {
                        s.append(' ').append(names[i]);
                    }
                }
                moved.add(s.toString());
            }

            private float[][] snapshot() {
                return new float[][] {encoders[0].get(0).getArray().toFloatArray(), encoders[1].get(0).getArray().toFloatArray(),
                    headWeight.getArray().toFloatArray()};
            }
        });
        assertEquals(List.of("sub-step 0: encoder-0 head", "sub-step 1: encoder-1 head", "sub-step 0: encoder-0 head",
                "sub-step 1: encoder-1 head"), moved);
        assertEquals(3, projectionErrors.size(), "projection from the second update on (four updates)");
        for (double[] e : projectionErrors) {
            assertTrue(e[0] < 1e-3, "head gradient = G Pᵀ, worst relative error " + e[0]);
        }
    }
}
