package dev.bss.data.avdigits;

/**
 * A synthetic speaker: an {@code espeak-ng} accent (voice), a voice variant, a pitch in {@code [0, 99]}
 * and a rate in words per minute. The speaker says a word with
 * {@code espeak-ng -v ACCENT+VARIANT -p PITCH -s RATE -w out.wav WORD}.
 */
public record Speaker(String accent, String variant, int pitch, int rate) {

    public Speaker {
        if (accent == null || accent.isBlank() || variant == null || variant.isBlank()) {
            throw new IllegalArgumentException("speaker accent and variant must not be blank");
        }
        if (pitch < 0 || pitch > 99) {
            throw new IllegalArgumentException("speaker pitch " + pitch + " outside [0, 99]");
        }
        if (rate < 80 || rate > 450) {
            throw new IllegalArgumentException("speaker rate " + rate + " outside [80, 450] words per minute");
        }
    }

    /** The {@code -v} argument. */
    public String voice() {
        return accent + "+" + variant;
    }

    /** Stable id, also the WAV cache folder name: {@code ACCENT+VARIANT_pPITCH_sRATE}. */
    public String id() {
        return voice() + "_p" + pitch + "_s" + rate;
    }
}
