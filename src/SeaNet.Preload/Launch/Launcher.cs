using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using SeaNet.Core.Configuration;
using SeaNet.Core.Interop;
using SeaNet.Core.Logging;
using SeaNet.Preload.Cli;

namespace SeaNet.Preload.Launch;

/// <summary>
/// <c>sea_launch</c>: load the configuration, prepare the tiers, start the daemon on a fresh
/// channel, run the command with the shim preloaded, forward SIGINT/SIGTERM to it, supervise the
/// daemon, and when the command exits stop the daemon, remove the channel and exit with the
/// command's status.
/// </summary>
internal static class Launcher
{
    public static readonly TimeSpan DaemonStartTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DaemonStopGrace = TimeSpan.FromSeconds(5);

    public static int Run(string[] args)
    {
        LaunchArguments parsed = LaunchArguments.Parse(args);
        if (parsed.Help)
        {
            Console.Out.Write(LaunchArguments.Usage);
            return 0;
        }

        if (parsed.Error is not null)
        {
            Console.Error.WriteLine($"sea_launch: {parsed.Error}\n{LaunchArguments.Usage}");
            return 2;
        }

        int pid = ProcessProbe.ProcessId;
        string jobId = ConfigArguments.JobId(Environment.GetEnvironmentVariable("SLURM_JOB_ID"), pid);
        ConfigArguments resolved;
        SeaConfig config;
        IReadOnlyList<string> remarks;
        try
        {
            resolved = parsed.Config.Resolve(jobId);
            config = resolved.Load();
            remarks = TierPreparation.Prepare(config);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"sea_launch: {e.Message}");
            return 2;
        }

        using var log = new SeaLog("sea_launch", config.LogLevel, config.LogFile);
        foreach (string w in config.Warnings)
        {
            Console.Error.WriteLine($"sea_launch: warning: {w}");
            if (log.LogFile is not null)
            {
                log.Warn(w);
            }
        }

        foreach (string r in remarks)
        {
            log.Info(r);
        }

        string exe = Environment.ProcessPath ?? "/proc/self/exe";
        string prefix = LaunchEnvironment.InstallPrefix(exe);
        string shim = Path.Combine(prefix, LaunchEnvironment.ShimRelativePath);
        string daemonPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(exe))!, "seanetd");
        if (!File.Exists(shim))
        {
            log.Error($"the shim is missing: {shim} (build it with ./build.sh)");
            return 1;
        }

        string channel = LaunchEnvironment.ChannelPath(Environment.GetEnvironmentVariable("SEANET_SHM_DIR"), jobId, pid);
        using var supervisor = new DaemonSupervisor(daemonPath, channel, resolved.ToDaemonArguments().ToArray(), log);
        try
        {
            if (!supervisor.TryStart(DaemonStartTimeout, out string error))
            {
                log.Error(error);
                return 1;
            }

            log.Info($"seanetd ready on {channel}; running: {string.Join(' ', parsed.Command)}");
            int status = RunCommand(parsed, config, channel, shim, supervisor, log);
            return DrainAfter(status, config, channel, supervisor, log);
        }
        finally
        {
            supervisor.Stop(DaemonStopGrace);
            TryDelete(channel, log);
            if (config.Source == SeaConfigLoader.EmbeddedSource)
            {
                RemoveIfEmpty(config.Tiers[0].Path, log);
            }
        }
    }

    /// <summary>Exit status when the command's outputs could not all be persisted (EX_TEMPFAIL):
    /// they are left in the cache, listed on stderr.</summary>
    public const int NotPersistedStatus = 75;

    public static readonly TimeSpan DaemonReconnectTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The command is done (whatever its status): everything the flush list names goes to
    /// the persistent tier now, and sea_launch reports what could not. A daemon that dies meanwhile
    /// is restarted by the supervisor and asked again (a drain is idempotent). Ctrl-C or SIGTERM
    /// stops the waiting (not the daemon's work in flight) and reports the drain as incomplete.</summary>
    private static int DrainAfter(int status, SeaConfig config, string channel, DaemonSupervisor supervisor, SeaLog log)
    {
        bool interrupted = false;
        void Interrupt(PosixSignalContext ctx)
        {
            ctx.Cancel = true;
            interrupted = true;
        }

        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        Control.FlushOutcome? outcome = null;
        string error = string.Empty;
        for (int attempt = 0; attempt <= DaemonSupervisor.MaxRestarts && outcome is null && !interrupted; attempt++)
        {
            outcome = Control.FlushWait.Run(channel, ["drain"], "sea_launch: draining", () => interrupted, out error);
            if (outcome is null && !interrupted)
            {
                log.Warn($"drain: {error}; asking again once a daemon runs");
                if (!supervisor.EnsureRunning(DaemonStartTimeout, out string why))
                {
                    error = why;
                    break;
                }

                // a daemon that has just said RUNNING may still be opening its control socket
                var wait = Stopwatch.StartNew();
                while (wait.Elapsed < DaemonReconnectTimeout && !interrupted)
                {
                    using (var probe = Control.ControlClient.TryConnect(channel, out _))
                    {
                        if (probe is not null)
                        {
                            break;
                        }
                    }

                    Thread.Sleep(50);
                }
            }
        }

        if (outcome is null && config.FlushList.IsEmpty)
        {
            log.Warn($"no drain ({(interrupted ? "interrupted" : error)}); the flush list is empty, so nothing was to be persisted");
            return status;
        }

        if (outcome is null)
        {
            log.Error(interrupted
                ? "drain interrupted: files not yet persisted stay in the cache tiers (run sea_launch again on the same cache to flush them)"
                : $"drain failed: {error}; files not yet persisted stay in the cache tiers");
            return NotPersistedStatus;
        }

        Control.FlushWait.Report(Console.Error, "sea_launch", "drained", outcome, keptShown: 50);
        if (log.LogFile is not null)
        {
            log.Info($"drained in {outcome.Elapsed.TotalSeconds:0.00} s: {outcome.Persisted} persisted, {outcome.Failed.Count} failed, {outcome.Kept.Count} not in the flush list");
            foreach ((string path, string reason) in outcome.Failed)
            {
                log.Error($"NOT persisted, left in cache: {path}: {reason}");
            }
        }

        return outcome.Failed.Count == 0 ? status : NotPersistedStatus;
    }

    /// <summary>The embedded default's cache directory is ours (named after the job): gone when
    /// the job leaves nothing in it, kept (and said) when it holds files not yet persisted.</summary>
    private static void RemoveIfEmpty(string cacheDir, SeaLog log)
    {
        try
        {
            // directories the job made and SeaNet's hidden journal do not count; files do
            bool holdsFiles = Directory.Exists(cacheDir) && Directory
                .EnumerateFileSystemEntries(cacheDir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
                .Any(p => !Directory.Exists(p) && !Path.GetFileName(p).StartsWith(Core.Channel.ShmLayout.HiddenPrefix, StringComparison.Ordinal));
            if (holdsFiles)
            {
                log.Info($"kept {cacheDir}: it holds files that are not persisted");
                return;
            }

            if (Directory.Exists(cacheDir))
            {
                Directory.Delete(cacheDir, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warn($"cannot remove {cacheDir}: {e.Message}");
        }
    }

    private static int RunCommand(LaunchArguments parsed, SeaConfig config, string channel, string shim, DaemonSupervisor supervisor, SeaLog log)
    {
        string name = parsed.Command[0];
        string? pathVariable = Environment.GetEnvironmentVariable("PATH");
        bool viaShim = MountedCommand.NeedsShim(name, pathVariable, config.MountDir);
        int notRunnable = 0;
        string? program = viaShim ? MountedCommand.Shell : CommandResolver.Resolve(name, pathVariable, out notRunnable);
        if (program is null)
        {
            log.Error($"{name}: {(notRunnable == 127 ? "command not found" : "permission denied")}");
            return notRunnable;
        }

        // said once, before the command runs, and never a reason not to run it
        string? file = viaShim ? MountedCommand.ProgramFile(name, pathVariable, config) : program;
        string? unintercepted = file is null ? null : ProgramInspector.Warning(file, config.MountDir, pathVariable, shownAs: viaShim ? name : null);
        if (unintercepted is not null)
        {
            Console.Error.WriteLine(unintercepted);
            if (log.LogFile is not null)
            {
                log.Warn(unintercepted);
            }
        }

        var psi = new ProcessStartInfo(program) { UseShellExecute = false };
        if (viaShim)
        {
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(MountedCommand.ExecScript);
            psi.ArgumentList.Add(name);
        }

        foreach (string a in parsed.Command.Skip(1))
        {
            psi.ArgumentList.Add(a);
        }

        foreach ((string k, string v) in LaunchEnvironment.ForCommand(config, channel, shim, Environment.GetEnvironmentVariable("LD_PRELOAD")))
        {
            psi.Environment[k] = v;
        }

        Process command;
        try
        {
            command = Process.Start(psi)!;
        }
        catch (Win32Exception e)
        {
            bool missing = e.NativeErrorCode == (int)Errno.ENOENT;
            log.Error($"{parsed.Command[0]}: {(missing ? "command not found" : e.Message)}");
            return missing ? 127 : 126;
        }

        using (command)
        using (Forward(PosixSignal.SIGTERM, command))
        using (Forward(PosixSignal.SIGINT, command))
        {
            supervisor.Supervise();
            command.WaitForExit();
            int status = command.ExitCode; // .NET reports death by signal N as 128 + N
            log.Info($"command exited with status {status}" + (supervisor.Restarts > 0 ? $" (seanetd was restarted {supervisor.Restarts} times)" : string.Empty));
            return status;
        }
    }

    /// <summary>Relays a signal to the command. SIGINT is not relayed while we are in the terminal's
    /// foreground group: Ctrl-C already reached the command, and a second SIGINT would hit it again
    /// in the middle of handling the first.</summary>
    private static PosixSignalRegistration Forward(PosixSignal signal, Process command) =>
        PosixSignalRegistration.Create(signal, ctx =>
        {
            ctx.Cancel = true;
            if (signal == PosixSignal.SIGINT && ProcessProbe.IsInTerminalForeground())
            {
                return;
            }

            ProcessProbe.TrySignal(command.Id, signal == PosixSignal.SIGINT ? Signals.SIGINT : Signals.SIGTERM);
        });

    private static void TryDelete(string channel, SeaLog log)
    {
        try
        {
            File.Delete(channel);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warn($"cannot remove the channel {channel}: {e.Message}");
        }
    }
}
