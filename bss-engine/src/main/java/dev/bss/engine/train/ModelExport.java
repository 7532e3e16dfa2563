package dev.bss.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.bss.engine.data.BatchAssembler;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.engine.model.SafetensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A listener that keeps portable copies of the model beside the checkpoint: {@code model.safetensors} (every parameter
 * under its block name, {@link SafetensorsFile}) after each checkpoint and at the end of training, and at the end
 * {@code test-logits.safetensors}: the trained model's test-split logits in eval mode ({@code fused} and
 * {@code unimodal.<modality>}, {@code [n, K]} float32, plus {@code labels} {@code [n]} int32), so that a port of the
 * model to another framework can be checked against the Java model's predictions. The checkpoint itself keeps its
 * own checksummed container ({@link Checkpoints}).
 */
public final class ModelExport implements TrainingListener {

    /** File name of the weights. */
    public static final String WEIGHTS = "model.safetensors";
    /** File name of the test logits. */
    public static final String TEST_LOGITS = "test-logits.safetensors";

    private final Path directory;
    private TrainingContext context;

    /** Writes into {@code directory} (a run's {@code checkpoints/}). */
    public ModelExport(Path directory) {
        this.directory = directory;
    }

    @Override
    public void onTrainingStart(TrainingContext context, int startEpoch) {
        this.context = context;
    }

    @Override
    public void onCheckpoint(Path file, int epoch) {
        writeWeights();
    }

    @Override
    public void onTrainingEnd(TrainingResult result) {
        writeWeights();
        MultimodalDataset test = context.testSet();
        if (test != null && test.size() > 0) {
            try (NDManager manager = context.modelManager().newSubManager()) {
                SafetensorsFile.write(directory.resolve(TEST_LOGITS), testLogits(test, manager));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void writeWeights() {
        try {
            SafetensorsFile.write(directory.resolve(WEIGHTS), context.network());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private NDList testLogits(MultimodalDataset split, NDManager manager) {
        int m = split.modalities().size();
        int n = split.size();
        int k = context.numClasses();
        float[] fused = new float[n * k];
        float[][] unimodal = new float[m][n * k];
        int[] all = MultimodalTrainer.allIndices(n);
        BatchAssembler assembler = new BatchAssembler(split);
        int batch = context.config().evaluationBatchSize();
        ParameterStore store = new ParameterStore(context.modelManager(), false);
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            try (NDManager bm = context.modelManager().newSubManager()) {
                ModelOutputs out = new ModelOutputs(context.network().forward(store, assembler.inputs(bm, all, from, to), false), m);
                System.arraycopy(out.fused().toFloatArray(), 0, fused, from * k, (to - from) * k);
                for (int i = 0; i < m; i++) {
                    System.arraycopy(out.unimodal(i).toFloatArray(), 0, unimodal[i], from * k, (to - from) * k);
                }
            }
        }
        NDList list = new NDList();
        NDArray f = manager.create(fused).reshape(n, k);
        f.setName("fused");
        list.add(f);
        for (int i = 0; i < m; i++) {
            NDArray u = manager.create(unimodal[i]).reshape(n, k);
            u.setName("unimodal." + split.modalities().get(i).name());
            list.add(u);
        }
        NDArray y = manager.create(assembler.labels(all, 0, n));
        y.setName("labels");
        list.add(y);
        return list;
    }
}
