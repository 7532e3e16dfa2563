package dev.bss.engine.train;

import ai.djl.ndarray.NDArray;
import dev.bss.engine.nd.Scalars;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The optimiser step with inspectable, checkpointable state (DJL's built-in optimisers keep their state private).
 * See {@link OptimizerSettings} for the update rules. Gradients are zeroed after every step. A parameter the step's
 * objective did not reach is skipped ({@link #step(double, Set)}). State arrays live in
 * the model manager and are never registered in a per-batch scope (the pitfall of stepping inside an NDScope).
 *
 * <p>Methods may scale the learning rate per parameter ({@link #setLearningRateScale}, e.g. per-modality rates).
 */
public final class ParameterUpdater {

    private final OptimizerSettings settings;
    private final NDManager stateManager;
    private final List<String> names = new ArrayList<>();
    private final List<Parameter> parameters = new ArrayList<>();
    private final Map<String, NDArray[]> state = new HashMap<>();
    private final Map<String, Double> lrScale = new HashMap<>();
    private long steps;

    /**
     * @param parameters the network's parameters by hierarchical name (only those requiring gradients are updated)
     */
    public ParameterUpdater(OptimizerSettings settings, PairList<String, Parameter> parameters, NDManager stateManager) {
        this.settings = settings;
        this.stateManager = stateManager;
        for (Pair<String, Parameter> p : parameters) {
            if (p.getValue().requiresGradient()) {
                names.add(p.getKey());
                this.parameters.add(p.getValue());
            }
        }
    }

    public OptimizerSettings settings() {
        return settings;
    }

    /** Number of steps taken so far. */
    public long steps() {
        return steps;
    }

    /** Multiplies the learning rate of one parameter (1 = unchanged). */
    public void setLearningRateScale(Parameter parameter, double scale) {
        int i = parameters.indexOf(parameter);
        if (i < 0) {
            throw new IllegalArgumentException("parameter " + parameter.getName() + " is not trained by this updater");
        }
        lrScale.put(names.get(i), scale);
    }

    /** Applies one update with learning rate {@code lr} to every trained parameter, then zeroes gradients. */
    public void step(double lr) {
        step(lr, Set.of());
    }

    /**
     * Applies one update with learning rate {@code lr} to every trained parameter except those in
     * {@code withoutGradient}, then zeroes the gradients it read. A parameter without a gradient in this step is left
     * exactly as it is, as {@code torch.optim.SGD} and {@code Adam} skip a parameter whose {@code .grad} is
     * {@code None}: no weight decay, no momentum-buffer update or momentum move, no Adam moment or step-count update.
     * (PyTorch's {@code zero_grad(set_to_none=True)}, the default since 2.0; the 1.7 of the reference code zeroes
     * instead, which skips only parameters never reached since the start. The two agree for a head no objective of
     * the run uses.) Which parameters had no gradient is the caller's knowledge ({@link ObjectiveHeads}).
     *
     * @param withoutGradient parameters the step's objective did not reach (compared by identity)
     */
    public void step(double lr, Set<Parameter> withoutGradient) {
        steps++;
        try (NDScope scope = new NDScope()) {
            for (int i = 0; i < parameters.size(); i++) {
                if (!withoutGradient.isEmpty() && withoutGradient.contains(parameters.get(i))) {
                    continue;
                }
                NDArray w = parameters.get(i).getArray();
                NDArray g = w.getGradient();
                double plr = lr * lrScale.getOrDefault(names.get(i), 1.0);
                if (settings.kind() == OptimizerSettings.Kind.SGD) {
                    sgd(names.get(i), w, g, plr);
                } else {
                    adam(names.get(i), w, g, plr);
                }
                Scalars.timesInPlace(g, 0f);
            }
        }
    }

    /** Zeroes every gradient without updating (used around per-sample gradient measurement). */
    public void zeroGradients() {
        try (NDScope scope = new NDScope()) {
            for (Parameter p : parameters) {
                Scalars.timesInPlace(p.getArray().getGradient(), 0f);
            }
        }
    }

    private void sgd(String name, NDArray w, NDArray g, double lr) {
        NDArray d = settings.weightDecay() > 0 ? g.add(Scalars.times(w, (float) settings.weightDecay())) : g;
        if (settings.momentum() > 0) {
            NDArray[] s = state.get(name);
            if (s == null) {
                NDArray buf = d.duplicate();
                buf.attach(stateManager);
                NDScope.unregister(buf);
                state.put(name, new NDArray[] {buf});
                d = buf;
            } else {
                Scalars.timesInPlace(s[0], (float) settings.momentum()).addi(d);
                d = s[0];
            }
        }
        w.subi(Scalars.times(d, (float) lr));
    }

    private void adam(String name, NDArray w, NDArray g, double lr) {
        NDArray d = settings.weightDecay() > 0 ? g.add(Scalars.times(w, (float) settings.weightDecay())) : g;
        NDArray[] s = state.get(name);
        if (s == null) {
            NDArray m = stateManager.zeros(w.getShape());
            NDArray v = stateManager.zeros(w.getShape());
            NDArray t = stateManager.create(new float[] {0});
            NDScope.unregister(m, v, t);
            s = new NDArray[] {m, v, t};
            state.put(name, s);
        }
        float b1 = (float) settings.beta1();
        float b2 = (float) settings.beta2();
        s[2].addi(1f);
        double step = s[2].getFloat();
        Scalars.timesInPlace(s[0], b1).addi(Scalars.times(d, 1 - b1));
        Scalars.timesInPlace(s[1], b2).addi(Scalars.timesInPlace(d.mul(d), 1 - b2));
        double c1 = 1 - Math.pow(b1, step);
        double c2 = 1 - Math.pow(b2, step);
        NDArray denominator = Scalars.over(s[1], (float) c2).sqrt().addi((float) settings.epsilon());
        w.subi(Scalars.timesInPlace(s[0].div(denominator), (float) (lr / c1)));
    }

    /** Serialises the state (per parameter name: its buffers), for checkpoints. */
    public byte[] saveState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(steps);
            out.writeInt(state.size());
            for (String name : names) {
                NDArray[] s = state.get(name);
                if (s == null) {
                    continue;
                }
                out.writeUTF(name);
                out.writeInt(s.length);
                for (NDArray a : s) {
                    writeArray(out, a);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Restores what {@link #saveState()} wrote (for an updater over the same parameters). */
    public void restoreState(byte[] data) throws IOException {
        for (NDArray[] s : state.values()) {
            for (NDArray a : s) {
                a.close();
            }
        }
        state.clear();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            steps = in.readLong();
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                if (!names.contains(name)) {
                    throw new IOException("optimizer state names unknown parameter '" + name + "'");
                }
                NDArray[] s = new NDArray[in.readInt()];
                for (int j = 0; j < s.length; j++) {
                    s[j] = readArray(in, stateManager);
                }
                state.put(name, s);
            }
        }
    }

    static void writeArray(DataOutputStream out, NDArray a) throws IOException {
        long[] shape = a.getShape().getShape();
        out.writeInt(shape.length);
        for (long d : shape) {
            out.writeLong(d);
        }
        float[] v = a.toFloatArray();
        out.writeInt(v.length);
        for (float f : v) {
            out.writeFloat(f);
        }
    }

    static NDArray readArray(DataInputStream in, NDManager manager) throws IOException {
        long[] shape = new long[in.readInt()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = in.readLong();
        }
        float[] v = new float[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readFloat();
        }
        NDArray a = manager.create(v, new Shape(shape));
        NDScope.unregister(a);
        return a;
    }
}
