namespace CyclicalLR.Demo;

/// <summary>
/// The report's destination (<c>--out</c>), checked before any training: the report is written into a staging
/// folder beside it and moved into place by <see cref="Commit"/> only when complete, replacing a previous report
/// whole. Disposing without <see cref="Commit"/> (a failed run or write) deletes the staging folder and leaves the
/// destination as it was.
/// </summary>
/// <remarks>
/// The destination must be new, empty, or a previous report (it holds <see cref="ReportWriter.ReportFileName"/>): the
/// whole folder is replaced, so it must not be another folder, the current folder, or one holding the data.
/// </remarks>
internal sealed class ReportFolder : IDisposable
{
    private readonly string? _createdRoot;
    private bool _committed;

    private ReportFolder(string target, string staging, string? createdRoot)
    {
        Target = target;
        Staging = staging;
        _createdRoot = createdRoot;
    }

    /// <summary>Gets the full path of the destination.</summary>
    public string Target { get; }

    /// <summary>Gets the full path of the staging folder the report is written to.</summary>
    public string Staging { get; }

    /// <summary>Checks the destination and creates the staging folder beside it (and any missing parent folders).</summary>
    /// <param name="target">The <c>--out</c> folder.</param>
    /// <param name="dataDirectory">The <c>--data</c> folder, which the destination must not hold, or <see langword="null"/>.</param>
    /// <exception cref="OptionException">The destination cannot be written or must not be replaced.</exception>
    public static ReportFolder Prepare(string target, string? dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(target);
        string full;
        try
        {
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or IOException)
        {
            throw Problem(target, $"is not a valid path ({ex.Message})", ex);
        }

        var parent = Path.GetDirectoryName(full);
        if (parent is null)
        {
            throw Problem(target, "is a root folder; give a folder inside it");
        }

        if (File.Exists(full))
        {
            throw Problem(target, "is a file; give a folder");
        }

        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !File.Exists(Path.Combine(full, ReportWriter.ReportFileName)))
        {
            throw Problem(target, $"is a folder that is neither empty nor a previous report (no {ReportWriter.ReportFileName}); the demo replaces the whole folder, so give a new or empty one");
        }

        if (Holds(full, Environment.CurrentDirectory))
        {
            throw Problem(target, "is or holds the current folder, which the demo would replace; give a folder inside it");
        }

        if (dataDirectory is not null && Holds(full, Path.GetFullPath(dataDirectory)))
        {
            throw Problem(target, "is or holds the --data folder, which the demo would replace; give another folder");
        }

        var createdRoot = FirstMissing(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(full)}.partial-{Guid.NewGuid():N}");
        var folder = new ReportFolder(full, staging, createdRoot);
        try
        {
            Directory.CreateDirectory(staging);
            var probe = Path.Combine(staging, ".write-check");
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            folder.Dispose();
            throw Problem(target, $"cannot be written: creating a folder beside it in {parent} failed ({ex.Message}); give a writable folder", ex);
        }

        return folder;
    }

    /// <summary>Moves the complete report into place, replacing a previous report whole.</summary>
    /// <exception cref="IOException">A move failed; the destination is left as it was.</exception>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        if (Directory.Exists(Target))
        {
            var old = Path.Combine(Path.GetDirectoryName(Target)!, $".{Path.GetFileName(Target)}.old-{Guid.NewGuid():N}");
            Directory.Move(Target, old);
            try
            {
                Directory.Move(Staging, Target);
            }
            catch
            {
                Directory.Move(old, Target);
                throw;
            }

            _committed = true;
            TryDelete(old);
        }
        else
        {
            Directory.Move(Staging, Target);
            _committed = true;
        }
    }

    /// <summary>Without <see cref="Commit"/>: deletes the staging folder and the parent folders <see cref="Prepare"/> created, if empty.</summary>
    public void Dispose()
    {
        if (_committed)
        {
            return;
        }

        TryDelete(Staging);
        if (_createdRoot is null)
        {
            return;
        }

        // Walk up from the staging folder's parent to the first folder Prepare created; stop at one not empty.
        for (var dir = Path.GetDirectoryName(Staging); dir is not null && dir.Length >= _createdRoot.Length; dir = Path.GetDirectoryName(dir))
        {
            try
            {
                Directory.Delete(dir, recursive: false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    private static OptionException Problem(string target, string problem, Exception? inner = null) =>
        inner is null ? new($"--out '{target}' {problem}.") : new($"--out '{target}' {problem}.", inner);

    private static bool Holds(string folder, string path)
    {
        var a = Path.TrimEndingDirectorySeparator(folder);
        var b = Path.TrimEndingDirectorySeparator(path);
        return string.Equals(a, b, StringComparison.Ordinal) || b.StartsWith(a + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static string? FirstMissing(string folder)
    {
        string? missing = null;
        for (var dir = folder; dir is not null && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
        {
            missing = dir;
        }

        return missing;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a hidden leftover beside the destination, never a half-written report in it.
        }
    }
}
