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
            return RunCommand(parsed, config, channel, shim, supervisor, log);
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

    /// <summary>The embedded default's cache directory is ours (named after the job): gone when
    /// the job leaves nothing in it, kept (and said) when it holds files not yet persisted.</summary>
    private static void RemoveIfEmpty(string cacheDir, SeaLog log)
    {
        try
        {
            Directory.Delete(cacheDir, recursive: false);
        }
        catch (IOException) when (Directory.Exists(cacheDir))
        {
            log.Info($"kept {cacheDir}: it holds files not yet persisted (flushing arrives with issue #4)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warn($"cannot remove {cacheDir}: {e.Message}");
        }
    }

    private static int RunCommand(LaunchArguments parsed, SeaConfig config, string channel, string shim, DaemonSupervisor supervisor, SeaLog log)
    {
        string? program = CommandResolver.Resolve(parsed.Command[0], Environment.GetEnvironmentVariable("PATH"), out int notRunnable);
        if (program is null)
        {
            log.Error($"{parsed.Command[0]}: {(notRunnable == 127 ? "command not found" : "permission denied")}");
            return notRunnable;
        }

        var psi = new ProcessStartInfo(program) { UseShellExecute = false };
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
