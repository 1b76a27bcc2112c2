package dev.j2cmsis.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Concatenation along channels ({@code torch.cat(..., dim=1)}) of tensors with the same height and width. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Concat {
    /** The layers to concatenate, in channel order, by field name. */
    String[] inputs();
}
