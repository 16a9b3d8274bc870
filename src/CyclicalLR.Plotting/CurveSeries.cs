namespace CyclicalLR;

/// <summary>One named series of (x, y) points for <see cref="CurvePlot"/>, for example accuracy against iteration for one policy.</summary>
/// <remarks>The constructor copies the values, so the instance is immutable.</remarks>
public sealed class CurveSeries
{
    private readonly double[] _x;
    private readonly double[] _y;

    /// <summary>Initializes a new instance of the <see cref="CurveSeries"/> class.</summary>
    /// <param name="name">The name shown in the legend; not null.</param>
    /// <param name="x">The x values; finite (and greater than 0 if the plot uses a log x axis).</param>
    /// <param name="y">The y values, one per x value; finite.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/>, <paramref name="x"/> or <paramref name="y"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="y"/> does not have as many values as <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value of <paramref name="x"/> or <paramref name="y"/> is NaN or infinite.</exception>
    public CurveSeries(string name, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Guard.NotNull(name);
        Guard.NotNull(x);
        Guard.NotNull(y);
        if (y.Count != x.Count)
        {
            throw new ArgumentException($"y has {y.Count} values but x has {x.Count}; give one y per x.", nameof(y));
        }

        _x = [.. x];
        _y = [.. y];
        foreach (var v in _x)
        {
            Guard.Finite(v, nameof(x));
        }

        foreach (var v in _y)
        {
            Guard.Finite(v, nameof(y));
        }

        Name = name;
    }

    /// <summary>Gets the name shown in the legend.</summary>
    public string Name { get; }

    /// <summary>Gets the x values.</summary>
    public IReadOnlyList<double> X => _x;

    /// <summary>Gets the y values.</summary>
    public IReadOnlyList<double> Y => _y;

    internal double[] XArray => _x;

    internal double[] YArray => _y;
}
