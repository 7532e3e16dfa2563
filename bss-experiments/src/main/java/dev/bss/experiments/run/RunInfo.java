package dev.bss.experiments.run;

import java.util.List;
import java.util.Map;

/**
 * What the backend knows once the data and model are ready, before the first epoch.
 *
 * @param datasetId dataset id
 * @param datasetChecksum content checksum of the dataset (train/val/test), or {@code "unknown"}
 * @param modalities names of the modalities trained on, in dataset order
 * @param trainSize number of training samples
 * @param firstEpoch the first epoch this invocation trains (greater than 1 when resuming)
 * @param versions engine facts for provenance (e.g. {@code pytorch_version})
 */
public record RunInfo(String datasetId, String datasetChecksum, List<String> modalities, int trainSize, int firstEpoch,
                      Map<String, String> versions) {

    public RunInfo {
        modalities = List.copyOf(modalities);
        versions = Map.copyOf(versions);
    }
}
