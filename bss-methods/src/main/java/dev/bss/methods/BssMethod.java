package dev.bss.methods;

import dev.bss.core.io.ScoreFile;
import dev.bss.core.measure.BalanceMeasurer;
import dev.bss.core.measure.Criterion;
import dev.bss.core.measure.Normalization;
import dev.bss.core.measure.RawColumn;
import dev.bss.core.measure.SampleStatistics;
import dev.bss.core.order.Order;
import dev.bss.core.pacing.PacingFunctions;
import dev.bss.core.random.RandomStreams;
import dev.bss.core.schedule.HeuristicScheduler;
import dev.bss.core.schedule.LearningBasedScheduler;
import dev.bss.core.schedule.Preset;
import dev.bss.core.schedule.Presets;
import dev.bss.core.schedule.ProbabilityTransform;
import dev.bss.core.schedule.RankingPolicy;
import dev.bss.core.schedule.SequenceScheduler;
import dev.bss.engine.train.LossWeights;
import dev.bss.engine.train.PerSampleStatistics;
import dev.bss.engine.train.ScoringMode;
import dev.bss.engine.train.ScoringRequest;
import dev.bss.engine.train.TrainingContext;
import dev.bss.engine.train.TrainingMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Balance-aware sequence sampling. The measurer (paper E1–E3, {@link BalanceMeasurer}) turns the engine's per-sample
 * statistics into balance scores; {@code bss-h} feeds them to a {@link HeuristicScheduler} (rank, pacing λ(t), E4–E5),
 * {@code bss-l} to a {@link LearningBasedScheduler} (EMA every E epochs, softmax or linear weights, E6–E8). Hooks:
 * {@code sequenceScheduler}, {@code scoringRequest}, {@code balanceScores}, {@code lossWeights}. The training loss is
 * the fused plus unimodal cross-entropies (weights configurable), as in the reference code.
 *
 * <p>With {@code scoring: table} the loop runs no scoring pass: {@code balanceScores} reads the epoch's scores from
 * the score table(s) at option {@code score-table} (e.g. written by {@code bss spark score}), see {@link #tableScores}.
 */
public final class BssMethod implements TrainingMethod {

    /** Which scheduler. */
    public enum Variant { HEURISTIC, LEARNING_BASED }

    private final String id;
    private final Variant variant;
    private final MethodOptions options;
    private final BalanceMeasurer measurer;
    private final LossWeights weights;
    private final ScoringRequest scoring;
    private final RankingPolicy ranking;
    /** The score-table folder or file ({@code scoring: table}), else null. */
    private final Path scoreTable;
    private int epoch;

    BssMethod(String id, Variant variant, MethodOptions options) {
        this.id = id;
        this.variant = variant;
        this.options = options;
        Criterion criterion = Criterion.fromId(options.getString("criterion"));
        this.measurer = BalanceMeasurer.builder().optCriterion(criterion)
                .optNormalization(Normalization.fromId(options.getString("normalization"))).build();
        this.weights = new LossWeights(options.getDouble("fused-weight"), options.getDouble("unimodal-weight"));
        this.scoring = new ScoringRequest(ScoringMode.fromId(options.getString("scoring")),
                criterion.requiredColumns().contains(RawColumn.GRADIENT_MAGNITUDE), weights, options.getInt("scoring-batch-size"),
                options.getString("similarity").equals("logits"));
        String table = options.getString("score-table");
        if (scoring.mode() == ScoringMode.TABLE && table.isBlank()) {
            throw new IllegalArgumentException("method " + id + ": scoring 'table' needs option 'score-table' (a folder of "
                    + "epoch-NNN.csv score tables, or one table)");
        }
        if (scoring.mode() != ScoringMode.TABLE && !table.isBlank()) {
            throw new IllegalArgumentException("method " + id + ": option 'score-table' is read only with scoring 'table', not '"
                    + scoring.mode().id() + "'");
        }
        this.scoreTable = table.isBlank() ? null : Path.of(table);
        if (variant == Variant.HEURISTIC) {
            this.ranking = parseRanking(id, options.getString("ranking"));
            PacingFunctions.of(options.getString("pacing"), options.getDouble("lambda0"), options.getInt("t-grow"), options.getInt("bins"));
        } else {
            this.ranking = null;
        }
    }

    @Override
    public String id() {
        return id;
    }

    public Variant variant() {
        return variant;
    }

    /** The resolved options. */
    public MethodOptions options() {
        return options;
    }

    @Override
    public LossWeights lossWeights() {
        return weights;
    }

    @Override
    public ScoringRequest scoringRequest() {
        return scoring;
    }

    @Override
    public SequenceScheduler sequenceScheduler(TrainingContext context) {
        int n = context.trainSet().size();
        long seed = context.seed() * 31 + 17;
        if (variant == Variant.HEURISTIC) {
            return HeuristicScheduler.builder().setSize(n).setSeed(seed)
                    .setPacing(PacingFunctions.of(options.getString("pacing"), options.getDouble("lambda0"),
                            options.getInt("t-grow"), options.getInt("bins")))
                    .optOrder(Order.fromId(options.getString("order")))
                    .optRankingPolicy(ranking)
                    .optMinimumSubset(Math.min(n, context.config().batchSize()))
                    .build();
        }
        String transform = options.getString("transform");
        LearningBasedScheduler.Builder b = LearningBasedScheduler.builder().setSize(n).setSeed(seed)
                .optRefreshPeriod(options.getInt("refresh-period"))
                .optBeta(options.getDouble("beta"))
                .optTransform(transform.equals("softmax") ? ProbabilityTransform.softmax(options.getDouble("temperature"))
                        : ProbabilityTransform.linear(options.getDouble("floor")))
                .optReplacement(options.getBoolean("replacement"))
                .optReversed(options.getBoolean("reversed"));
        if (options.getInt("draws") > 0) {
            b.optDraws(options.getInt("draws"));
        }
        return b.build();
    }

    @Override
    public void onEpochStart(TrainingContext context, int epoch) {
        this.epoch = epoch;
    }

    @Override
    public double[] balanceScores(TrainingContext context, PerSampleStatistics statistics) {
        if (statistics == null && scoreTable != null) {
            double[] scores = tableScores(context);
            return options.getBoolean("shuffle-scores") ? shuffled(scores, context.seed(), epoch) : scores;
        }
        int n = statistics.size();
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = context.trainSet().get(i).id();
        }
        SampleStatistics.Builder b = SampleStatistics.builder().setIds(ids)
                .optPredictionSimilarity(statistics.predictionSimilarity())
                .optFeatureSimilarity(statistics.featureSimilarity())
                .optLoss(statistics.totalLoss());
        if (statistics.gradientMagnitude() != null) {
            b.optGradientMagnitude(statistics.gradientMagnitude());
        }
        double[] scores = measurer.score(b.build());
        return options.getBoolean("shuffle-scores") ? shuffled(scores, context.seed(), statistics.epoch()) : scores;
    }

    /**
     * The control no paper ran: the same scores permuted across samples (Fisher–Yates, stream (seed,
     * {@link RandomStreams#SCORE_SHUFFLE}, epoch)), so the sampling keeps its non-uniformity (the same multiset of
     * weights) but loses the measurer's per-sample information. If BSS beats this control, the measurer matters.
     */
    static double[] shuffled(double[] scores, long seed, int epoch) {
        int[] p = RandomStreams.permutation(RandomStreams.of(seed, RandomStreams.SCORE_SHUFFLE, epoch), scores.length);
        double[] out = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            out[i] = scores[p[i]];
        }
        return out;
    }

    /**
     * The scores of the current epoch from the score table: {@code <score-table>/epoch-NNN.csv} when the option names
     * a folder, else the one file for every epoch. Read with {@link ScoreFile}; its {@code score} column is used as
     * is, or, without one, its raw columns go through this method's measurer. Rows are matched to the training set by
     * id; the table must hold every training sample and no other.
     *
     * @throws IllegalArgumentException naming the table when it is missing or its ids differ from the training set
     */
    double[] tableScores(TrainingContext context) {
        Path file = Files.isDirectory(scoreTable)
                ? scoreTable.resolve(String.format(java.util.Locale.ROOT, "epoch-%03d.csv", epoch)) : scoreTable;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("method " + id + ": no score table for epoch " + epoch + " at " + file
                    + " (compute it with: bss spark score --run RUN_DIR --data CACHE --epoch " + epoch + ")");
        }
        ScoreFile table = ScoreFile.read(file);
        double[] column = table.scores().orElseGet(() -> measurer.score(table.statistics().orElseThrow()));
        String[] ids = table.ids();
        Map<String, Integer> row = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            row.put(ids[i], i);
        }
        int n = context.trainSet().size();
        if (ids.length != n) {
            throw new IllegalArgumentException(file + ": " + ids.length + " rows, the training set has " + n + " samples");
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            String sid = context.trainSet().get(i).id();
            Integer r = row.get(sid);
            if (r == null) {
                throw new IllegalArgumentException(file + ": no row for training sample '" + sid + "'");
            }
            out[i] = column[r];
        }
        return out;
    }

    /** Parses {@code once}, {@code after-warmup:K} or {@code every:K}. */
    static RankingPolicy parseRanking(String methodId, String text) {
        String t = text.trim().replace('(', ':').replace(")", "");
        try {
            if (t.equals("once")) {
                return RankingPolicy.once();
            } else if (t.startsWith("after-warmup:")) {
                return RankingPolicy.afterWarmup(Integer.parseInt(t.substring("after-warmup:".length())));
            } else if (t.startsWith("every:")) {
                return RankingPolicy.every(Integer.parseInt(t.substring("every:".length())));
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("method " + methodId + ": option 'ranking' must be once, after-warmup:K or every:K, got '" + text + "'");
    }

    // ---- descriptors ----

    private static List<HyperParameter> common() {
        List<HyperParameter> h = new ArrayList<>();
        h.add(HyperParameter.ofChoice("preset", "paper", List.of("paper", "reference-code"),
                "defaults as in the paper or as in the official code"));
        h.add(HyperParameter.ofChoice("criterion", null, List.of(Criterion.allowedIds().split(",\\s*")),
                "balance criterion (paper: pred-sim+loss)"));
        h.add(HyperParameter.ofChoice("normalization", null, List.of("min-max", "rank", "z-score"), "Norm(.) of each criterion"));
        h.add(HyperParameter.ofChoice("scoring", null, List.of("pass", "reference-code", "online", "table"),
                "how per-sample statistics are obtained (see docs/engine.md); table: read from score-table"));
        h.add(HyperParameter.ofString("score-table", "", "with scoring 'table': folder of epoch-NNN.csv score tables, or one table"));
        h.add(HyperParameter.ofInt("scoring-batch-size", 0, 0, null,
                "scoring batch size (0 = the mode's default; the official NVGesture script scores with 1)"));
        h.add(HyperParameter.ofChoice("similarity", "softmax", List.of("softmax", "logits"),
                "prediction similarity of softmax probabilities (paper E1) or of raw logits (official NVGesture CL)"));
        h.add(HyperParameter.ofBoolean("shuffle-scores", false,
                "control: permute the balance scores across samples at each refresh (same non-uniformity, no per-sample information)"));
        h.add(HyperParameter.ofDouble("fused-weight", 1.0, 0.0, null, "weight of the fused cross-entropy"));
        h.add(HyperParameter.ofDouble("unimodal-weight", 1.0, 0.0, null, "weight of each unimodal cross-entropy"));
        return h;
    }

    private static Map<String, Object> commonPreset(Preset p, String scoring) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("criterion", p.criterion().id());
        m.put("normalization", p.normalization().id());
        m.put("scoring", scoring);
        return m;
    }

    static MethodDescriptor heuristicDescriptor() {
        List<HyperParameter> h = common();
        h.add(HyperParameter.ofChoice("pacing", null, PacingFunctions.IDS, "pacing function λ(t)"));
        h.add(HyperParameter.ofDouble("lambda0", null, 1e-9, 1.0, "initial fraction λ0"));
        h.add(HyperParameter.ofInt("t-grow", null, 1, null, "first epoch with λ = 1 (T_grow)"));
        h.add(HyperParameter.ofInt("bins", PacingFunctions.DEFAULT_BINS, 1, null, "bins of the baby-step pacing"));
        h.add(HyperParameter.ofChoice("order", null, List.of("cl", "anti-cl"), "most balanced first (cl) or last"));
        h.add(HyperParameter.ofString("ranking", null, "when to rank: once | after-warmup:K | every:K"));
        Map<String, Map<String, Object>> presets = new LinkedHashMap<>();
        for (Preset p : List.of(Presets.paper(), Presets.referenceCode())) {
            Map<String, Object> m = commonPreset(p, p.id().equals("paper") ? "pass" : "reference-code");
            m.put("pacing", p.pacingFunction());
            m.put("lambda0", p.lambda0());
            m.put("t-grow", p.tGrow());
            m.put("order", p.order().id());
            m.put("ranking", p.rankingPolicy().toString());
            presets.put(p.id(), m);
        }
        return new MethodDescriptor("bss-h", MethodFamily.DATA_LEVEL,
                "BSS with the heuristic scheduler: rank by balance score, train on the top λ(t) fraction",
                List.of("sequenceScheduler", "scoringRequest", "balanceScores", "lossWeights"), h, presets,
                o -> new BssMethod("bss-h", Variant.HEURISTIC, o));
    }

    static MethodDescriptor learningDescriptor() {
        List<HyperParameter> h = common();
        h.add(HyperParameter.ofInt("refresh-period", null, 1, null, "re-score every E epochs"));
        h.add(HyperParameter.ofDouble("beta", null, 1e-9, 1.0, "EMA weight β of the new scores (1 = no EMA)"));
        h.add(HyperParameter.ofChoice("transform", null, List.of("softmax", "linear"), "scores → sampling weights"));
        h.add(HyperParameter.ofDouble("temperature", null, 1e-9, null, "softmax temperature τ"));
        h.add(HyperParameter.ofDouble("floor", null, 0.0, null, "linear weights 1 + floor + s"));
        h.add(HyperParameter.ofBoolean("replacement", null, "draw with replacement"));
        h.add(HyperParameter.ofInt("draws", 0, 0, null, "draws per epoch with replacement (0 = n)"));
        h.add(HyperParameter.ofBoolean("reversed", false, "favour imbalanced samples (weights of -s)"));
        Map<String, Map<String, Object>> presets = new LinkedHashMap<>();
        for (Preset p : List.of(Presets.paper(), Presets.referenceCode())) {
            Map<String, Object> m = commonPreset(p, p.id().equals("paper") ? "pass" : "reference-code");
            m.put("refresh-period", p.refreshPeriod());
            m.put("beta", p.beta());
            String t = p.transform().id();
            String value = t.substring(t.indexOf('(') + 1, t.indexOf(')'));
            boolean softmax = t.startsWith("softmax");
            m.put("transform", softmax ? "softmax" : "linear");
            m.put("temperature", softmax ? value : "1.0");
            m.put("floor", softmax ? "0.01" : value);
            m.put("replacement", p.replacement());
            presets.put(p.id(), m);
        }
        return new MethodDescriptor("bss-l", MethodFamily.DATA_LEVEL,
                "BSS with the learning-based scheduler: sample by probabilities of EMA-smoothed balance scores",
                List.of("sequenceScheduler", "scoringRequest", "balanceScores", "lossWeights"), h, presets,
                o -> new BssMethod("bss-l", Variant.LEARNING_BASED, o));
    }
}
