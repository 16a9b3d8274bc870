namespace CyclicalLR.Demo;

/// <summary>
/// Deals mini-batches of sample indices: each epoch is a fresh shuffle (drawn from the given <see cref="Random"/>)
/// cut into batches of <c>batchSize</c>, the last one smaller when the size does not divide the count, so an epoch is
/// <c>ceil(count / batchSize)</c> iterations.
/// </summary>
internal sealed class BatchSampler
{
    private readonly int[] _order;
    private readonly int _batchSize;
    private readonly Random _random;
    private int _position;

    /// <summary>Initializes a new instance of the <see cref="BatchSampler"/> class and shuffles the first epoch.</summary>
    public BatchSampler(int count, int batchSize, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentNullException.ThrowIfNull(random);
        _order = new int[count];
        for (var i = 0; i < count; i++)
        {
            _order[i] = i;
        }

        _batchSize = batchSize;
        _random = random;
        _random.Shuffle(_order);
    }

    /// <summary>Gets the number of iterations in one epoch, <c>ceil(count / batchSize)</c>.</summary>
    public int IterationsPerEpoch => IterationsPerEpochOf(_order.Length, _batchSize);

    /// <summary>Returns <c>ceil(count / batchSize)</c> for a count and a batch size of at least 1, without overflow.</summary>
    public static int IterationsPerEpochOf(int count, int batchSize) => ((count - 1) / batchSize) + 1;

    /// <summary>Returns the next batch; valid until the next call.</summary>
    public ReadOnlySpan<int> Next()
    {
        if (_position >= _order.Length)
        {
            _random.Shuffle(_order);
            _position = 0;
        }

        var length = Math.Min(_batchSize, _order.Length - _position);
        var batch = _order.AsSpan(_position, length);
        _position += length;
        return batch;
    }
}
