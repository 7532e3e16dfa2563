package dev.bss.methods;

import java.util.List;
import java.util.Locale;

/**
 * One method option: name, type, default, valid range or choices, description. {@link #parse} turns a raw value from
 * a spec (string, number or boolean) into the typed value or throws an {@link IllegalArgumentException} naming the
 * method, the option and what is allowed.
 *
 * @param name kebab-case key
 * @param type value type
 * @param defaultValue default (typed), may be {@code null} when a preset supplies it
 * @param min inclusive lower bound for numbers, or {@code null}
 * @param max inclusive upper bound for numbers, or {@code null}
 * @param choices allowed values for {@link Type#CHOICE}
 * @param description one line
 */
public record HyperParameter(String name, Type type, Object defaultValue, Double min, Double max, List<String> choices,
        String description) {

    /** Value types. */
    public enum Type { INT, DOUBLE, BOOLEAN, CHOICE, STRING }

    public HyperParameter {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public static HyperParameter ofInt(String name, Integer defaultValue, Integer min, Integer max, String description) {
        return new HyperParameter(name, Type.INT, defaultValue, min == null ? null : min.doubleValue(), max == null ? null : max.doubleValue(), null, description);
    }

    public static HyperParameter ofDouble(String name, Double defaultValue, Double min, Double max, String description) {
        return new HyperParameter(name, Type.DOUBLE, defaultValue, min, max, null, description);
    }

    public static HyperParameter ofBoolean(String name, Boolean defaultValue, String description) {
        return new HyperParameter(name, Type.BOOLEAN, defaultValue, null, null, null, description);
    }

    public static HyperParameter ofChoice(String name, String defaultValue, List<String> choices, String description) {
        return new HyperParameter(name, Type.CHOICE, defaultValue, null, null, choices, description);
    }

    public static HyperParameter ofString(String name, String defaultValue, String description) {
        return new HyperParameter(name, Type.STRING, defaultValue, null, null, null, description);
    }

    /** The allowed values in words: a range, the choices or the type. */
    public String rangeText() {
        return switch (type) {
            case INT, DOUBLE -> (min == null ? "(-inf" : "[" + fmt(min)) + ", " + (max == null ? "inf)" : fmt(max) + "]");
            case BOOLEAN -> "true|false";
            case CHOICE -> String.join("|", choices);
            case STRING -> "text";
        };
    }

    /** The default as text ({@code preset} when a preset supplies it). */
    public String defaultText() {
        return defaultValue == null ? "(preset)" : String.valueOf(defaultValue);
    }

    /** Parses and validates a raw value. */
    public Object parse(String methodId, Object raw) {
        String where = "method " + methodId + ": option '" + name + "'";
        if (raw == null) {
            throw new IllegalArgumentException(where + " has no value");
        }
        switch (type) {
            case INT: {
                long v;
                if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                    v = n.longValue();
                } else {
                    try {
                        v = Long.parseLong(raw.toString().trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(where + " must be an integer in " + rangeText() + ", got '" + raw + "'");
                    }
                }
                checkRange(where, v);
                return (int) v;
            }
            case DOUBLE: {
                double v;
                if (raw instanceof Number n) {
                    v = n.doubleValue();
                } else {
                    try {
                        v = Double.parseDouble(raw.toString().trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(where + " must be a number in " + rangeText() + ", got '" + raw + "'");
                    }
                }
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(where + " must be finite, got " + raw);
                }
                checkRange(where, v);
                return v;
            }
            case BOOLEAN: {
                if (raw instanceof Boolean b) {
                    return b;
                }
                String s = raw.toString().trim().toLowerCase(Locale.ROOT);
                if (s.equals("true") || s.equals("false")) {
                    return Boolean.parseBoolean(s);
                }
                throw new IllegalArgumentException(where + " must be true or false, got '" + raw + "'");
            }
            case CHOICE: {
                String s = raw.toString().trim();
                if (!choices.contains(s)) {
                    throw new IllegalArgumentException(where + " must be one of " + String.join(", ", choices) + ", got '" + raw + "'");
                }
                return s;
            }
            default:
                return raw.toString();
        }
    }

    private void checkRange(String where, double v) {
        if ((min != null && v < min) || (max != null && v > max)) {
            throw new IllegalArgumentException(where + " must be in " + rangeText() + ", got " + fmt(v));
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
