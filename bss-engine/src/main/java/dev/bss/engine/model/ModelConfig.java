package dev.bss.engine.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.XavierInitializer;
import dev.bss.engine.data.ModalitySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to build the {@link MultimodalNetwork}: the encoder and embedding size per modality — a preset id
 * ({@link EncoderPreset}; default {@link EncoderPreset#defaultFor} the modality kind), the class name of an
 * {@link EncoderFactory}, or a factory object — the fusion id (default {@code concat}), the unimodal heads (default
 * {@link UnimodalHeads#OWN_LINEAR}) and the initialisation scheme (default {@link InitScheme#REFERENCE}). Build with {@link #builder()}; turn into a network with
 * {@link #newNetwork(List, int)}.
 */
public final class ModelConfig {

    private final Map<String, String> encoderPresets;
    private final Map<String, EncoderFactory> encoders;
    private final Map<String, Integer> embeddingSizes;
    private final String fusion;
    private final InitScheme initScheme;
    private final UnimodalHeads unimodalHeads;

    private ModelConfig(Builder b) {
        this.unimodalHeads = b.unimodalHeads;
        this.encoderPresets = Map.copyOf(b.encoderPresets);
        this.encoders = Map.copyOf(b.encoders);
        this.embeddingSizes = Map.copyOf(b.embeddingSizes);
        this.fusion = b.fusion;
        this.initScheme = b.initScheme;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.encoderPresets.putAll(encoderPresets);
        b.encoders.putAll(encoders);
        b.embeddingSizes.putAll(embeddingSizes);
        b.fusion = fusion;
        b.initScheme = initScheme;
        b.unimodalHeads = unimodalHeads;
        return b;
    }

    /**
     * The encoder per modality name as given: a preset id, a class name, or the factory's class name for a factory
     * object; a {@code "*"} key applies to all modalities not named.
     */
    public Map<String, String> encoderPresets() {
        return encoderPresets;
    }

    public Map<String, Integer> embeddingSizes() {
        return embeddingSizes;
    }

    public String fusion() {
        return fusion;
    }

    public InitScheme initScheme() {
        return initScheme;
    }

    /** How unimodal logits are computed (default {@link UnimodalHeads#OWN_LINEAR}). */
    public UnimodalHeads unimodalHeads() {
        return unimodalHeads;
    }

    /** The encoder factory used for {@code spec} under this configuration. */
    public EncoderFactory encoderFor(ModalitySpec spec) {
        EncoderFactory f = encoders.getOrDefault(spec.name(), encoders.get("*"));
        return f == null ? EncoderPreset.defaultFor(spec.kind()) : f;
    }

    /** Builds an uninitialised network for the given modalities and class count and sets its initialisers. */
    public MultimodalNetwork newNetwork(List<ModalitySpec> modalities, int numClasses) {
        for (String name : encoderPresets.keySet()) {
            if (!name.equals("*") && modalities.stream().noneMatch(s -> s.name().equals(name))) {
                throw new IllegalArgumentException("model: encoder preset given for unknown modality '" + name + "'; modalities: "
                        + modalities.stream().map(ModalitySpec::name).toList());
            }
        }
        List<Block> encoders = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int[] sizes = new int[modalities.size()];
        for (int m = 0; m < modalities.size(); m++) {
            ModalitySpec spec = modalities.get(m);
            EncoderFactory preset = encoderFor(spec);
            sizes[m] = embeddingSizes.getOrDefault(spec.name(), embeddingSizes.getOrDefault("*", preset.defaultEmbeddingSize()));
            encoders.add(preset.build(spec, sizes[m]));
            names.add(spec.name());
        }
        Block fusionBlock = Fusions.byId(fusion).build(sizes, numClasses);
        MultimodalNetwork network = new MultimodalNetwork(names, encoders, sizes, numClasses, fusionBlock, unimodalHeads);
        if (initScheme == InitScheme.REFERENCE) {
            applyReferenceInit(network);
        }
        return network;
    }

    /**
     * Kaiming-normal (fan-out, ReLU gain) on every convolution weight (text-cnn's {@link NgramConvolutionBlock}
     * included: its weight has a {@code Conv1d}'s {@code {F, D, k}} layout, fan-out {@code F·k}), Xavier-normal on
     * every linear weight. The token embedding keeps its own initialisation ({@link TokenEmbeddingBlock}).
     */
    private static void applyReferenceInit(Block block) {
        if (block instanceof Convolution || block instanceof NgramConvolutionBlock) {
            block.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                    XavierInitializer.FactorType.OUT, 2f), Parameter.Type.WEIGHT);
        } else if (block instanceof Linear) {
            block.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                    XavierInitializer.FactorType.AVG, 1f), Parameter.Type.WEIGHT);
        }
        for (Block child : block.getChildren().values()) {
            applyReferenceInit(child);
        }
    }

    public static final class Builder {
        private final Map<String, String> encoderPresets = new LinkedHashMap<>();
        private final Map<String, EncoderFactory> encoders = new LinkedHashMap<>();
        private final Map<String, Integer> embeddingSizes = new LinkedHashMap<>();
        private String fusion = "concat";
        private InitScheme initScheme = InitScheme.REFERENCE;
        private UnimodalHeads unimodalHeads = UnimodalHeads.OWN_LINEAR;

        /**
         * The encoder of a modality name ({@code "*"} = every modality not named): a preset id ({@code small-cnn},
         * {@code resnet18}, {@code mlp}, {@code text-cnn}) or the fully qualified name of a class implementing
         * {@link EncoderFactory} with a public no-argument constructor.
         *
         * @throws IllegalArgumentException naming the allowed presets when {@code idOrClass} is neither
         */
        public Builder optEncoder(String modality, String idOrClass) {
            EncoderFactory f;
            try {
                f = EncoderPreset.fromId(idOrClass);
            } catch (IllegalArgumentException notPreset) {
                if (!idOrClass.contains(".")) {
                    throw notPreset;
                }
                f = instantiate(idOrClass);
            }
            encoders.put(modality, f);
            encoderPresets.put(modality, idOrClass);
            return this;
        }

        /** A user encoder factory for a modality name ({@code "*"} = every modality not named). */
        public Builder optEncoder(String modality, EncoderFactory factory) {
            encoders.put(modality, java.util.Objects.requireNonNull(factory, "factory"));
            encoderPresets.put(modality, factory instanceof EncoderPreset p ? p.id() : factory.getClass().getName());
            return this;
        }

        private static EncoderFactory instantiate(String className) {
            String allowed = "; a preset (" + java.util.Arrays.stream(EncoderPreset.values()).map(EncoderPreset::id).toList()
                    + ") or the name of a class implementing " + EncoderFactory.class.getName();
            Class<?> c;
            try {
                c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException("encoder class '" + className + "' is not on the classpath" + allowed);
            }
            if (!EncoderFactory.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException("encoder class '" + className + "' does not implement " + EncoderFactory.class.getName());
            }
            try {
                return (EncoderFactory) c.getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("encoder class '" + className + "' needs a public no-argument constructor ("
                        + e.getClass().getSimpleName() + ")");
            }
        }

        /** Embedding size for a modality name ({@code "*"} = every modality not named). */
        public Builder optEmbeddingSize(String modality, int size) {
            if (size <= 0) {
                throw new IllegalArgumentException("model: embedding size for '" + modality + "' must be positive, got " + size);
            }
            embeddingSizes.put(modality, size);
            return this;
        }

        public Builder optFusion(String fusionId) {
            Fusions.byId(fusionId);
            this.fusion = fusionId;
            return this;
        }

        public Builder optInitScheme(InitScheme scheme) {
            this.initScheme = scheme;
            return this;
        }

        /** Own linear head per modality (default) or one head shared by every modality. */
        public Builder optUnimodalHeads(UnimodalHeads heads) {
            this.unimodalHeads = java.util.Objects.requireNonNull(heads, "unimodal heads");
            return this;
        }

        public ModelConfig build() {
            return new ModelConfig(this);
        }
    }
}
