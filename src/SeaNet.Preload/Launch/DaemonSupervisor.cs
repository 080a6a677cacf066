using System.Diagnostics;
using SeaNet.Core.Channel;
using SeaNet.Core.Interop;
using SeaNet.Core.Logging;

namespace SeaNet.Preload.Launch;

/// <summary>
/// Starts <c>seanetd serve</c> as a child, waits until it is RUNNING on the channel, and restarts
/// it (at most <see cref="MaxRestarts"/> times) if it dies while the command runs: the new daemon
/// re-initialises the same region and rebuilds its index from the tiers, and meanwhile the shim
/// resolves paths by probing the tiers itself. The daemon's stdout and stderr are forwarded to
/// ours line by line; the last lines are kept to explain a daemon that fails to start.
/// <para>
/// Threading: <see cref="TryStart"/> and <see cref="Stop"/> from the launcher's main thread;
/// restarts run on the thread pool (Process.Exited); one lock serialises them with Stop.
/// </para>
/// </summary>
internal sealed class DaemonSupervisor : IDisposable
{
    public const int MaxRestarts = 5;

    private readonly string daemonPath;
    private readonly string channel;
    private readonly IReadOnlyList<string> arguments;
    private readonly SeaLog log;
    private readonly Lock gate = new();
    private readonly Queue<string> lastLines = new();
    private Process? daemon;
    private bool supervising;
    private bool stopping;

    public DaemonSupervisor(string daemonPath, string channel, IReadOnlyList<string> configArguments, SeaLog log)
    {
        this.daemonPath = daemonPath;
        this.channel = channel;
        arguments = ["serve", "--channel", channel, "--parent-pid", ProcessProbe.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), .. configArguments];
        this.log = log;
    }

    public int Restarts { get; private set; }

    /// <summary>Starts the daemon and waits (polling every 1 ms) until it says RUNNING.</summary>
    public bool TryStart(TimeSpan timeout, out string error)
    {
        Process? p;
        lock (gate)
        {
            if (!TryLaunchUnsynchronized(out p, out error))
            {
                return false;
            }
        }

        return WaitUntilRunning(p!, timeout, out error);
    }

    /// <summary>For the final drain: if the supervisor gave up on a daemon that kept dying (or
    /// could not restart it), start one more and wait until it runs.</summary>
    public bool EnsureRunning(TimeSpan timeout, out string error)
    {
        Process? p;
        lock (gate)
        {
            if (daemon is not null)
            {
                // running, or dead and about to be restarted by OnExited: not ours to start
                error = string.Empty;
                return true;
            }

            if (stopping)
            {
                error = "the daemon is being stopped";
                return false;
            }

            if (!TryLaunchUnsynchronized(out p, out error))
            {
                return false;
            }
        }

        log.Info("started seanetd again for the drain");
        return WaitUntilRunning(p!, timeout, out error);
    }

    /// <summary>From now on a daemon that dies is restarted.</summary>
    public void Supervise()
    {
        lock (gate)
        {
            supervising = true;
            if (daemon is { HasExited: true })
            {
                RestartUnsynchronized(daemon);
            }
        }
    }

    /// <summary>SIGTERM, up to <paramref name="grace"/> to exit, then SIGKILL.</summary>
    public void Stop(TimeSpan grace)
    {
        Process? p;
        lock (gate)
        {
            stopping = true;
            p = daemon;
        }

        if (p is null || p.HasExited)
        {
            return;
        }

        ProcessProbe.TrySignal(p.Id, Signals.SIGTERM);
        if (!p.WaitForExit(grace))
        {
            log.Warn($"seanetd (pid {p.Id}) did not stop within {grace.TotalSeconds:0} s of SIGTERM: killing it");
            ProcessProbe.TrySignal(p.Id, Signals.SIGKILL);
            p.WaitForExit(TimeSpan.FromSeconds(5));
        }

        p.WaitForExit(); // drain forwarded output
    }

    private bool TryLaunchUnsynchronized(out Process? started, out string error)
    {
        var psi = new ProcessStartInfo(daemonPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        // The user's preload libraries are meant for the command, not for SeaNet's own daemon: a
        // tracer would count the flusher's copies as the job's I/O, fakeroot would fake the
        // ownership the flusher reads and sets on the persistent tier.
        psi.Environment.Remove("LD_PRELOAD");

        started = null;
        try
        {
            var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
            p.OutputDataReceived += (_, e) => Forward(e.Data);
            p.ErrorDataReceived += (_, e) => Forward(e.Data);
            p.Exited += (_, _) => OnExited(p);
            p.Start();
            p.StandardInput.Close();
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            daemon = p;
            started = p;
            error = string.Empty;
            return true;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            error = $"cannot start {daemonPath}: {e.Message}";
            return false;
        }
    }

    private unsafe bool WaitUntilRunning(Process p, TimeSpan timeout, out string error)
    {
        var clock = Stopwatch.StartNew();
        SharedRegion? region = null;
        try
        {
            while (clock.Elapsed < timeout)
            {
                if (region is null)
                {
                    SharedRegion.TryOpenReadOnly(channel, out region, out _);
                }

                if (region is not null && Volatile.Read(ref region.Header->DaemonPid) == p.Id && region.State == DaemonState.Running)
                {
                    error = string.Empty;
                    return true;
                }

                if (p.HasExited)
                {
                    p.WaitForExit();
                    error = $"seanetd exited with status {p.ExitCode} before it was ready{Tail()}";
                    return false;
                }

                Thread.Sleep(1);
            }

            error = $"seanetd did not become ready within {timeout.TotalSeconds:0} s{Tail()}";
            ProcessProbe.TrySignal(p.Id, Signals.SIGKILL);
            return false;
        }
        finally
        {
            region?.Dispose();
        }
    }

    private void OnExited(Process p)
    {
        lock (gate)
        {
            if (!supervising || stopping || !ReferenceEquals(p, daemon))
            {
                return;
            }

            RestartUnsynchronized(p);
        }
    }

    private void RestartUnsynchronized(Process dead)
    {
        int status = dead.ExitCode;
        if (Restarts >= MaxRestarts)
        {
            log.Error($"seanetd died again (status {status}) after {Restarts} restarts: carrying on without it; the command still runs, SeaNet resolves paths by probing the tiers");
            daemon = null;
            return;
        }

        Restarts++;
        log.Warn($"seanetd (pid {dead.Id}) died with status {status}: restarting it ({Restarts}/{MaxRestarts}); it rebuilds its index from the tiers");
        if (!TryLaunchUnsynchronized(out _, out string error))
        {
            log.Error(error);
            daemon = null;
        }
    }

    private void Forward(string? line)
    {
        if (line is null)
        {
            return;
        }

        Console.Error.WriteLine(line);
        lock (lastLines)
        {
            lastLines.Enqueue(line);
            if (lastLines.Count > 20)
            {
                lastLines.Dequeue();
            }
        }
    }

    private string Tail()
    {
        lock (lastLines)
        {
            return lastLines.Count == 0 ? " (it printed nothing)" : ":\n  " + string.Join("\n  ", lastLines);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            daemon?.Dispose();
            daemon = null;
        }
    }
}
