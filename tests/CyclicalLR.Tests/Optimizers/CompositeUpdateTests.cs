namespace CyclicalLR.Tests.Sgd;

/// <summary>
/// A whole step seen as one run of elements, buffer after buffer: a range of it runs exactly its elements, each once, in
/// the parts that hold them, and reads nothing of the parts it does not cover (a chunk's cost does not grow with the
/// buffers before it: a model of 10,000 buffers has 256 chunks a step).
/// </summary>
public sealed class CompositeUpdateTests
{
    /// <summary>Parts with empty ones at the start of a range, inside it, after a part and at the very end.</summary>
    private static readonly int[] Lengths = [100, 0, 300, 64, 0, 0, 1000, 1, 0, 7, 500, 0];

    [Fact]
    public void Run_EveryRange_RunsItsElementsOnceAndReadsOnlyThePartsItCovers()
    {
        var starts = new nuint[Lengths.Length];
        for (var p = 1; p < Lengths.Length; p++)
        {
            starts[p] = starts[p - 1] + (nuint)Lengths[p - 1];
        }

        var total = Lengths.Sum();
        var log = new Log();
        var parts = Lengths.Select((n, p) => new Probe(p, n, log)).ToArray();
        var whole = new CompositeUpdate<Probe>(parts, starts, parts.Length, (nuint)total, 12);
        var failures = new List<string>();
        for (var start = 0; start < total; start++)
        {
            foreach (var requested in new[] { 1, 2, 63, 64, 65, 300, total })
            {
                var count = Math.Min(requested, total - start);
                var end = start + count;
                log.Reads.Clear();
                log.Runs.Clear();

                whole.Run((nuint)start, (nuint)count);

                // Expected: each part's piece of [start, end), in order; reads of covering parts, or of empty parts within the range.
                var expectedRuns = new List<(int Part, int Start, int Count)>();
                for (var p = 0; p < Lengths.Length; p++)
                {
                    var from = Math.Max(start, (int)starts[p]);
                    var to = Math.Min(end, (int)starts[p] + Lengths[p]);
                    if (to > from)
                    {
                        expectedRuns.Add((p, from - (int)starts[p], to - from));
                    }
                }

                var range = $"[{start}, {end})";
                if (!log.Runs.SequenceEqual(expectedRuns))
                {
                    failures.Add($"{range}: ran {string.Join(" ", log.Runs)}, expected {string.Join(" ", expectedRuns)}");
                }

                foreach (var p in log.Reads)
                {
                    var covers = (int)starts[p] < end && (int)starts[p] + Lengths[p] > start;
                    var emptyWithin = Lengths[p] == 0 && (int)starts[p] >= start && (int)starts[p] < end;
                    if (!covers && !emptyWithin)
                    {
                        failures.Add($"{range}: read part {p} at [{starts[p]}, {(int)starts[p] + Lengths[p]}), which it does not cover");
                    }
                }
            }
        }

        failures.Should().BeEmpty();
    }

    private sealed class Log
    {
        public List<int> Reads { get; } = [];

        public List<(int Part, int Start, int Count)> Runs { get; } = [];
    }

    /// <summary>A part that logs each read of its length and each run.</summary>
    private readonly struct Probe(int index, int length, Log log) : IChunkedUpdate
    {
        public nuint Length
        {
            get
            {
                log.Reads.Add(index);
                return (nuint)length;
            }
        }

        public int BytesPerElement => 12;

        public void Run(nuint start, nuint count) => log.Runs.Add((index, (int)start, (int)count));
    }
}
