package dev.j2cmsis.processor.diag;

/**
 * Where a problem is, in terms the later stages know (they never see {@code javax.lang.model} elements):
 * a layer index (or {@link #NETWORK} for the class itself) and, optionally, an annotation attribute.
 * The processor maps it back to the field, the annotation mirror and the attribute value.
 */
public record Where(int layer, String attribute) {
    public static final int NETWORK = -1;

    public static Where network() {
        return new Where(NETWORK, null);
    }

    public static Where network(String attribute) {
        return new Where(NETWORK, attribute);
    }

    public static Where layer(int index) {
        return new Where(index, null);
    }

    public static Where layer(int index, String attribute) {
        return new Where(index, attribute);
    }
}
