package dev.bss.engine.data;

import dev.bss.core.io.Sha256;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The built-in {@code synthetic} dataset: seeded, nothing to install, with a class signal in every modality
 * and a per-sample corruption level that weakens one modality (recorded as metadata
 * {@code corruption_<modality>}), so that modality imbalance exists and is known per sample.
 *
 * <p>Generation: for class {@code k} and modality {@code m} a prototype {@code P[k][m]} is drawn once
 * (2-D inputs: a sum of two plane waves with class-specific frequency and phase, so convolutions can
 * see it; vectors: standard normal). A sample is
 * {@code x = signal_m * (1 - c) * P[label][m] + noise * N(0, 1)}, where the corruption level
 * {@code c} is 0 except for the corrupted modality of a {@code corruption-fraction} of samples, where it
 * is uniform in [0, 1]. Labels are balanced (sample {@code i} of a split has label {@code i mod K} before a
 * seeded shuffle).
 *
 * <p>Options (all optional; unknown keys are rejected naming the allowed ones): see {@link #OPTIONS}.
 */
public final class SyntheticDatasetProvider implements DatasetProvider {

    /** Allowed option keys with their defaults. */
    public static final Map<String, Object> OPTIONS;

    static {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("seed", 0L);
        o.put("train-size", 2048);
        o.put("val-size", 512);
        o.put("test-size", 512);
        o.put("classes", 10);
        o.put("modalities", 2);
        o.put("audio-shape", "1x40x100");
        o.put("image-shape", "1x28x28");
        o.put("vector-size", 32);
        o.put("audio-signal", 1.0);
        o.put("image-signal", 0.6);
        o.put("vector-signal", 0.5);
        o.put("noise", 1.0);
        o.put("corrupted-modality", "audio");
        o.put("corruption-fraction", 0.5);
        OPTIONS = java.util.Collections.unmodifiableMap(o);
    }

    @Override
    public String id() {
        return "synthetic";
    }

    @Override
    public String description() {
        return "seeded synthetic audio/image[/vector] data with class signal and per-sample corruption of one modality";
    }

    @Override
    public DatasetSplits load(Map<String, Object> options) {
        Map<String, Object> o = new LinkedHashMap<>(OPTIONS);
        if (options != null) {
            for (Map.Entry<String, Object> e : options.entrySet()) {
                if (!OPTIONS.containsKey(e.getKey())) {
                    throw new IllegalArgumentException("synthetic dataset: unknown option '" + e.getKey()
                            + "'; allowed: " + String.join(", ", OPTIONS.keySet()));
                }
                o.put(e.getKey(), e.getValue());
            }
        }
        Config c = new Config(
                toLong(o, "seed"), toInt(o, "train-size", 1), toInt(o, "val-size", 0), toInt(o, "test-size", 0),
                toInt(o, "classes", 2), toInt(o, "modalities", 2), parseShape(o, "audio-shape"),
                parseShape(o, "image-shape"), toInt(o, "vector-size", 1), toDouble(o, "audio-signal"),
                toDouble(o, "image-signal"), toDouble(o, "vector-signal"), toDouble(o, "noise"),
                String.valueOf(o.get("corrupted-modality")), toDouble(o, "corruption-fraction"));
        if (c.modalities != 2 && c.modalities != 3) {
            throw new IllegalArgumentException("synthetic dataset: option 'modalities' must be 2 or 3, got " + c.modalities);
        }
        if (c.corruptionFraction < 0 || c.corruptionFraction > 1) {
            throw new IllegalArgumentException("synthetic dataset: option 'corruption-fraction' must be in [0, 1], got " + c.corruptionFraction);
        }
        return generate(c);
    }

    /** Resolved options. */
    record Config(long seed, int trainSize, int valSize, int testSize, int classes, int modalities,
            int[] audioShape, int[] imageShape, int vectorSize, double audioSignal, double imageSignal,
            double vectorSignal, double noise, String corruptedModality, double corruptionFraction) {
    }

    static DatasetSplits generate(Config c) {
        List<ModalitySpec> specs = new ArrayList<>();
        specs.add(new ModalitySpec("audio", ModalityKind.AUDIO, c.audioShape, 0));
        specs.add(new ModalitySpec("image", ModalityKind.IMAGE, c.imageShape, 0));
        if (c.modalities == 3) {
            specs.add(ModalitySpec.of("vector", ModalityKind.VECTOR, c.vectorSize));
        }
        int corrupted = -1;
        for (int m = 0; m < specs.size(); m++) {
            if (specs.get(m).name().equals(c.corruptedModality)) {
                corrupted = m;
            }
        }
        if (corrupted < 0 && !c.corruptedModality.equals("none")) {
            throw new IllegalArgumentException("synthetic dataset: option 'corrupted-modality' must name a modality "
                    + specs.stream().map(ModalitySpec::name).toList() + " or 'none', got '" + c.corruptedModality + "'");
        }
        double[] signal = {c.audioSignal, c.imageSignal, c.vectorSignal};
        SplittableRandom root = new SplittableRandom(c.seed);
        float[][][] prototypes = new float[c.classes][specs.size()][];
        SplittableRandom protoRandom = root.split();
        for (int k = 0; k < c.classes; k++) {
            for (int m = 0; m < specs.size(); m++) {
                prototypes[k][m] = prototype(specs.get(m), protoRandom);
            }
        }
        List<String> classNames = new ArrayList<>();
        for (int k = 0; k < c.classes; k++) {
            classNames.add("class-" + k);
        }
        MultimodalDataset train = split("train", c.trainSize, specs, classNames, prototypes, signal, corrupted, c, root.split());
        MultimodalDataset val = c.valSize == 0 ? null
                : split("val", c.valSize, specs, classNames, prototypes, signal, corrupted, c, root.split());
        MultimodalDataset test = split("test", c.testSize, specs, classNames, prototypes, signal, corrupted, c, root.split());
        return new DatasetSplits("synthetic", train, val, test);
    }

    private static float[] prototype(ModalitySpec spec, SplittableRandom random) {
        int[] shape = spec.shape();
        float[] p = new float[spec.elementCount()];
        if (shape.length >= 2) {
            int h = shape[shape.length - 2];
            int w = shape[shape.length - 1];
            int planes = p.length / (h * w);
            double f1 = 0.5 + 2.5 * random.nextDouble();
            double g1 = 0.5 + 2.5 * random.nextDouble();
            double f2 = 0.5 + 2.5 * random.nextDouble();
            double g2 = 0.5 + 2.5 * random.nextDouble();
            double phase1 = 2 * Math.PI * random.nextDouble();
            double phase2 = 2 * Math.PI * random.nextDouble();
            for (int c = 0; c < planes; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double v = Math.sin(2 * Math.PI * (f1 * y / h + g1 * x / w) + phase1)
                                + Math.sin(2 * Math.PI * (f2 * y / h - g2 * x / w) + phase2);
                        p[(c * h + y) * w + x] = (float) (v / Math.sqrt(2));
                    }
                }
            }
        } else {
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) gaussian(random);
            }
        }
        return p;
    }

    private static MultimodalDataset split(String name, int size, List<ModalitySpec> specs, List<String> classNames,
            float[][][] prototypes, double[] signal, int corrupted, Config c, SplittableRandom random) {
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            labels[i] = i % c.classes;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        List<MultimodalSample> samples = new ArrayList<>(size);
        MessageDigest digest = Sha256.digest();
        for (int i = 0; i < size; i++) {
            float[][] arrays = new float[specs.size()][];
            Map<String, String> meta = new LinkedHashMap<>();
            double level = 0;
            if (corrupted >= 0 && random.nextDouble() < c.corruptionFraction) {
                level = random.nextDouble();
            }
            for (int m = 0; m < specs.size(); m++) {
                double amplitude = signal[m] * (m == corrupted ? 1 - level : 1);
                float[] proto = prototypes[labels[i]][m];
                float[] x = new float[proto.length];
                for (int e = 0; e < x.length; e++) {
                    x[e] = (float) (amplitude * proto[e] + c.noise * gaussian(random));
                }
                arrays[m] = x;
                ByteBuffer bb = ByteBuffer.allocate(4 * x.length);
                bb.asFloatBuffer().put(x);
                digest.update(bb.array());
            }
            if (corrupted >= 0) {
                meta.put("corruption_" + specs.get(corrupted).name(), String.format(java.util.Locale.ROOT, "%.6f", level));
            }
            samples.add(new MultimodalSample(name + "-" + i, labels[i], arrays, meta));
            digest.update((byte) labels[i]);
        }
        return new InMemoryMultimodalDataset(specs, classNames, samples, "sha256:" + HexFormat.of().formatHex(digest.digest()));
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller (one value); deterministic for a given stream.
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static long toLong(Map<String, Object> o, String key) {
        Object v = o.get(key);
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("synthetic dataset: option '" + key + "' must be an integer, got '" + v + "'");
        }
    }

    private static int toInt(Map<String, Object> o, String key, int min) {
        long v = toLong(o, key);
        if (v < min || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("synthetic dataset: option '" + key + "' must be >= " + min + ", got " + v);
        }
        return (int) v;
    }

    private static double toDouble(Map<String, Object> o, String key) {
        Object v = o.get(key);
        double d;
        if (v instanceof Number n) {
            d = n.doubleValue();
        } else {
            try {
                d = Double.parseDouble(String.valueOf(v).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("synthetic dataset: option '" + key + "' must be a number, got '" + v + "'");
            }
        }
        if (!Double.isFinite(d) || d < 0) {
            throw new IllegalArgumentException("synthetic dataset: option '" + key + "' must be a finite number >= 0, got " + v);
        }
        return d;
    }

    private static int[] parseShape(Map<String, Object> o, String key) {
        String s = String.valueOf(o.get(key)).trim();
        String[] parts = s.split("[x×,]");
        int[] shape = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                shape[i] = Integer.parseInt(parts[i].trim());
                if (shape[i] <= 0) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("synthetic dataset: option '" + key + "' must look like 1x28x28, got '" + s + "'");
        }
        if (shape.length != 3) {
            throw new IllegalArgumentException("synthetic dataset: option '" + key + "' must have 3 dimensions C x H x W, got '" + s + "'");
        }
        return shape;
    }
}
