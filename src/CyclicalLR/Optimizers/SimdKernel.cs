using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CyclicalLR;

/// <summary>
/// What every optimizer's span kernel shares: compile-time flags carried by type arguments (so the JIT drops the untaken
/// branches of a rule), one vector abstraction over <see cref="Vector512{T}"/> and <see cref="Vector{T}"/> with the
/// element-wise operations the rules use (each rounded on its own, never fused), and the alignment of the main loop.
/// </summary>
internal static unsafe class SimdKernel
{
    /// <summary>A compile-time boolean carried by a type argument, so the JIT drops the untaken branches.</summary>
    internal interface IFlag
    {
        /// <summary>Gets a value indicating whether the flag is set.</summary>
        static abstract bool IsSet { get; }
    }

    /// <summary>The set flag.</summary>
    internal readonly struct Yes : IFlag
    {
        /// <inheritdoc/>
        public static bool IsSet => true;
    }

    /// <summary>The clear flag.</summary>
    internal readonly struct No : IFlag
    {
        /// <inheritdoc/>
        public static bool IsSet => false;
    }

    /// <summary>The vector operations the loop needs, over <see cref="Vector512{T}"/> or <see cref="Vector{T}"/>.</summary>
    internal interface ISimd<TSelf, T> : IAdditionOperators<TSelf, TSelf, TSelf>, ISubtractionOperators<TSelf, TSelf, TSelf>, IMultiplyOperators<TSelf, TSelf, TSelf>
        where TSelf : struct, ISimd<TSelf, T>
    {
        static abstract bool IsAccelerated { get; }

        static abstract nuint Count { get; }

        static abstract nuint ByteCount { get; }

        /// <summary>
        /// Gets a value indicating whether a loop over this vector type should load the next vector before it stores the
        /// current one: only with AVX-512's 32 vector registers; with 16 (AVX2) the extra live vectors spill on every iteration.
        /// </summary>
        static abstract bool LoadsAhead { get; }

        static abstract TSelf Create(T value);

        static abstract TSelf Load(ref T source, nuint index);

        static abstract TSelf operator /(TSelf left, TSelf right);

        static abstract TSelf Sqrt(TSelf value);

        static abstract TSelf Max(TSelf left, TSelf right);

        void Store(ref T destination, nuint index);
    }

    /// <summary>
    /// The number of leading elements to skip so that the main loop's vector stores into the weights are aligned to
    /// <paramref name="vectorBytes"/> (unaligned 64-byte stores split cache lines). Only a hint: the result is the same
    /// whatever it returns. Less than one vector. (Weights not aligned to their own size, as native memory may be, cannot be
    /// aligned by skipping elements: any count below one vector is then as good.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static nuint AlignmentPeel<T>(ref T w, nuint vectorBytes)
        where T : unmanaged
    {
        var address = (nuint)Unsafe.AsPointer(ref w);
        return ((vectorBytes - (address % vectorBytes)) % vectorBytes) / (nuint)sizeof(T);
    }

    internal readonly struct Simd512<T>(Vector512<T> value) : ISimd<Simd512<T>, T>
    {
        private readonly Vector512<T> _value = value;

        public static bool IsAccelerated => Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported;

        public static nuint Count => (nuint)Vector512<T>.Count;

        public static nuint ByteCount => (nuint)Vector512<byte>.Count;

        public static bool LoadsAhead => true;

        public static Simd512<T> Create(T value) => new(Vector512.Create(value));

        public static Simd512<T> Load(ref T source, nuint index) => new(Vector512.LoadUnsafe(ref source, index));

        public static Simd512<T> operator +(Simd512<T> left, Simd512<T> right) => new(left._value + right._value);

        public static Simd512<T> operator -(Simd512<T> left, Simd512<T> right) => new(left._value - right._value);

        public static Simd512<T> operator *(Simd512<T> left, Simd512<T> right) => new(left._value * right._value);

        public static Simd512<T> operator /(Simd512<T> left, Simd512<T> right) => new(left._value / right._value);

        public static Simd512<T> Sqrt(Simd512<T> value) => new(Vector512.Sqrt(value._value));

        public static Simd512<T> Max(Simd512<T> left, Simd512<T> right) => new(Vector512.Max(left._value, right._value));

        public void Store(ref T destination, nuint index) => _value.StoreUnsafe(ref destination, index);
    }

    internal readonly struct SimdAnyWidth<T>(Vector<T> value) : ISimd<SimdAnyWidth<T>, T>
    {
        private readonly Vector<T> _value = value;

        public static bool IsAccelerated => Vector.IsHardwareAccelerated && Vector<T>.IsSupported;

        public static nuint Count => (nuint)Vector<T>.Count;

        public static nuint ByteCount => (nuint)Vector<byte>.Count;

        public static bool LoadsAhead => false;

        public static SimdAnyWidth<T> Create(T value) => new(new Vector<T>(value));

        public static SimdAnyWidth<T> Load(ref T source, nuint index) => new(Vector.LoadUnsafe(ref source, index));

        public static SimdAnyWidth<T> operator +(SimdAnyWidth<T> left, SimdAnyWidth<T> right) => new(left._value + right._value);

        public static SimdAnyWidth<T> operator -(SimdAnyWidth<T> left, SimdAnyWidth<T> right) => new(left._value - right._value);

        public static SimdAnyWidth<T> operator *(SimdAnyWidth<T> left, SimdAnyWidth<T> right) => new(left._value * right._value);

        public static SimdAnyWidth<T> operator /(SimdAnyWidth<T> left, SimdAnyWidth<T> right) => new(left._value / right._value);

        public static SimdAnyWidth<T> Sqrt(SimdAnyWidth<T> value) => new(Vector.SquareRoot(value._value));

        public static SimdAnyWidth<T> Max(SimdAnyWidth<T> left, SimdAnyWidth<T> right) => new(Vector.Max(left._value, right._value));

        public void Store(ref T destination, nuint index) => _value.StoreUnsafe(ref destination, index);
    }

    /// <summary>One element as a "vector" of width 1, so a rule written once over <see cref="ISimd{TSelf, T}"/> also runs as the scalar loop.</summary>
    internal readonly struct Scalar<T>(T value) : ISimd<Scalar<T>, T>
        where T : IFloatingPointIeee754<T>
    {
        private readonly T _value = value;

        public static bool IsAccelerated => true;

        public static nuint Count => 1;

        public static nuint ByteCount => (nuint)Unsafe.SizeOf<T>();

        public static bool LoadsAhead => false;

        public static Scalar<T> Create(T value) => new(value);

        public static Scalar<T> Load(ref T source, nuint index) => new(Unsafe.Add(ref source, index));

        public static Scalar<T> operator +(Scalar<T> left, Scalar<T> right) => new(left._value + right._value);

        public static Scalar<T> operator -(Scalar<T> left, Scalar<T> right) => new(left._value - right._value);

        public static Scalar<T> operator *(Scalar<T> left, Scalar<T> right) => new(left._value * right._value);

        public static Scalar<T> operator /(Scalar<T> left, Scalar<T> right) => new(left._value / right._value);

        public static Scalar<T> Sqrt(Scalar<T> value) => new(T.Sqrt(value._value));

        public static Scalar<T> Max(Scalar<T> left, Scalar<T> right) => new(T.Max(left._value, right._value));

        public void Store(ref T destination, nuint index) => Unsafe.Add(ref destination, index) = _value;
    }
}
