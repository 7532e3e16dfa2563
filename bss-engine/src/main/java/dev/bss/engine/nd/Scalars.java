package dev.bss.engine.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;

/**
 * Arithmetic between an NDArray and a Java number whose scalar tensor is owned by PyTorch, so that autograd may keep
 * it for the backward pass.
 *
 * <p>Why this class exists. DJL 0.36's {@code NDArray.mul(Number)} (and {@code div}, {@code pow}, {@code maximum},
 * {@code minimum}, and their in-place forms) makes the scalar with {@code NDManager.create(Number)}. On the CPU that
 * tensor's storage <em>is</em> a Java direct {@code ByteBuffer} ({@code torch::from_blob} without a copy). DJL then
 * closes the scalar as soon as the operation returns, and the buffer becomes unreachable. Autograd keeps the scalar,
 * though: {@code MulBackward} multiplies the incoming gradient by it. When a garbage collection runs between the
 * forward and the backward pass, the JDK's cleaner frees the buffer, malloc hands the memory out again, and the
 * backward pass scales every gradient by whatever is there now. We measured gradients of 1e24 to 1e30 after a
 * resumed {@code bss-l} run with a 40 MB heap, where the uninterrupted run had 0.1 (docs/reliability.md).
 *
 * <p>Here the scalar comes from {@code NDManager.full}, a native {@code torch::full} whose storage is reference
 * counted by PyTorch. Closing the Java handle right after the operation is then safe. Addition and subtraction by a
 * number are safe either way, because their backward pass does not read the other operand.
 * {@code ScalarOverloadsTest} keeps the unsafe overloads out of the main code.
 */
public final class Scalars {

    private Scalars() {
    }

    /** {@code a · s}, a new array. */
    public static NDArray times(NDArray a, double s) {
        return withScalar(a, s, NDArray::mul);
    }

    /** {@code a ← a · s} in place; returns {@code a}. */
    public static NDArray timesInPlace(NDArray a, double s) {
        return withScalar(a, s, NDArray::muli);
    }

    /** {@code a / s}, a new array. */
    public static NDArray over(NDArray a, double s) {
        return withScalar(a, s, NDArray::div);
    }

    /** {@code max(a, s)} element-wise, a new array. */
    public static NDArray atLeast(NDArray a, double s) {
        return withScalar(a, s, NDArray::maximum);
    }

    /** {@code a^s} element-wise, a new array. */
    public static NDArray power(NDArray a, double s) {
        return withScalar(a, s, NDArray::pow);
    }

    /** {@code op(a, scalar s)}; the scalar's Java handle is closed at once, autograd keeps its native storage. */
    private static NDArray withScalar(NDArray a, double s, BinaryOperator<NDArray> op) {
        try (NDArray scalar = scalarLike(a, s)) {
            return op.apply(a, scalar);
        }
    }

    /** A 0-dimensional array of {@code a}'s type and device holding {@code s}, in storage PyTorch owns. */
    private static NDArray scalarLike(NDArray a, double s) {
        return a.getManager().full(new Shape(), (float) s, a.getDataType());
    }
}
