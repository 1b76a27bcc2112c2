package dev.j2cmsis.sim.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v7.0.0 check of {@link CmsisNnS8} on made-up trees whose headers carry the markers of v6.0.0,
 * v7.0.0 and the untagged tree after it (revisions and declarations as in those releases' headers),
 * and on the real tree when {@code CMSIS_NN_PATH} is set.
 */
class CmsisNnS8Test {

    private static final String V7_CONV = "arm_cmsis_nn_status arm_convolve_s8(const cmsis_nn_context *ctx,\n"
            + "                                    const cmsis_nn_conv_params *conv_params,\n"
            + "                                    const cmsis_nn_dims *upscale_dims,\n"
            + "                                    int8_t *output_data);\n";
    private static final String V7_FC_WRAPPER = "arm_cmsis_nn_status arm_fully_connected_wrapper_s8(const "
            + "cmsis_nn_context *ctx,\n";

    @TempDir
    Path dir;

    @Test
    void missingHeadersAreNamed() {
        Optional<String> why = CmsisNnS8.check(dir);
        assertTrue(why.orElseThrow().contains("has no Include/arm_nnfunctions.h"), why::toString);
    }

    @Test
    void v6ApiIsOlder() throws IOException {
        tree(" * $Revision:    V.16.0.0\n" + "arm_cmsis_nn_status arm_convolve_s8(const cmsis_nn_context *ctx,\n"
                + "    int8_t *output_data);\n", "V.22.0.0");
        String why = CmsisNnS8.check(dir).orElseThrow();
        assertTrue(why.contains("is older than CMSIS-NN v7.0.0") && why.contains("V.16.0.0"), why);
    }

    @Test
    void laterTreeIsRefused() throws IOException {
        tree(" * $Revision:    V.19.1.0\n" + V7_CONV + V7_FC_WRAPPER, "V.22.11.0");
        String why = CmsisNnS8.check(dir).orElseThrow();
        assertTrue(why.contains("is not CMSIS-NN v7.0.0") && why.contains("V.19.1.0"), why);
    }

    @Test
    void v7HeadersWithoutSourcesNameTheMissingFile() throws IOException {
        tree(" * $Revision:    V.18.0.0\n" + V7_CONV + V7_FC_WRAPPER, "V.22.7.0");
        String why = CmsisNnS8.check(dir).orElseThrow();
        assertTrue(why.contains("lacks Source/" + CmsisNnS8.SOURCES.get(0)), why);
        for (String source : CmsisNnS8.SOURCES) {
            Files.createDirectories(dir.resolve("Source").resolve(source).getParent());
            Files.writeString(dir.resolve("Source").resolve(source), "");
        }
        assertEquals(Optional.empty(), CmsisNnS8.check(dir));
    }

    @Test
    void realTreeIsAccepted() {
        String env = System.getenv(CmsisNnS8.ENV);
        Assumptions.assumeTrue(env != null && !env.isBlank(), "skipped: " + CmsisNnS8.ENV + " not set");
        assertEquals(Optional.empty(), CmsisNnS8.missingReason());
        assertEquals(Path.of(env), CmsisNnS8.path().orElseThrow());
    }

    private void tree(String functionsHeader, String supportRevision) throws IOException {
        Files.createDirectories(dir.resolve("Include"));
        Files.writeString(dir.resolve("Include/arm_nnfunctions.h"), functionsHeader);
        Files.writeString(dir.resolve("Include/arm_nnsupportfunctions.h"), " * $Revision:    " + supportRevision + "\n");
    }
}
