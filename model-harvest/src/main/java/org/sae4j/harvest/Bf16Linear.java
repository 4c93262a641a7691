package org.sae4j.harvest;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Linear layers in bfloat16 through a TorchScript module, since DJL 0.36 cannot make a bfloat16 tensor itself (its
 * JNI maps only DJL dtypes 0–8 to PyTorch's and aborts the JVM on any other).
 *
 * <p>The module is compiled by libtorch from source ({@link TorchScriptArchive}); its inputs and outputs that DJL
 * reads are float32, and it casts inside: {@link #weight} turns a float32 weight or bias into a bfloat16 one once,
 * and {@link #apply} computes {@code y = x·Wᵀ + b} as {@code torch.autocast} does on a CPU: {@code x} rounded to
 * bfloat16, the product by PyTorch's bfloat16 GEMM (oneDNN, which uses AVX512-BF16's {@code vdpbf16ps} where the CPU
 * has it, accumulating in float32), the bias added and the result rounded to bfloat16, then widened back to float32.
 *
 * <p>A bfloat16 tensor comes back to DJL labelled with a wrong dtype (DJL's reverse map calls every unlisted type
 * complex64), so the cast weights stay inside {@link Weight}, which hands them only back to this module. Safe to
 * call from several threads at once (a TorchScript method's executor locks while it compiles its plan). Owns the
 * module; {@link #close()} frees it, not the weights (they belong to the manager passed to {@link #weight}).
 */
final class Bf16Linear implements AutoCloseable {

    /** The TorchScript class; dtypes are PyTorch's ScalarType numbers (15 = bfloat16, 6 = float32). */
    static final String SOURCE = """
            class Bf16Linear(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def bf16(self: __torch__.Bf16Linear, x: Tensor) -> Tensor:
                return torch.to(x, 15)
              def linear(self: __torch__.Bf16Linear, x: Tensor, weight: Tensor, bias: Tensor) -> Tensor:
                y = torch.linear(torch.to(x, 15), weight, bias)
                return torch.to(y, 6)
              def linear_plus(self: __torch__.Bf16Linear, x: Tensor, weight: Tensor, bias: Tensor,
                  residual: Tensor) -> Tensor:
                y = torch.linear(torch.to(x, 15), weight, bias)
                return torch.add(residual, y)
            """;

    private final NDManager manager;
    private final PtSymbolBlock module;

    /** A weight or bias in bfloat16, usable only as an argument of {@link #apply}. */
    static final class Weight {
        private final PtNDArray tensor;

        private Weight(PtNDArray tensor) {
            this.tensor = tensor;
        }
    }

    /** Compiles the module in a new sub-manager of {@code parent} (closed with this object). */
    Bf16Linear(NDManager parent) {
        this.manager = parent.newSubManager();
        try {
            this.module = JniUtils.loadModule((PtNDManager) manager,
                    new ByteArrayInputStream(TorchScriptArchive.module("Bf16Linear", SOURCE)), false, false);
        } catch (IOException e) {
            manager.close();
            throw new UncheckedIOException("loading the bfloat16 linear module", e);
        }
    }

    /** {@code w} (float32, left open) rounded to bfloat16 (round to nearest even), attached to {@code w}'s manager. */
    Weight weight(NDArray w) {
        return new Weight(call("bf16", w.getManager(), (PtNDArray) w));
    }

    /**
     * {@code x·Wᵀ + b} in bfloat16, widened to float32; {@code x} is {@code [..., in]} float32 (left open),
     * {@code weight} {@code [out, in]}, {@code bias} {@code [out]}. The result is attached to {@code x}'s manager.
     */
    NDArray apply(NDArray x, Weight weight, Weight bias) {
        return call("linear", x.getManager(), (PtNDArray) x, weight.tensor, bias.tensor);
    }

    /**
     * {@code residual + (x·Wᵀ + b)}: {@link #apply}'s bfloat16 result added to the float32 {@code residual} (same
     * shape as the result, left open) in float32, in one pass. The same values as {@code apply(…).add(residual)}
     * (widening a bfloat16 is exact). PyTorch marks what the module returns as an inference tensor, which cannot be
     * updated in place, so residual sums happen here rather than with {@code addi} on the result.
     */
    NDArray applyPlus(NDArray x, Weight weight, Weight bias, NDArray residual) {
        return call("linear_plus", x.getManager(), (PtNDArray) x, weight.tensor, bias.tensor, (PtNDArray) residual);
    }

    private PtNDArray call(String method, NDManager into, PtNDArray... args) {
        IValue[] in = new IValue[args.length];
        try {
            for (int i = 0; i < args.length; i++) {
                in[i] = IValue.from(args[i]);
            }
            try (IValue out = IValueUtils.runMethod(module, method, in)) {
                return out.toTensor((PtNDManager) into);
            }
        } finally {
            for (IValue v : in) {
                if (v != null) {
                    v.close();
                }
            }
        }
    }

    /** Frees the module; idempotent. */
    @Override
    public void close() {
        module.close();
        manager.close();
    }
}
