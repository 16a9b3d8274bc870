namespace CyclicalLR.Tests;

/// <summary><see cref="LrRangeTestResult.ReadCsv"/> on malformed, inconsistent and hostile input.</summary>
public sealed class LrRangeTestResultCsvTests
{
    private static readonly double[] Losses = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4, 0.38, 0.37];

    // A valid file: a loss test over 10 iterations of a linear sweep 0.1..1, smoothing 0.5, completed.
    private static string Valid()
    {
        var i = 0;
        var result = new LrRangeTest(0.1, 1, 10, RangeTestSweep.Linear, RangeTestMetric.Loss, 0.5).Run(_ => Losses[i++]);
        result.StopReason.Should().Be(RangeTestStopReason.Completed);
        return Write(result);
    }

    private static string Write(LrRangeTestResult result)
    {
        var writer = new StringWriter();
        result.WriteCsv(writer);
        return writer.ToString();
    }

    private static string[] Lines(string text) => text.Split('\n');

    private static string ReplaceLine(string text, int lineNumber, Func<string, string> change)
    {
        var lines = Lines(text);
        lines[lineNumber - 1] = change(lines[lineNumber - 1]);
        return string.Join('\n', lines);
    }

    private static string ReplaceCell(string text, int lineNumber, int cell, string value) =>
        ReplaceLine(text, lineNumber, line =>
        {
            var cells = line.Split(',');
            cells[cell] = value;
            return string.Join(',', cells);
        });

    private static string Settings(string text, string from, string to) => ReplaceLine(text, 2, line =>
    {
        line.Should().Contain(from);
        return line.Replace(from, to, StringComparison.Ordinal);
    });

    // Each case: a change to the valid file and the message it must produce (which names the line).
    private static readonly Dictionary<string, (Func<string, string> Change, string Message)> Corpus = new()
    {
        ["empty"] = (_ => string.Empty, "line 1: expected the title line '# CyclicalLR LR range test'."),
        ["title in other case"] = (t => t.Replace("LR range test", "lr range test", StringComparison.Ordinal), "line 1: expected the title line"),
        ["no settings"] = (t => Lines(t)[0] + "\n", "line 2: expected the settings line"),
        ["numeric enum"] = (t => Settings(t, "sweep=Linear", "sweep=0"), "line 2: expected one of Linear, Exponential for 'sweep'"),
        ["numeric stop"] = (t => Settings(t, "stop=Completed", "stop=1"), "line 2: expected one of Completed, Diverged, NotFinite, StoppedEarly for 'stop'"),
        ["flags syntax"] = (t => Settings(t, "stop=Completed", "stop=Completed, NotFinite"), "line 2: expected one of Completed, Diverged, NotFinite, StoppedEarly for 'stop'"),
        ["enum in lower case"] = (t => Settings(t, "metric=Loss", "metric=loss"), "line 2: expected one of Accuracy, Loss for 'metric'"),
        ["duplicated key"] = (t => Settings(t, "; stop=", "; min_lr=0.2; stop="), "line 2: setting 'min_lr' appears more than once"),
        ["unknown key"] = (t => Settings(t, "; stop=", "; colour=red; stop="), "line 2: unknown setting 'colour'; expected min_lr, max_lr, iterations, sweep, metric, smoothing, divergence_threshold, accuracy_drop_fraction, accuracy_drop_patience, stop."),
        ["settings line without its '# '"] = (t => ReplaceLine(t, 2, l => l[2..]), "line 2: expected the settings line '# min_lr=...; ...'."),
        ["setting without '='"] = (t => Settings(t, "; stop=", "; verbose; stop="), "line 2: expected 'key=value' pairs separated by '; '."),
        ["setting with an empty key"] = (t => Settings(t, "; stop=", "; =1; stop="), "line 2: expected 'key=value' pairs separated by '; '."),
        ["missing key"] = (t => Settings(t, "; smoothing=0.5", string.Empty), "line 2: missing setting 'smoothing'"),
        ["leading space in a setting"] = (t => Settings(t, "min_lr=0.1", "min_lr= 0.1"), "line 2: expected a number for 'min_lr'"),
        ["trailing space in a setting"] = (t => Settings(t, "max_lr=1", "max_lr=1 "), "line 2: expected a number for 'max_lr'"),
        ["fractional iterations"] = (t => Settings(t, "iterations=10", "iterations=10.5"), "line 2: expected an integer for 'iterations'"),
        ["max below min"] = (t => Settings(t, "max_lr=1", "max_lr=0.05"), "line 2: invalid settings"),
        ["iterations above the maximum"] = (t => Settings(t, "iterations=10", "iterations=100000001"), "line 2: invalid settings"),
        ["NaN setting"] = (t => Settings(t, "smoothing=0.5", "smoothing=NaN"), "line 2: invalid settings"),
        ["wrong header"] = (t => ReplaceLine(t, 3, _ => "lr,loss"), "line 3: expected the header 'iteration,learning_rate,metric,smoothed_metric'."),
        ["leading space in a number"] = (t => ReplaceCell(t, 5, 1, " 0.2"), "line 5: expected 'iteration,learning_rate,metric,smoothed_metric'"),
        ["trailing space in a number"] = (t => ReplaceCell(t, 5, 2, "0.9 "), "line 5: expected 'iteration,learning_rate,metric,smoothed_metric'"),
        ["plus sign on an iteration"] = (t => ReplaceCell(t, 4, 0, "+0"), "line 4: expected 'iteration,learning_rate,metric,smoothed_metric'"),
        ["five cells"] = (t => ReplaceLine(t, 4, l => l + ",1"), "line 4: expected 'iteration,learning_rate,metric,smoothed_metric'"),
        ["blank line among the rows"] = (t => ReplaceLine(t, 6, l => "\n" + l), "line 6: expected 'iteration,learning_rate,metric,smoothed_metric'"),
        ["iteration out of order"] = (t => ReplaceCell(t, 4, 0, "1"), "line 4: expected iteration 0, found 1"),
        ["learning rate outside the file's range"] = (t => ReplaceCell(t, 13, 1, "1.5"), "line 13: learning rate 1.5 is outside the file's [min_lr, max_lr] = [0.1, 1]"),
        ["learning rate below the file's range"] = (t => ReplaceCell(t, 4, 1, "0.05"), "line 4: learning rate 0.05 is outside"),
        ["learning rate off the sweep"] = (t => ReplaceCell(t, 6, 1, "0.25"), "line 6: learning rate 0.25 does not follow the file's Linear sweep, which gives 0.3 at iteration 2"),
        ["learning rate zero"] = (t => ReplaceCell(t, 4, 1, "0"), "line 4: learning rate 0 is outside"),
        ["smoothed column inconsistent"] = (t => ReplaceCell(t, 7, 3, "0.7"), "line 7: smoothed_metric 0.7 is not the moving average of the metric column"),
        ["metric changed under its smoothed value"] = (t => ReplaceCell(t, 8, 2, "0.61"), "line 8: smoothed_metric"),
        ["NaN metric"] = (t => ReplaceCell(t, 4, 2, "NaN"), "line 4: expected a finite learning rate and finite metrics"),
        ["infinite smoothed metric"] = (t => ReplaceCell(t, 4, 3, "Infinity"), "line 4: expected a finite learning rate and finite metrics"),
        ["completed with fewer rows than iterations"] = (t => string.Join('\n', Lines(t)[..10]) + "\n", "line 11: the file says stop=Completed but ends after 7 rows of 10 planned"),
        ["diverged but the rows complete"] = (t => Settings(t, "stop=Completed", "stop=Diverged"), "line 14: the file says stop=Diverged but its rows end the test as Completed after 10 rows"),
        ["more rows than planned"] = (t => t + "10,1,0.36,0.36\n", "line 14: a row after the test ended (Completed at iteration 9)"),
        ["NUL in a number"] = (t => ReplaceCell(t, 5, 2, "0.9\0"), "line 5: unexpected character U+0000 at column"),
        ["NUL in the settings"] = (t => Settings(t, "stop=Completed", "stop=Completed\0"), "line 2: unexpected character U+0000"),
        ["lone carriage return"] = (t => ReplaceCell(t, 9, 0, "5\r"), "line 9: unexpected character U+000D at column 2"),
        ["tab"] = (t => ReplaceCell(t, 9, 0, "\t5"), "line 9: unexpected character U+0009 at column 1"),
        ["non-ASCII digit"] = (t => ReplaceCell(t, 9, 0, "\u0665"), "line 9: unexpected character U+0665"),
        ["thousands separator"] = (t => ReplaceCell(t, 4, 2, "1,000"), "line 4: expected 'iteration,learning_rate,metric,smoothed_metric'"),
    };

    public static TheoryData<string> CorpusNames => [.. Corpus.Keys];

    [Fact]
    public void ReadCsv_ValidFile_ReadsBack()
    {
        var result = LrRangeTestResult.ReadCsv(new StringReader(Valid()));
        result.Points.Select(p => p.Metric).Should().Equal(Losses);
        result.StopReason.Should().Be(RangeTestStopReason.Completed);
    }

    [Theory]
    [MemberData(nameof(CorpusNames))]
    public void ReadCsv_MalformedCorpus_ThrowsFormatExceptionNamingTheLine(string name)
    {
        var (change, message) = Corpus[name];
        var text = change(Valid());
        text.Should().NotBe(Valid(), "each case changes the file");
        var act = () => LrRangeTestResult.ReadCsv(new StringReader(text));
        act.Should().Throw<FormatException>().WithMessage("Not a CyclicalLR range-test CSV: " + message + "*");
    }

    // Exponential sweep 1e-5..1 over 10 iterations: the learning rate of iteration 1 is about 3.6e-5, so the tolerance
    // (1e-12 of it) is about 3.6e-17: a relative change of 1e-13 is within it, 1e-9 is not.
    [Theory]
    [InlineData(1e-13, true)]
    [InlineData(1e-9, false)]
    public void ReadCsv_LearningRateOffTheSweep_ToleranceIsRelativeToTheLearningRate(double relative, bool accepted)
    {
        var i = 0;
        var result = new LrRangeTest(1e-5, 1, 10, RangeTestSweep.Exponential, RangeTestMetric.Loss, 0.5).Run(_ => Losses[i++]);
        var lr = result.Test.GetLearningRate(1);
        var text = ReplaceCell(Write(result), 5, 1, (lr * (1 + relative)).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        var read = () => LrRangeTestResult.ReadCsv(new StringReader(text));
        if (accepted)
        {
            read().Points.Should().HaveCount(10);
        }
        else
        {
            read.Should().Throw<FormatException>().WithMessage("*line 5: learning rate * does not follow the file's Exponential sweep*");
        }
    }

    // Accuracy 1000 then 1 at smoothing 0.5: the second smoothed value is (0.25 * 1000 + 0.5 * 1) / 0.75 = 334, so the
    // tolerance is 1e-12 of the larger of 334 and the metric 1: 3.34e-10. An error of 1e-10 is within it, 1e-9 is not.
    [Theory]
    [InlineData(1e-10, true)]
    [InlineData(1e-9, false)]
    public void ReadCsv_SmoothedMetricOff_ToleranceIsRelativeToTheLargerOfMetricAndAverage(double error, bool accepted)
    {
        var recorder = new LrRangeTest(0.1, 1, 10, RangeTestSweep.Linear, RangeTestMetric.Accuracy, 0.5).Start();
        recorder.Record(1000);
        recorder.Record(1);
        var result = recorder.GetResult();
        result.Points[1].SmoothedMetric.Should().BeApproximately(334, 1e-12);
        var text = ReplaceCell(Write(result), 5, 3, (334 + error).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        var read = () => LrRangeTestResult.ReadCsv(new StringReader(text));
        if (accepted)
        {
            read().Points.Should().HaveCount(2);
        }
        else
        {
            read.Should().Throw<FormatException>().WithMessage("*line 5: smoothed_metric * is not the moving average of the metric column*");
        }
    }

    [Fact]
    public void ReadCsv_AllMetricsZero_ExactValuesAccepted()
    {
        // Every metric and smoothed metric is 0, so the tolerance is 0: an exact match must still pass.
        var result = new LrRangeTest(0.1, 1, 10, RangeTestSweep.Linear, RangeTestMetric.Loss, 0.5).Run(_ => 0);
        var read = LrRangeTestResult.ReadCsv(new StringReader(Write(result)));
        read.Points.Should().Equal(result.Points);
        read.StopReason.Should().Be(RangeTestStopReason.Completed);
    }

    [Fact]
    public void ReadCsv_WindowsLineEnds_Accepted()
    {
        var result = LrRangeTestResult.ReadCsv(new StringReader(Valid().Replace("\n", "\r\n", StringComparison.Ordinal)));
        result.Points.Should().HaveCount(10);
    }

    [Fact]
    public void ReadCsv_NoFinalNewline_Accepted()
    {
        var result = LrRangeTestResult.ReadCsv(new StringReader(Valid().TrimEnd('\n')));
        result.Points.Should().HaveCount(10);
    }

    [Fact]
    public void ReadCsv_RowAfterDivergence_Throws()
    {
        var loss = 1.0;
        var diverged = new LrRangeTest(0.1, 1, 50, metric: RangeTestMetric.Loss, smoothing: 0).Run(_ => loss *= 1.6);
        diverged.StopReason.Should().Be(RangeTestStopReason.Diverged);
        diverged.Points.Should().HaveCount(4);
        var text = Write(diverged);
        LrRangeTestResult.ReadCsv(new StringReader(text)).Points.Should().Equal(diverged.Points);

        var lr = diverged.Test.GetLearningRate(4).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var extra = () => LrRangeTestResult.ReadCsv(new StringReader(text + "4," + lr + ",7,7\n"));
        extra.Should().Throw<FormatException>().WithMessage("*line 8: a row after the test ended (Diverged at iteration 3)*");

        var claimed = () => LrRangeTestResult.ReadCsv(new StringReader(text.Replace("stop=Diverged", "stop=Completed", StringComparison.Ordinal)));
        claimed.Should().Throw<FormatException>().WithMessage("*line 8: the file says stop=Completed but its rows end the test as Diverged after 4 rows*");
    }

    [Theory]
    [InlineData(RangeTestStopReason.NotFinite)]
    [InlineData(RangeTestStopReason.StoppedEarly)]
    public void ReadCsv_ShortFileThatSaysItStoppedForOtherReasons_Accepted(RangeTestStopReason stop)
    {
        var text = string.Join('\n', Lines(Valid())[..10]).Replace("stop=Completed", "stop=" + stop, StringComparison.Ordinal) + "\n";
        var result = LrRangeTestResult.ReadCsv(new StringReader(text));
        result.StopReason.Should().Be(stop);
        result.Points.Should().HaveCount(7);
    }

    [Fact]
    public void ReadCsv_EndlessLine_FailsAfterReadingAboutOneLineCap()
    {
        var reader = new EndlessReader(Lines(Valid())[0] + "\n" + Lines(Valid())[1] + "\n" + Lines(Valid())[2] + "\n", "1");
        var act = () => LrRangeTestResult.ReadCsv(reader);
        act.Should().Throw<FormatException>().WithMessage("*line 4: longer than 1024 characters*");
        reader.CharactersRead.Should().BeLessThan(10_000, "the reader stops at the line cap, not at the end of a 200 MB line");
    }

    [Fact]
    public void ReadCsv_EndlessBlankLines_FailsAtTheFirst()
    {
        var reader = new EndlessReader(string.Join('\n', Lines(Valid())[..3]) + "\n", "\n");
        var act = () => LrRangeTestResult.ReadCsv(reader);
        act.Should().Throw<FormatException>().WithMessage("*line 4: expected 'iteration*");
        reader.CharactersRead.Should().BeLessThan(10_000);
    }

    [Fact]
    public void ReadCsv_EndlessRows_StopsAtTheDeclaredIterations()
    {
        // Rows repeat the last valid row forever: the reader stops at row iterations + 1 (line 14).
        var reader = new EndlessReader(Valid(), "10,1,0.37,0.37\n");
        var act = () => LrRangeTestResult.ReadCsv(reader);
        act.Should().Throw<FormatException>().WithMessage("*line 14: a row after the test ended*");
        reader.CharactersRead.Should().BeLessThan(10_000);
    }

    /// <summary>A text of a fixed start followed by a pattern repeated forever, counting what was read.</summary>
    private sealed class EndlessReader(string start, string repeat) : TextReader
    {
        public long CharactersRead { get; private set; }

        public override int Read(char[] buffer, int index, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var n = CharactersRead++;
                buffer[index + i] = n < start.Length ? start[(int)n] : repeat[(int)((n - start.Length) % repeat.Length)];
            }

            return count;
        }

        public override int Read(Span<char> buffer)
        {
            var array = new char[buffer.Length];
            var n = Read(array, 0, array.Length);
            array.AsSpan(0, n).CopyTo(buffer);
            return n;
        }

        public override int Read() => throw new NotSupportedException("read in blocks");

        public override string? ReadLine() => throw new NotSupportedException("the reader must not trust line lengths");
    }
}
