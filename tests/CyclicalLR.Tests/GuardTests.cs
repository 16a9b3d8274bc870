namespace CyclicalLR.Tests;

/// <summary>The shared argument checks: what each says, with the parameter and the value named (invariant culture).</summary>
public sealed class GuardTests
{
    [Fact]
    public void EachCheck_SaysWhatTheValueMustBe()
    {
        Message(() => Guard.Finite(double.NaN, "x")).Should().Contain("must be a finite number.");
        Message(() => Guard.FiniteFraction(1.5, "x")).Should().Contain("must be a finite number between 0 and 1.");
        Message(() => Guard.DecayFactor(0, "x")).Should().Contain("must be in the range (0, 1].");
        Message(() => Guard.FinitePositive(-1, "x")).Should().Contain("must be a finite number greater than 0.");
        Message(() => Guard.Iteration(-1)).Should().Contain("must be at least 0 (iteration 0 is the first batch).");
    }

    [Fact]
    public void UndefinedEnum_ListsTheNames()
    {
        var act = () => Guard.Defined((AnnealStrategy)7, "scaleMode");

        var exception = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        exception.ParamName.Should().Be("scaleMode");
        exception.Message.Should().Contain("must be one of " + string.Join(", ", Enum.GetNames<AnnealStrategy>()) + ". It was 7.");
    }

    [Fact]
    public void Values_AreFormattedRoundTrip_InTheInvariantCulture()
    {
        string InComma(Action act) => TestValues.WithCulture(TestValues.CommaDecimalCulture(), () => Message(act));

        InComma(() => Guard.Finite(double.PositiveInfinity, "x")).Should().Contain("x must be a finite number. It was Infinity.");
        InComma(() => Guard.FiniteNonNegative(-0.1f, "x")).Should().Contain("It was -0.1.");
        InComma(() => Guard.FiniteNonNegative(-0.30000000000000004, "x")).Should().Contain("It was -0.30000000000000004.");
        InComma(() => Guard.FiniteNonNegative(-1e-300, "x")).Should().Contain("It was -1E-300.");
        InComma(() => Guard.Positive(0L, "x")).Should().Contain("It was 0.");
        InComma(() => Guard.ThrowOutOfRange("x", 1234.5m, "must be y.")).Should().Contain("x must be y. It was 1234.5.");
    }

    [Fact]
    public void NonFormattableValues_UseTheirToString()
    {
        Message(() => Guard.ThrowOutOfRange("x", new Named("custom"), "must be y.")).Should().Contain("x must be y. It was custom.");
        Message(() => Guard.ThrowOutOfRange("x", new Named(null), "must be y.")).Should().Contain("x must be y. It was .");
    }

    private static string Message(Action act)
    {
        var exception = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        exception.ParamName.Should().NotBeNull();
        return exception.Message;
    }

    private sealed class Named(string? text)
    {
        public override string? ToString() => text;
    }
}
