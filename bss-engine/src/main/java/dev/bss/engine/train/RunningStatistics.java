package dev.bss.engine.train;

import ai.djl.ndarray.NDArray;
import dev.bss.engine.nd.Scalars;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of every BatchNorm running mean and variance of a network, to put back after a temporary change (the
 * scoring pass's estimate of statistics no training batch has computed yet). The copies live in a sub-manager of
 * the model manager and are closed by {@link #restore()}.
 */
final class RunningStatistics {

    private final List<NDArray> live;
    private final List<NDArray> saved;
    private final NDManager copies;

    private RunningStatistics(List<NDArray> live, List<NDArray> saved, NDManager copies) {
        this.live = live;
        this.saved = saved;
        this.copies = copies;
    }

    /** The current values, or {@code null} when {@code network} has no BatchNorm. */
    static RunningStatistics capture(Block network, NDManager manager) {
        List<BatchNorm> norms = PreciseBatchNorm.find(network);
        if (norms.isEmpty()) {
            return null;
        }
        NDManager copies = manager.newSubManager();
        List<NDArray> live = new ArrayList<>();
        List<NDArray> saved = new ArrayList<>();
        for (BatchNorm bn : norms) {
            for (String name : List.of("runningMean", "runningVar")) {
                NDArray a = bn.getDirectParameters().get(name).getArray();
                live.add(a);
                NDArray copy = a.duplicate();
                copy.attach(copies);
                saved.add(copy);
            }
        }
        return new RunningStatistics(live, saved, copies);
    }

    /** Writes the captured values back and frees the copies. */
    void restore() {
        for (int i = 0; i < live.size(); i++) {
            Scalars.timesInPlace(live.get(i), 0).addi(saved.get(i));
        }
        copies.close();
    }
}
