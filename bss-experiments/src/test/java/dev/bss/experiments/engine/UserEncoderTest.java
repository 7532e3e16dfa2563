package dev.bss.experiments.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.engine.model.SafetensorsFile;
import dev.bss.experiments.run.FinalSummary;
import dev.bss.experiments.run.TrainingRun;
import dev.bss.experiments.spec.SpecInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bring your own encoder: a run spec names a user {@code EncoderFactory} class for one modality and trains with it. */
class UserEncoderTest {

    @TempDir
    Path tmp;

    @Test
    void aRunSpecNamingAnEncoderFactoryClassTrainsWithIt() throws Exception {
        Path dir = tmp.resolve("run");
        FinalSummary s = TrainingRun.builder().setSpec(EngineBackendTest.tiny("method=vanilla-uni",
                "model.encoders={audio: " + TinyMlpEncoder.class.getName() + "}")).setDirectory(dir)
                .setBackend(new EngineBackend()).build().run();
        assertEquals(2, s.last().epoch());
        double acc = s.last().get("test", "acc_audio");
        assertTrue(acc >= 0 && acc <= 1, "the audio head was evaluated: " + acc);
        // the audio encoder is the user's: one linear layer 96 -> 24 (its default embedding size); image stays small-cnn
        SafetensorsFile.Entry w = SafetensorsFile.read(dir.resolve("checkpoints").resolve("model.safetensors")).entries().stream()
                .filter(e -> e.name().equals("01encoder-audio_02Linear_weight")).findFirst().orElseThrow();
        assertArrayEquals(new long[] {24, 96}, w.shape());
        assertTrue(SafetensorsFile.read(dir.resolve("checkpoints").resolve("model.safetensors")).entries().stream()
                .anyMatch(e -> e.name().startsWith("02encoder-image_") && e.name().contains("Conv2d")));
    }

    @Test
    void anUnknownEncoderNamesTheKeyAndWhatIsAllowed() {
        SpecInputException e = assertThrows(SpecInputException.class, () -> TrainingRun.builder()
                .setSpec(EngineBackendTest.tiny("model.encoders={audio: com.example.Missing}")).setDirectory(tmp.resolve("bad"))
                .setBackend(new EngineBackend()).build().run());
        assertTrue(e.getMessage().contains("model.encoders.audio") && e.getMessage().contains("not on the classpath")
                && e.getMessage().contains("small-cnn"), e.getMessage());
        SpecInputException notFactory = assertThrows(SpecInputException.class, () -> TrainingRun.builder()
                .setSpec(EngineBackendTest.tiny("model.encoders={image: java.lang.String}")).setDirectory(tmp.resolve("bad2"))
                .setBackend(new EngineBackend()).build().run());
        assertTrue(notFactory.getMessage().contains("does not implement dev.bss.engine.model.EncoderFactory"), notFactory.getMessage());
    }
}
