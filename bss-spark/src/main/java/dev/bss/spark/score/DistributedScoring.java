package dev.bss.spark.score;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bss.data.io.CacheManifest;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.data.MultimodalSample;
import dev.bss.engine.train.CheckpointScorer;
import dev.bss.engine.train.PerSampleStatistics;
import dev.bss.engine.train.ScoreReport;
import dev.bss.engine.train.ScoringMode;
import dev.bss.engine.train.ScoringRequest;
import dev.bss.engine.train.TrainingMethod;
import dev.bss.experiments.engine.EngineBackend;
import dev.bss.experiments.run.RunDirectory;
import dev.bss.experiments.run.ScoreTable;
import dev.bss.experiments.spec.RunSpec;
import dev.bss.experiments.spec.RunSpecLoader;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * The scoring pass of a run as a Spark job. The driver reads the run's {@code spec.yaml} and
 * {@code checkpoints/last.ckpt}, points the spec's dataset at the prepared cache ({@code dataset-options.root}) and
 * resolves it exactly as training does ({@link EngineBackend#parts}: validation carve, train limit, modality subset).
 * The checkpoint's parameters and the spec are broadcast once; each executor JVM loads the dataset and the spec once
 * and keeps a small pool of {@link CheckpointScorer}s (one per concurrently running task, one PyTorch thread per task;
 * see {@link ScoringExecutor}). Tasks score slices {@code [from, to)} of the training set whose bounds are multiples of
 * the scoring batch size, so every batch holds the samples it holds in the training loop's own pass, and each slice
 * goes through the same {@code ScoringPass}. The driver gathers the statistics with each sample's id, label and
 * metadata (it never decodes a sample's features: a VGGSound record is 2 MB), asks the method for its balance scores
 * ({@link CheckpointScorer#balanceScores}) and builds the table a run writes ({@link EngineBackend#scoreTable}).
 *
 * <p>Scoring modes: {@code pass} and {@code reference-code} as in training (reference-code and gradient magnitudes
 * build autograd graphs, which DJL allows one at a time per JVM, so such tasks take turns within an executor);
 * {@code online} has no training forward passes to record from, so it scores a full pass, as the loop's first online
 * scoring does; a run with {@code scoring.mode: table} is scored with {@code pass}. Scores are those of epoch
 * {@code checkpoint epoch + 1} (the checkpoint holds the parameters after its epoch, which the loop scores at the start
 * of the next one).
 */
public final class DistributedScoring {

    private static final YAMLMapper YAML = new YAMLMapper();

    private DistributedScoring() {
    }

    /**
     * The result of one distributed scoring pass.
     *
     * @param epoch the epoch the scores are for
     * @param table the per-sample score table (as a run's {@code scores/epoch-NNN.csv})
     * @param statistics the raw statistics
     * @param slices number of tasks
     * @param seconds wall time of the job (driver view)
     */
    public record Result(int epoch, ScoreTable table, PerSampleStatistics statistics, int slices, double seconds) {
    }

    /** Everything an executor needs, broadcast once per job. */
    record Job(String specYaml, int epoch, String mode, boolean gradientMagnitude, double fusedWeight, double unimodalWeight,
            int requestBatchSize, boolean logitSimilarity, byte[] parameters) implements Serializable {
        private static final long serialVersionUID = 1L;

        ScoringRequest request() {
            return new ScoringRequest(ScoringMode.fromId(mode), gradientMagnitude,
                    new dev.bss.engine.train.LossWeights(fusedWeight, unimodalWeight), requestBatchSize, logitSimilarity);
        }
    }

    /**
     * One task's share: statistics of samples {@code [from, from + n)} in rows pred_sim, feat_sim, loss(, grad_mag), with
     * their ids, labels and metadata (so that the driver never decodes a sample's features).
     */
    record Slice(int from, double[][] rows, List<String> ids, int[] labels, List<Map<String, String>> metadata) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The training set as the driver sees it after a job: ids, labels and metadata gathered from the executors, in
     * training-set order, with the set's modalities and classes but no features (what {@code balanceScores} and the
     * score table read).
     */
    static MultimodalDataset index(MultimodalDataset train, List<Slice> slices) {
        int n = train.size();
        String[] ids = new String[n];
        int[] labels = new int[n];
        List<Map<String, String>> meta = new ArrayList<>(java.util.Collections.nCopies(n, Map.<String, String>of()));
        for (Slice s : slices) {
            for (int i = 0; i < s.ids().size(); i++) {
                ids[s.from() + i] = s.ids().get(i);
                labels[s.from() + i] = s.labels()[i];
                meta.set(s.from() + i, s.metadata().get(i));
            }
        }
        float[][] none = new float[train.modalities().size()][0];
        return new MultimodalDataset() {
            @Override
            public List<ModalitySpec> modalities() {
                return train.modalities();
            }

            @Override
            public List<String> classNames() {
                return train.classNames();
            }

            @Override
            public int size() {
                return n;
            }

            @Override
            public MultimodalSample get(int i) {
                return new MultimodalSample(ids[i], labels[i], none, meta.get(i));
            }

            @Override
            public String checksum() {
                return train.checksum();
            }
        };
    }

    /**
     * What the scoring of {@code method} computes outside its training run: its own request, with {@code table} (a run
     * that reads its scores) scored as {@code pass}.
     *
     * @throws IllegalArgumentException when the method does not score samples
     */
    public static ScoringRequest request(TrainingMethod method) {
        ScoringRequest r = method.scoringRequest();
        if (r == null) {
            throw new IllegalArgumentException("method " + method.id() + " does not score samples (use bss-l or bss-h)");
        }
        return r.mode() != ScoringMode.TABLE ? r
                : new ScoringRequest(ScoringMode.PASS, r.gradientMagnitude(), r.lossWeights(), r.batchSize(), r.logitSimilarity());
    }

    /**
     * The run's spec with its dataset read from {@code cache} (absolute), as the driver and every executor load it.
     *
     * @param verify whether the cache's checksums are verified (the driver does it once; executors skip it)
     */
    public static RunSpec specWithData(String specYaml, Path cache, boolean verify) {
        ObjectNode tree = parse(specYaml);
        ObjectNode options = tree.get("dataset-options") instanceof ObjectNode o ? o : tree.putObject("dataset-options");
        if (cache != null) {
            options.put("root", cache.toAbsolutePath().normalize().toString());
        }
        if (!verify && options.has("root") && Files.isRegularFile(Path.of(options.get("root").asText()).resolve(CacheManifest.FILE_NAME))) {
            options.put("verify", false);
        }
        return RunSpecLoader.fromTree(tree, "spec.yaml");
    }

    /** A spec's YAML text as a tree (the run's {@code spec.yaml}, or what the driver broadcasts). */
    static ObjectNode parse(String specYaml) {
        try {
            if (YAML.readTree(specYaml) instanceof ObjectNode tree) {
                return tree;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("spec.yaml: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("spec.yaml: a run spec must be a mapping of keys to values");
    }

    /**
     * Scores the training set of the run in {@code runDir} with its last checkpoint.
     *
     * @param cache the prepared dataset the run trained on, readable by every executor at the same path (null: the
     *     dataset options of the run's spec as they are)
     * @param epochOverride the epoch written into the table (null: checkpoint epoch + 1)
     * @param partitions number of tasks to aim for (0: the session's default parallelism)
     * @throws IllegalArgumentException for a run directory without spec or checkpoint, a method that does not score,
     *     or a checkpoint of another method
     */
    public static Result score(SparkSession spark, Path runDir, Path cache, Integer epochOverride, int partitions) throws IOException {
        long t0 = System.nanoTime();
        Path specFile = runDir.resolve(RunDirectory.SPEC);
        Path checkpoint = runDir.resolve("checkpoints").resolve("last.ckpt");
        if (!Files.isRegularFile(specFile) || !Files.isRegularFile(checkpoint)) {
            throw new IllegalArgumentException("run directory " + runDir + " needs " + RunDirectory.SPEC + " and checkpoints/last.ckpt"
                    + " (train with outputs.checkpoint-every >= 1)");
        }
        String yaml = Files.readString(specFile);
        RunSpec spec = specWithData(yaml, cache, true);
        EngineBackend.TrainerParts parts = new EngineBackend().parts(spec, null);
        MultimodalDataset train = parts.splits()[0];
        TrainingMethod method = parts.method();
        CheckpointScorer.Weights weights = CheckpointScorer.readWeights(checkpoint);
        if (!weights.methodId().equals(method.id())) {
            throw new IllegalArgumentException(checkpoint + ": checkpoint of method '" + weights.methodId() + "', the spec says '"
                    + method.id() + "'");
        }
        ScoringRequest request = request(method);
        int epoch = epochOverride != null ? epochOverride : weights.epoch() + 1;
        if (epoch < 1) {
            throw new IllegalArgumentException("--epoch must be >= 1, got " + epoch);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String dataYaml = specWithData(yaml, cache, false).toYaml();
        try (CheckpointScorer driver = CheckpointScorer.create(method, parts.model(), train.modalities(), train.numClasses(), parts.config(),
                weights.parameters())) {
            int n = train.size();
            int batch = driver.batchSize(request);
            int tasks = partitions > 0 ? partitions : jsc.defaultParallelism();
            int perSlice = batch * Math.max(1, (int) Math.ceil(n / ((double) batch * tasks)));
            List<Integer> starts = new ArrayList<>();
            for (int from = 0; from < n; from += perSlice) {
                starts.add(from);
            }
            Broadcast<Job> job = jsc.broadcast(new Job(dataYaml, epoch, request.mode().id(), request.gradientMagnitude(),
                    request.lossWeights().fused(), request.lossWeights().unimodal(), request.batchSize(), request.logitSimilarity(),
                    weights.parameters()));
            int size = perSlice;
            List<Slice> slices = jsc.parallelize(starts, starts.size())
                    .map(from -> ScoringExecutor.score(job, from, Math.min(n, from + size)))
                    .collect();
            job.destroy();
            ScoringExecutor.release(); // local masters: the executor is this JVM
            boolean grad = request.gradientMagnitude();
            double[][] columns = new double[grad ? 4 : 3][n];
            for (Slice s : slices) {
                for (int r = 0; r < columns.length; r++) {
                    System.arraycopy(s.rows()[r], 0, columns[r], s.from(), s.rows()[r].length);
                }
            }
            ScoringMode reported = request.mode() == ScoringMode.ONLINE ? ScoringMode.PASS : request.mode();
            PerSampleStatistics stats = new PerSampleStatistics(epoch, reported, columns[0], columns[1], columns[2], grad ? columns[3] : null);
            MultimodalDataset index = index(train, slices);
            double[] scores = driver.balanceScores(method, index, stats);
            double seconds = (System.nanoTime() - t0) / 1e9;
            ScoreTable table = EngineBackend.scoreTable(new ScoreReport(epoch, index, scores, stats, seconds));
            return new Result(epoch, table, stats, starts.size(), seconds);
        }
    }
}
