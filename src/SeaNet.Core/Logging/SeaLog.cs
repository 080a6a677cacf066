using System.Globalization;
using System.Text;
using SeaNet.Core.Configuration;
using SeaNet.Core.Interop;

namespace SeaNet.Core.Logging;

/// <summary>
/// The daemon's and the launcher's log: one line per event,
/// <c>2025-01-31T12:00:00.123Z seanetd[4242] WARN message</c>, appended (O_APPEND, one write per line, so several
/// processes can share the file) to the configured <c>log_file</c> (created 0600) and, for errors, also to stderr. With no log file every line
/// at or above the level goes to stderr. A log file that cannot be opened is reported once on
/// stderr and logging continues on stderr: a daemon must not fail because of its log.
/// Threading: safe to call from any thread (one lock around each write).
/// </summary>
public sealed class SeaLog : IDisposable
{
    private readonly Lock gate = new();
    private readonly string tag;
    private AppendOnlyFile? file;

    public SeaLog(string program, LogLevel level, string? logFile)
    {
        tag = $"{program}[{ProcessProbe.ProcessId}]";
        Level = level;
        LogFile = logFile;
        if (!string.IsNullOrEmpty(logFile))
        {
            file = AppendOnlyFile.TryOpen(logFile, 0x180 /* 0600 */, out Errno errno);
            if (file is null)
            {
                Console.Error.WriteLine($"{tag}: cannot open log file {logFile}: {errno.Describe()}; logging to stderr");
                LogFile = null;
            }
        }
    }

    /// <summary>A logger for tests and tools: stderr only, errors only.</summary>
    public static SeaLog StderrErrors(string program) => new(program, LogLevel.Error, null);

    public LogLevel Level { get; }

    public string? LogFile { get; }

    public bool IsEnabled(LogLevel level) => level != LogLevel.None && level <= Level;

    public void Error(string message) => Write(LogLevel.Error, message);

    public void Warn(string message) => Write(LogLevel.Warning, message);

    public void Info(string message) => Write(LogLevel.Info, message);

    public void Debug(string message) => Write(LogLevel.Debug, message);

    public void Write(LogLevel level, string message)
    {
        bool toFile = file is not null && IsEnabled(level);
        bool toStderr = level == LogLevel.Error || (file is null && IsEnabled(level));
        if (!toFile && !toStderr)
        {
            return;
        }

        string line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {tag} {Name(level)} {message}");
        lock (gate)
        {
            if (toFile)
            {
                // Disk full or file gone: nothing to do about it here; errors still reach stderr below.
                file!.TryAppend(Encoding.UTF8.GetBytes(line + "\n"));
            }

            if (toStderr)
            {
                Console.Error.WriteLine(line);
            }
        }
    }

    private static string Name(LogLevel level) => level switch
    {
        LogLevel.Error => "ERROR",
        LogLevel.Warning => "WARN",
        LogLevel.Info => "INFO",
        _ => "DEBUG",
    };

    public void Dispose()
    {
        lock (gate)
        {
            file?.Dispose();
            file = null;
        }
    }
}
