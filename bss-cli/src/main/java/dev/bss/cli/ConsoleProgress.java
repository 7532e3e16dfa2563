package dev.bss.cli;

import dev.bss.experiments.run.EpochRecord;
import dev.bss.experiments.run.FinalSummary;
import dev.bss.experiments.run.RunInfo;
import dev.bss.experiments.run.RunListener;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: on a terminal ({@code System.console() != null}) a progress bar over the whole
 * run with ETA and the live loss / validation accuracy; otherwise plain log lines (one per epoch and per
 * event), so logs of batch jobs stay readable.
 */
final class ConsoleProgress implements RunListener {

    private static final int UNITS_PER_EPOCH = 1000;

    private final boolean terminal;
    private final PrintStream out;
    private ProgressBar bar;
    private int totalEpochs;
    private String lastAcc = "";

    ConsoleProgress(boolean terminal, PrintStream out) {
        this.terminal = terminal;
        this.out = out;
    }

    /** A listener that picks the bar when standard output is a terminal. */
    static ConsoleProgress auto() {
        return new ConsoleProgress(System.console() != null, System.out);
    }

    @Override
    public void runStarted(String runName, RunInfo info, int totalEpochs) {
        this.totalEpochs = totalEpochs;
        if (terminal) {
            close();
            bar = new ProgressBarBuilder().setTaskName(runName).setInitialMax((long) totalEpochs * UNITS_PER_EPOCH)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate()
                    .setUnit(" ep", UNITS_PER_EPOCH)
                    .startsFrom((long) (info.firstEpoch() - 1) * UNITS_PER_EPOCH, java.time.Duration.ZERO).build();
        }
    }

    @Override
    public void batch(int epoch, int batch, int batchesInEpoch, double loss) {
        if (bar != null) {
            bar.stepTo((long) (epoch - 1) * UNITS_PER_EPOCH + (long) UNITS_PER_EPOCH * (batch + 1) / Math.max(1, batchesInEpoch));
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.3f%s", loss, lastAcc));
        }
    }

    @Override
    public void epoch(EpochRecord record, int totalEpochs) {
        lastAcc = String.format(Locale.ROOT, " val %.3f", record.get("val", "acc"));
        if (bar != null) {
            bar.stepTo((long) record.epoch() * UNITS_PER_EPOCH);
        }
    }

    @Override
    public void log(String line) {
        if (bar == null) {
            out.println(line);
        } else if (!line.startsWith("epoch ")) {
            System.err.println();
            System.err.println(line);
        }
    }

    @Override
    public void runFinished(FinalSummary summary) {
        close();
    }

    void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
