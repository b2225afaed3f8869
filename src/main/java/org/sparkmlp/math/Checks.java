package org.sparkmlp.math;

/**
 * Precondition checks with Guava-style {@code %s} message templates, without the Guava dependency.
 *
 * <p>Messages are only formatted when a check fails. Arguments beyond the template's placeholders are
 * appended in square brackets, so no information is lost to a miscounted template.
 */
public final class Checks {
    private Checks() {}

    /** Throws {@link IllegalArgumentException} with the formatted message when {@code ok} is false. */
    public static void arg(boolean ok, String template, Object... args) {
        if (!ok) {
            throw new IllegalArgumentException(format(template, args));
        }
    }

    /** Throws {@link IllegalStateException} with the formatted message when {@code ok} is false. */
    public static void state(boolean ok, String template, Object... args) {
        if (!ok) {
            throw new IllegalStateException(format(template, args));
        }
    }

    /** Returns {@code value}, or throws {@link IllegalArgumentException} naming it when it is null. */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /** Throws {@link IndexOutOfBoundsException} unless {@code 0 <= index < size}. */
    public static int index(int index, int size, String what) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(what + " " + index + " is outside [0, " + size + ")");
        }
        return index;
    }

    /** Substitutes each {@code %s} with the next argument, left to right. */
    public static String format(String template, Object... args) {
        StringBuilder sb = new StringBuilder(template.length() + 16 * args.length);
        int start = 0;
        int i = 0;
        while (i < args.length) {
            int at = template.indexOf("%s", start);
            if (at < 0) {
                break;
            }
            sb.append(template, start, at).append(args[i++]);
            start = at + 2;
        }
        sb.append(template, start, template.length());
        if (i < args.length) {
            sb.append(" [");
            for (int j = i; j < args.length; j++) {
                sb.append(j > i ? ", " : "").append(args[j]);
            }
            sb.append(']');
        }
        return sb.toString();
    }
}
