using System.Numerics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace CyclicalLR;

/// <summary>Argument checks shared by the library. Throws go through small non-inlined helpers.</summary>
internal static class Guard
{
    /// <summary>Throws unless <paramref name="value"/> is finite and greater than 0.</summary>
    public static void FinitePositive(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!double.IsFinite(value) || !(value > 0))
        {
            ThrowNotFinitePositive(value, paramName);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is finite.</summary>
    public static void Finite(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!double.IsFinite(value))
        {
            ThrowOutOfRange(paramName, value, "must be a finite number.");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is at least 1.</summary>
    public static void Positive(long value, [CallerArgumentExpression(nameof(value))] string? paramName = null) =>
        AtLeast(value, 1, paramName);

    /// <summary>Throws unless <paramref name="iteration"/> is at least 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Iteration(long iteration)
    {
        if (iteration < 0)
        {
            ThrowNegativeIteration(iteration);
        }
    }

    /// <summary>Throws unless <paramref name="max"/> is at least <paramref name="min"/>.</summary>
    public static void Ordered(double min, double max, [CallerArgumentExpression(nameof(min))] string? minName = null, [CallerArgumentExpression(nameof(max))] string? maxName = null)
    {
        if (!(max >= min))
        {
            ThrowOutOfRange(maxName, max, string.Create(CultureInfo.InvariantCulture, $"must be at least {minName} ({min:R})."));
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and at least 0, in its own type (rejects NaN of either sign).</summary>
    public static void FiniteNonNegative<T>(T value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        where T : IFloatingPointIeee754<T>
    {
        if (!T.IsFinite(value) || !(value >= T.Zero))
        {
            ThrowOutOfRange(paramName, value, "must be a finite number greater than or equal to 0.");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and in <c>[0, 1]</c>.</summary>
    public static void FiniteFraction(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!double.IsFinite(value) || !(value >= 0 && value <= 1))
        {
            ThrowOutOfRange(paramName, value, "must be a finite number between 0 and 1.");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and in <c>(0, 1]</c> (a decay factor).</summary>
    public static void DecayFactor(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!double.IsFinite(value) || !(value > 0) || !(value <= 1))
        {
            ThrowOutOfRange(paramName, value, "must be in the range (0, 1].");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and at least <paramref name="minimum"/>.</summary>
    public static void FiniteAtLeast(double value, double minimum, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!double.IsFinite(value) || !(value >= minimum))
        {
            ThrowOutOfRange(paramName, value, string.Create(CultureInfo.InvariantCulture, $"must be a finite number greater than or equal to {minimum:R}."));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the two lengths are equal.</summary>
    public static void SameLength(int expected, int actual, string expectedName, string paramName)
    {
        if (expected != actual)
        {
            ThrowArgument(paramName, string.Create(CultureInfo.InvariantCulture, $"{paramName} has {actual} elements but {expectedName} has {expected}; they must be the same length."));
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming <paramref name="paramName"/> when <paramref name="other"/> overlaps
    /// <paramref name="buffer"/> other than by being exactly the same memory (same start, same length).
    /// </summary>
    public static void NoPartialOverlap<T>(ReadOnlySpan<T> buffer, ReadOnlySpan<T> other, string bufferName, string? paramName)
    {
        if (buffer.Overlaps(other, out var offset) && !(offset == 0 && buffer.Length == other.Length))
        {
            ThrowArgument(paramName, string.Create(CultureInfo.InvariantCulture, $"{paramName} partially overlaps {bufferName} (element offset {offset}); it must be separate memory or exactly the same buffer."));
        }
    }

    /// <summary>Throws unless <paramref name="max"/> is greater than <paramref name="min"/>.</summary>
    public static void StrictlyOrdered(double min, double max, [CallerArgumentExpression(nameof(min))] string? minName = null, [CallerArgumentExpression(nameof(max))] string? maxName = null)
    {
        if (!(max > min))
        {
            ThrowOutOfRange(maxName, max, string.Create(CultureInfo.InvariantCulture, $"must be greater than {minName} ({min:R})."));
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is at least <paramref name="minimum"/>.</summary>
    public static void AtLeast(long value, long minimum, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value < minimum)
        {
            ThrowOutOfRange(paramName, value, string.Create(CultureInfo.InvariantCulture, $"must be at least {minimum}."));
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is a named value of its enum.</summary>
    public static void Defined<TEnum>(TEnum value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            ThrowOutOfRange(paramName, value, string.Create(CultureInfo.InvariantCulture, $"must be one of {string.Join(", ", Enum.GetNames<TEnum>())}."));
        }
    }

    /// <summary>Throws when <paramref name="value"/> is null.</summary>
    public static void NotNull([NotNull] object? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value is null)
        {
            ThrowNull(paramName);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowOutOfRange(string? paramName, object actualValue, string mustBe) =>
        throw new ArgumentOutOfRangeException(paramName, actualValue, string.Create(CultureInfo.InvariantCulture, $"{paramName} {mustBe} It was {FormatValue(actualValue)}."));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgument(string? paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotFinitePositive(double value, string? paramName) =>
        ThrowOutOfRange(paramName, value, "must be a finite number greater than 0.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNegativeIteration(long iteration) =>
        ThrowOutOfRange(nameof(iteration), iteration, "must be at least 0 (iteration 0 is the first batch).");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNull(string? paramName) => throw new ArgumentNullException(paramName);

    /// <summary>Formats a value in the invariant culture; a double or float in its shortest round-trip form (the default since .NET Core 3.0).</summary>
    private static string FormatValue(object value) => value switch
    {
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
