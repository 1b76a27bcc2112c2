package dev.j2cmsis.sim.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where tests find the real CMSIS-NN: a CMSIS_5 5.9.0 tree named by the {@code CMSIS_PATH} environment
 * variable (nothing of CMSIS is shipped with j2cmsis). Lists the legacy q7 sources a generated network can call
 * and the include directories it needs.
 */
public final class CmsisNn {
    public static final String ENV = "CMSIS_PATH";

    private CmsisNn() {
    }

    /** The checkout, or empty; {@link #missingReason()} says why. */
    public static Optional<Path> path() {
        return missingReason().isPresent() ? Optional.empty() : Optional.of(Path.of(System.getenv(ENV)));
    }

    /** Why the real CMSIS-NN cannot be used, for a test's skip message; empty when it can. */
    public static Optional<String> missingReason() {
        String p = System.getenv(ENV);
        if (p == null || p.isBlank()) {
            return Optional.of(ENV + " not set, so the generated C is not compared with the real CMSIS-NN 5.9.0 "
                    + "(set it to a CMSIS_5 5.9.0 checkout to run this check)");
        }
        if (!Files.isRegularFile(Path.of(p).resolve("CMSIS/NN/Include/arm_nnfunctions.h"))) {
            return Optional.of(ENV + "=" + p + " has no CMSIS/NN/Include/arm_nnfunctions.h (expected a CMSIS_5 "
                    + "5.9.0 checkout, the last release with the legacy q7 API)");
        }
        return Optional.empty();
    }

    /** The legacy q7 and q15 kernels j2cmsis plans with, and the support files they call. */
    public static List<Path> legacySources(Path cmsis) {
        Path src = cmsis.resolve("CMSIS/NN/Source");
        return List.of(
                src.resolve("ConvolutionFunctions/arm_convolve_HWC_q7_basic.c"),
                src.resolve("ConvolutionFunctions/arm_convolve_HWC_q7_fast.c"),
                src.resolve("ConvolutionFunctions/arm_convolve_HWC_q7_RGB.c"),
                src.resolve("ConvolutionFunctions/arm_convolve_HWC_q7_basic_nonsquare.c"),
                src.resolve("ConvolutionFunctions/arm_convolve_HWC_q7_fast_nonsquare.c"),
                src.resolve("ConvolutionFunctions/arm_convolve_1x1_HWC_q7_fast_nonsquare.c"),
                src.resolve("ConvolutionFunctions/arm_depthwise_separable_conv_HWC_q7.c"),
                src.resolve("ConvolutionFunctions/arm_depthwise_separable_conv_HWC_q7_nonsquare.c"),
                src.resolve("ConvolutionFunctions/arm_nn_mat_mult_kernel_q7_q15.c"),
                src.resolve("ConvolutionFunctions/arm_nn_mat_mult_kernel_q7_q15_reordered.c"),
                src.resolve("FullyConnectedFunctions/arm_fully_connected_q7_opt.c"),
                src.resolve("PoolingFunctions/arm_pool_q7_HWC.c"),
                src.resolve("ActivationFunctions/arm_relu_q7.c"),
                src.resolve("ActivationFunctions/arm_nn_activations_q7.c"),
                src.resolve("NNSupportFunctions/arm_nntables.c"),
                src.resolve("SoftmaxFunctions/arm_softmax_q7.c"),
                src.resolve("NNSupportFunctions/arm_q7_to_q15_no_shift.c"),
                src.resolve("NNSupportFunctions/arm_q7_to_q15_reordered_no_shift.c"),
                src.resolve("ConvolutionFunctions/arm_convolve_HWC_q15_basic.c"),
                src.resolve("ConvolutionFunctions/arm_convolve_HWC_q15_fast.c"),
                src.resolve("ConvolutionFunctions/arm_convolve_HWC_q15_fast_nonsquare.c"),
                src.resolve("FullyConnectedFunctions/arm_fully_connected_q15_opt.c"),
                src.resolve("FullyConnectedFunctions/arm_fully_connected_mat_q7_vec_q15_opt.c"),
                src.resolve("ActivationFunctions/arm_relu_q15.c"),
                src.resolve("ActivationFunctions/arm_nn_activations_q15.c"),
                src.resolve("SoftmaxFunctions/arm_softmax_q15.c"));
    }

    public static List<Path> includes(Path cmsis) {
        return List.of(cmsis.resolve("CMSIS/NN/Include"), cmsis.resolve("CMSIS/DSP/Include"),
                cmsis.resolve("CMSIS/Core/Include"));
    }

    /**
     * Flags for compiling CMSIS's own sources, which are not warning-free under -Wextra -Werror; the generated
     * files are held to the full flags by the portable builds.
     */
    public static List<String> relaxedFlags() {
        return List.of("-Wno-error", "-w");
    }
}
