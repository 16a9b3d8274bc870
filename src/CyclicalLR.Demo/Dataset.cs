namespace CyclicalLR.Demo;

/// <summary>An in-memory classification data set: one row of features (scaled to [0, 1]) and one label per sample.</summary>
internal sealed class Dataset
{
    private readonly float[] _features;
    private readonly byte[] _labels;

    /// <summary>Initializes a new instance of the <see cref="Dataset"/> class, taking ownership of the arrays.</summary>
    /// <param name="name">A short description, for example <c>digits (train)</c>.</param>
    /// <param name="features">Row-major features, <c>labels.Length * featureCount</c> values.</param>
    /// <param name="labels">The class of each sample, each below <paramref name="classCount"/>.</param>
    /// <param name="featureCount">Features per sample; at least 1.</param>
    /// <param name="classCount">Number of classes; at least 2.</param>
    /// <exception cref="ArgumentException">The array lengths or labels do not match the counts.</exception>
    public Dataset(string name, float[] features, byte[] labels, int featureCount, int classCount)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if ((long)labels.Length * featureCount != features.Length)
        {
            throw new ArgumentException("features must hold labels.Length * featureCount values.", nameof(features));
        }

        foreach (var label in labels)
        {
            if (label >= classCount)
            {
                throw new ArgumentException("Every label must be below classCount.", nameof(labels));
            }
        }

        Name = name;
        _features = features;
        _labels = labels;
        FeatureCount = featureCount;
        ClassCount = classCount;
    }

    /// <summary>Gets the description of the data set.</summary>
    public string Name { get; }

    /// <summary>Gets the number of samples.</summary>
    public int Count => _labels.Length;

    /// <summary>Gets the number of features per sample.</summary>
    public int FeatureCount { get; }

    /// <summary>Gets the number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>Gets the features of one sample.</summary>
    public ReadOnlySpan<float> Features(int index) => _features.AsSpan(index * FeatureCount, FeatureCount);

    /// <summary>Gets the label of one sample.</summary>
    public int Label(int index) => _labels[index];

    /// <summary>Returns a new data set holding the samples at <paramref name="indices"/>, in that order.</summary>
    public Dataset Select(string name, ReadOnlySpan<int> indices)
    {
        var features = new float[indices.Length * FeatureCount];
        var labels = new byte[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            Features(indices[i]).CopyTo(features.AsSpan(i * FeatureCount, FeatureCount));
            labels[i] = _labels[indices[i]];
        }

        return new Dataset(name, features, labels, FeatureCount, ClassCount);
    }

    /// <summary>Returns a new data set holding <paramref name="count"/> samples from <paramref name="start"/> on.</summary>
    public Dataset Slice(string name, int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count - start);
        return new Dataset(
            name,
            _features.AsSpan(start * FeatureCount, count * FeatureCount).ToArray(),
            _labels.AsSpan(start, count).ToArray(),
            FeatureCount,
            ClassCount);
    }
}
