using System.Diagnostics;
using System.Globalization;

namespace SeaNet.Flusher.Packing;

/// <summary>Progress of a long pack or unpack for its user: a line at most once a second
/// ("sea pack: 12,000/100,000 files, 48/400 MiB"), and one at the end. Single-threaded.</summary>
internal sealed class ProgressMeter(string verb, int files, long bytes, Action<string>? report)
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private long lastReportMs;
    private int doneFiles;
    private long doneBytes;

    public void Add(long size)
    {
        doneFiles++;
        doneBytes += size;
        if (report is not null && clock.ElapsedMilliseconds - lastReportMs >= 1000)
        {
            lastReportMs = clock.ElapsedMilliseconds;
            report(Line());
        }
    }

    public void Done() => report?.Invoke(Line() + string.Create(CultureInfo.InvariantCulture, $" in {clock.Elapsed.TotalSeconds:0.00} s"));

    private string Line() => string.Create(
        CultureInfo.InvariantCulture,
        $"{verb} {doneFiles:N0}/{files:N0} files, {doneBytes / 1048576.0:0.0}/{bytes / 1048576.0:0.0} MiB");
}
