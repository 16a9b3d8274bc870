namespace CyclicalLR.Demo.Tests;

public sealed class BatchSamplerTests
{
    [Theory]
    [InlineData(10, 3, 4)]
    [InlineData(10, 5, 2)]
    [InlineData(7, 10, 1)]
    public void Next_EachEpoch_CoversEveryIndexOnce(int count, int batchSize, int iterationsPerEpoch)
    {
        var sampler = new BatchSampler(count, batchSize, new Random(4));
        sampler.IterationsPerEpoch.Should().Be(iterationsPerEpoch);

        for (var epoch = 0; epoch < 3; epoch++)
        {
            var seen = new List<int>();
            for (var i = 0; i < iterationsPerEpoch; i++)
            {
                var batch = sampler.Next();
                batch.Length.Should().Be(Math.Min(batchSize, count - (i * batchSize)));
                seen.AddRange(batch.ToArray());
            }

            seen.Should().BeEquivalentTo(Enumerable.Range(0, count));
        }
    }

    [Fact]
    public void Next_NewEpoch_Reshuffles()
    {
        var sampler = new BatchSampler(50, 50, new Random(4));

        var first = sampler.Next().ToArray();
        var second = sampler.Next().ToArray();

        second.Should().NotEqual(first);
    }
}
