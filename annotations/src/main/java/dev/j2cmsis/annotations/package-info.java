/**
 * Annotations that describe a neural network as a Java class: {@link dev.j2cmsis.annotations.Network} on the
 * class, one layer annotation per {@link dev.j2cmsis.annotations.Layer} field, in declaration order.
 *
 * <p>Design rule for every attribute: spatial attributes ({@code kernel}, {@code stride}, {@code padding}) are
 * {@code int[]}, so {@code kernel = 5} (one value for both axes) is what users write today and
 * {@code kernel = {3, 5}} (height, width) can be accepted later without changing existing code. New layer
 * kinds are new annotations; new options are new attributes with defaults.
 */
package dev.j2cmsis.annotations;
