package dev.bss.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bss.core.schedule.SequenceScheduler;
import dev.bss.engine.model.MultimodalNetwork;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and restores everything a resumed run needs to continue bit-exactly: network parameters (BatchNorm running
 * statistics included), optimiser state, scheduler state, method state, online scoring statistics and the epoch
 * history, as the sections of a {@link Checkpoints} file.
 */
final class TrainingCheckpointer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SECTIONS = List.of("parameters", "optimizer", "scheduler", "method", "online", "history");

    private final MultimodalNetwork network;
    private final ParameterUpdater updater;
    private final SequenceScheduler scheduler;
    private final TrainingMethod method;
    private final ScoringPass scoring;
    private final long seed;

    TrainingCheckpointer(MultimodalNetwork network, ParameterUpdater updater, SequenceScheduler scheduler, TrainingMethod method,
            ScoringPass scoring, long seed) {
        this.network = network;
        this.updater = updater;
        this.scheduler = scheduler;
        this.method = method;
        this.scoring = scoring;
        this.seed = seed;
    }

    void write(Path file, int epoch, List<EpochReport> history) {
        try {
            Map<String, byte[]> sections = new LinkedHashMap<>();
            sections.put("parameters", saveParameters());
            sections.put("optimizer", updater.saveState());
            sections.put("scheduler", scheduler.saveState());
            sections.put("method", method.saveState());
            sections.put("online", scoring.saveState());
            sections.put("history", JSON.writeValueAsBytes(history));
            Checkpoints.write(file, new Checkpoints.Checkpoint(epoch, seed, method.id(), sections));
        } catch (IOException e) {
            throw new UncheckedIOException("writing checkpoint " + file, e);
        }
    }

    /** Restores every section into the live objects, replaces {@code history}, and returns the checkpoint's epoch. */
    int restore(Path file, List<EpochReport> history) {
        try {
            Checkpoints.Checkpoint c = Checkpoints.read(file);
            if (!c.methodId().equals(method.id())) {
                throw new CheckpointFormatException(file + ": checkpoint of method '" + c.methodId() + "', resuming '" + method.id() + "'");
            }
            if (c.seed() != seed) {
                throw new CheckpointFormatException(file + ": checkpoint seed " + c.seed() + ", run seed " + seed);
            }
            for (String s : SECTIONS) {
                if (!c.sections().containsKey(s)) {
                    throw new CheckpointFormatException(file + ": section '" + s + "' missing");
                }
            }
            loadParameters(file, c.sections().get("parameters"));
            updater.restoreState(c.sections().get("optimizer"));
            scheduler.restoreState(c.sections().get("scheduler"));
            method.restoreState(c.sections().get("method"));
            scoring.restoreState(c.sections().get("online"));
            history.clear();
            history.addAll(JSON.readValue(c.sections().get("history"), new TypeReference<List<EpochReport>>() { }));
            return c.epoch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] saveParameters() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            PairList<String, Parameter> params = network.getParameters();
            out.writeInt(params.size());
            for (Pair<String, Parameter> p : params) {
                out.writeUTF(p.getKey());
                ParameterUpdater.writeArray(out, p.getValue().getArray());
            }
        }
        return bytes.toByteArray();
    }

    private void loadParameters(Path file, byte[] data) throws IOException {
        loadParameters(network, file, data);
    }

    /**
     * Loads a checkpoint's {@code parameters} section into {@code network} (same names, order and shapes, or a
     * {@link CheckpointFormatException} naming {@code file}); shared with {@link CheckpointScorer}.
     */
    static void loadParameters(MultimodalNetwork network, Path file, byte[] data) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            PairList<String, Parameter> params = network.getParameters();
            int count = in.readInt();
            if (count != params.size()) {
                throw new CheckpointFormatException(file + ": " + count + " parameters, the network has " + params.size());
            }
            for (Pair<String, Parameter> p : params) {
                String name = in.readUTF();
                if (!name.equals(p.getKey())) {
                    throw new CheckpointFormatException(file + ": parameter '" + name + "' where '" + p.getKey() + "' was expected");
                }
                long[] shape = new long[in.readInt()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = in.readLong();
                }
                float[] v = new float[in.readInt()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readFloat();
                }
                NDArray target = p.getValue().getArray();
                if (!target.getShape().equals(new Shape(shape))) {
                    throw new CheckpointFormatException(file + ": parameter '" + name + "' has shape " + new Shape(shape) + ", expected " + target.getShape());
                }
                target.set(FloatBuffer.wrap(v));
            }
        }
    }
}
