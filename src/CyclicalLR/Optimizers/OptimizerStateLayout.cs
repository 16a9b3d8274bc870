using System.Globalization;

namespace CyclicalLR;

/// <summary>
/// What an optimizer's state must match to be loaded into it: the optimizer kind, its settings, its groups' settings and
/// buffer counts, every registered buffer's length, and how many state arrays each buffer carries.
/// </summary>
/// <remarks>
/// Built by the optimizer from its live configuration (for example <see cref="SgdOptimizer{T}"/>: one state array,
/// <c>momentum</c>, per buffer when it has momentum; Adam: <c>m</c>, <c>v</c> and, with AMSGrad, <c>max_v</c>). The
/// format writes it and, on load, compares the file's copy with the target's field by field before anything changes.
/// </remarks>
internal sealed class OptimizerStateLayout
{
    /// <summary>Initializes a new instance of the <see cref="OptimizerStateLayout"/> class.</summary>
    /// <param name="kind">The optimizer's code in the format (<see cref="OptimizerStateFormat.SgdKind"/>, ...).</param>
    /// <param name="optimizerName">The optimizer's name, for messages (for example <c>SgdOptimizer</c>).</param>
    /// <param name="settingNames">The names of the optimizer-wide settings, in file order.</param>
    /// <param name="settings">The optimizer-wide settings (booleans as 0 or 1).</param>
    /// <param name="groupSettingNames">The names of each group's settings, in file order.</param>
    /// <param name="groupSettings">Each group's settings, in group order.</param>
    /// <param name="groupBufferCounts">How many buffers each group holds; buffers are numbered group by group, in registration order.</param>
    /// <param name="bufferLengths">Each buffer's element count.</param>
    /// <param name="stateArrayNames">The names of the per-element state arrays each buffer carries, in file order (may be empty).</param>
    /// <param name="maxBufferSteps">The largest per-buffer step count the optimizer can hold (SGD: 1, a flag; Adam: unbounded).</param>
    public OptimizerStateLayout(
        byte kind,
        string optimizerName,
        string[] settingNames,
        double[] settings,
        string[] groupSettingNames,
        double[][] groupSettings,
        int[] groupBufferCounts,
        int[] bufferLengths,
        string[] stateArrayNames,
        long maxBufferSteps)
    {
        Kind = kind;
        OptimizerName = optimizerName;
        SettingNames = settingNames;
        Settings = settings;
        GroupSettingNames = groupSettingNames;
        GroupSettings = groupSettings;
        GroupBufferCounts = groupBufferCounts;
        BufferLengths = bufferLengths;
        StateArrayNames = stateArrayNames;
        MaxBufferSteps = maxBufferSteps;
    }

    /// <summary>Gets the optimizer's code in the format.</summary>
    public byte Kind { get; }

    /// <summary>Gets the optimizer's name, for messages.</summary>
    public string OptimizerName { get; }

    /// <summary>Gets the names of the optimizer-wide settings.</summary>
    public string[] SettingNames { get; }

    /// <summary>Gets the optimizer-wide settings.</summary>
    public double[] Settings { get; }

    /// <summary>Gets the names of each group's settings.</summary>
    public string[] GroupSettingNames { get; }

    /// <summary>Gets each group's settings.</summary>
    public double[][] GroupSettings { get; }

    /// <summary>Gets how many buffers each group holds.</summary>
    public int[] GroupBufferCounts { get; }

    /// <summary>Gets each buffer's element count.</summary>
    public int[] BufferLengths { get; }

    /// <summary>Gets the names of the state arrays each buffer carries.</summary>
    public string[] StateArrayNames { get; }

    /// <summary>Gets the largest per-buffer step count the optimizer can hold.</summary>
    public long MaxBufferSteps { get; }

    /// <summary>Gets the number of groups.</summary>
    public int GroupCount => GroupBufferCounts.Length;

    /// <summary>Gets the number of buffers.</summary>
    public int BufferCount => BufferLengths.Length;

    /// <summary>Gets the number of state arrays per buffer.</summary>
    public int StateArrayCount => StateArrayNames.Length;

    /// <summary>Names buffer <paramref name="buffer"/> with its group, for messages: <c>buffer 3 (group 1, buffer 0)</c>.</summary>
    /// <param name="buffer">The buffer's number over the whole optimizer, below <see cref="BufferCount"/>.</param>
    /// <returns>The buffer's description.</returns>
    public string DescribeBuffer(int buffer)
    {
        var group = 0;
        var first = 0;
        while (buffer >= first + GroupBufferCounts[group])
        {
            first += GroupBufferCounts[group];
            group++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"buffer {buffer} (group {group}, buffer {buffer - first})");
    }
}
