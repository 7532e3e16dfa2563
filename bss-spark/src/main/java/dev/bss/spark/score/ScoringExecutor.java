package dev.bss.spark.score;

import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.model.ModelConfig;
import dev.bss.engine.train.CheckpointScorer;
import dev.bss.engine.train.EngineThreads;
import dev.bss.engine.train.PerSampleStatistics;
import dev.bss.engine.train.ScoringMode;
import dev.bss.engine.train.ScoringRequest;
import dev.bss.engine.train.TrainerConfig;
import dev.bss.engine.train.TrainingMethod;
import dev.bss.experiments.engine.DatasetViews;
import dev.bss.experiments.engine.EngineBackend;
import dev.bss.experiments.spec.RunSpecLoader;
import dev.bss.engine.data.MultimodalSample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor side of {@link DistributedScoring}: per executor JVM one loaded job (the broadcast spec resolved into
 * the training set, method and model, once) and a pool of {@link CheckpointScorer}s, one per task running at the same
 * time (a scorer is not thread-safe); each task sets PyTorch's intra-op threads of its own thread to its CPU share
 * ({@code spark.task.cpus}, default 1) and scores one slice. Tasks whose scoring builds autograd graphs
 * ({@code reference-code}, gradient magnitudes) hold {@link #AUTOGRAD} while they do: DJL allows one gradient collector
 * per JVM.
 */
final class ScoringExecutor {

    private static final ReentrantLock AUTOGRAD = new ReentrantLock();
    private static Loaded loaded;

    private ScoringExecutor() {
    }

    private record Loaded(long broadcastId, DistributedScoring.Job job, MultimodalDataset train, TrainingMethod method, ModelConfig model,
            TrainerConfig config, ConcurrentLinkedQueue<CheckpointScorer> pool) {
    }

    private static synchronized Loaded load(Broadcast<DistributedScoring.Job> b) throws IOException {
        if (loaded != null && loaded.broadcastId() == b.id()) {
            return loaded;
        }
        release();
        DistributedScoring.Job job = b.value();
        EngineBackend.TrainerParts parts = new EngineBackend().parts(RunSpecLoader.fromTree(DistributedScoring.parse(job.specYaml()),
                "the broadcast spec"), null);
        loaded = new Loaded(b.id(), job, parts.splits()[0], parts.method(), parts.model(), parts.config(), new ConcurrentLinkedQueue<>());
        return loaded;
    }

    /** Frees the loaded job's scorers (the driver calls it after a job; on a cluster executors free them with the next job). */
    static synchronized void release() {
        if (loaded != null) {
            CheckpointScorer s;
            while ((s = loaded.pool().poll()) != null) {
                s.close();
            }
            loaded = null;
        }
    }

    /** Scores training samples {@code [from, to)}. */
    static DistributedScoring.Slice score(Broadcast<DistributedScoring.Job> b, int from, int to) throws IOException {
        Loaded l = load(b);
        DistributedScoring.Job job = l.job();
        CheckpointScorer scorer = l.pool().poll();
        if (scorer == null) {
            scorer = CheckpointScorer.create(l.method(), l.model(), l.train().modalities(), l.train().numClasses(), l.config(),
                    job.parameters());
        }
        TaskContext task = TaskContext.get();
        EngineThreads.set(task == null ? 1 : Math.max(1, task.cpus())); // this task thread's share of the executor's cores
        try {
            int[] indices = new int[to - from];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = from + i;
            }
            MultimodalDataset slice = DatasetViews.samples(l.train(), indices, "slice");
            ScoringRequest request = job.request();
            boolean autograd = request.mode() == ScoringMode.REFERENCE_CODE || request.gradientMagnitude();
            PerSampleStatistics st;
            if (autograd) {
                AUTOGRAD.lock();
            }
            try {
                st = scorer.statistics(slice, request, job.epoch());
            } finally {
                if (autograd) {
                    AUTOGRAD.unlock();
                }
            }
            double[][] rows = st.gradientMagnitude() == null
                    ? new double[][] {st.predictionSimilarity(), st.featureSimilarity(), st.totalLoss()}
                    : new double[][] {st.predictionSimilarity(), st.featureSimilarity(), st.totalLoss(), st.gradientMagnitude()};
            List<String> ids = new ArrayList<>(indices.length);
            int[] labels = new int[indices.length];
            List<Map<String, String>> metadata = new ArrayList<>(indices.length);
            for (int i = 0; i < indices.length; i++) {
                MultimodalSample sample = slice.get(i);
                ids.add(sample.id());
                labels[i] = sample.label();
                metadata.add(new LinkedHashMap<>(sample.metadata()));
            }
            return new DistributedScoring.Slice(from, rows, ids, labels, metadata);
        } finally {
            l.pool().offer(scorer);
        }
    }
}
