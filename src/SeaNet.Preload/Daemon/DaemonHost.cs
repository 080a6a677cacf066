using System.Runtime.InteropServices;
using SeaNet.Core.Channel;
using SeaNet.Core.Configuration;
using SeaNet.Core.Interop;
using SeaNet.Core.Logging;
using SeaNet.Core.Namespace;
using SeaNet.Core.Placement;
using SeaNet.Flusher.Scheduling;
using SeaNet.Preload.Cli;
using SeaNet.Preload.Control;

namespace SeaNet.Preload.Daemon;

/// <summary>
/// <c>seanetd serve</c>: load the configuration, (re)initialise the channel region, rebuild the
/// namespace index from the cache tiers, say RUNNING, then loop: drain the ring, apply, publish
/// the tier table, heartbeat; sleep on the futex when idle. SIGTERM/SIGINT → STOPPING, exit 0.
/// <para>
/// Threading: everything runs on the main thread except the signal handlers, which only set
/// <see cref="stopRequested"/> and wake the futex.
/// </para>
/// </summary>
internal sealed partial class DaemonHost : IDisposable
{
    /// <summary>Idle wait per iteration: 200 ms, so the heartbeat is refreshed well within the
    /// 250 ms the header promises, yet an idle daemon wakes only 5 times a second (≈0 CPU).</summary>
    public const int IdleWaitMs = 200;

    /// <summary>Messages applied before the loop does its housekeeping (heartbeat, accounting
    /// publication): a flood of notifications must not starve the heartbeat.</summary>
    public const int BatchLimit = 4096;

    /// <summary>After a batch, poll this many 1 ms ticks before sleeping on the futex: 20 ms
    /// covers the gaps of a busy application (each costs the daemon one nanosleep), and an idle
    /// daemon still sleeps, so its CPU use stays near zero.</summary>
    public const int BusyPolls = 20;

    /// <summary>At most one resync with the tiers per 5 s after lost notifications: a walk of a
    /// large cache tier costs real time, and a storm that overflows the ring once tends to do
    /// it again until it ends.</summary>
    public const ulong ResyncIntervalNs = 5_000_000_000;

    private unsafe ulong DroppedSoFar() => Volatile.Read(ref region.Header->Dropped);

    private const ulong Second = 1_000_000_000;

    private readonly DaemonOptions options;
    private readonly SeaConfig config;
    private readonly SeaLog log;
    private readonly SharedRegion region;
    private readonly NamespaceIndex index;
    private readonly CapacityAccounting accounting;
    private readonly NotificationRing ring;
    private readonly NotificationApplier applier;
    private readonly System.Collections.Concurrent.ConcurrentQueue<ControlRequest> controlRequests = new();
    private FlushScheduler? scheduler;
    private ControlServer? control;
    private volatile bool stopRequested;
    private bool launcherGone;

    private DaemonHost(DaemonOptions options, SeaConfig config, SeaLog log, SharedRegion region)
    {
        this.options = options;
        this.config = config;
        this.log = log;
        this.region = region;
        unsafe
        {
            index = new NamespaceIndex(new IndexTable(region.Index, region.IndexSlots));
        }

        accounting = new CapacityAccounting(config.Tiers, config.MaxFileSize);
        inflightToRelease = new long[config.Tiers.Count];
        ring = new NotificationRing(region, config.MountDir);
        applier = new NotificationApplier(index, accounting, config.MountDir);
    }

    public static int Serve(string[] args)
    {
        DaemonOptions options = DaemonOptions.Parse(args);
        if (options.Error is not null)
        {
            Console.Error.WriteLine($"seanetd: {options.Error}\n{DaemonOptions.Usage}");
            return 2;
        }

        SeaConfig config;
        try
        {
            config = options.Config.Resolve(ConfigArguments.JobId(Environment.GetEnvironmentVariable("SLURM_JOB_ID"), ProcessProbe.ProcessId)).Load();
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"seanetd: {e.Message}");
            return 2;
        }

        using var log = new SeaLog("seanetd", config.LogLevel, config.LogFile);
        if (options.ParentPid != 0 && !ProcessProbe.TryLeaveForegroundGroup())
        {
            log.Warn("cannot leave the terminal's process group: Ctrl-C will reach the daemon too");
        }

        DaemonHost host;
        try
        {
            host = Open(options, config, log);
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            log.Error($"cannot set up the channel: {e.Message}");
            return 1;
        }

        int status;
        using (host)
        using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, host.OnStopSignal))
        using (PosixSignalRegistration.Create(PosixSignal.SIGINT, host.OnStopSignal))
        {
            status = host.Run();
        }

        if (host.launcherGone)
        {
            // The launcher would have removed the channel; it was killed, so nobody else will.
            try
            {
                File.Delete(options.Channel);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Warn($"cannot remove the channel {options.Channel}: {e.Message}");
            }
        }

        return status;
    }

    /// <summary>Creates or re-initialises the channel region (state STARTING). Throws <see cref="IOException"/>.</summary>
    internal static DaemonHost Open(DaemonOptions options, SeaConfig config, SeaLog log) =>
        new(options, config, log, SharedRegion.CreateOrReinitialise(options.Channel, RegionSpec.FromConfig(config)));

    /// <summary>Rebuilds, serves until asked to stop, then marks the region STOPPING. Returns the exit status.</summary>
    internal int Run()
    {
        unsafe
        {
            log.Info($"starting: channel {options.Channel} (generation {region.Header->Generation}), mount {config.MountDir}, config {config.Source}");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        int rebuilt = index.RebuildFromTiers(config.MountDir, config.CacheTiers.Select(t => t.Path).ToArray());
        accounting.Recount(index.Records);
        accounting.RefreshFileSystemsIfDue(MonotonicClock.NowNs(), busy: true);
        ReportFileSystemErrors();
        scheduler = new FlushScheduler(config, index, accounting, log, ring.WakeConsumer);
        scheduler.Start(MonotonicClock.NowNs());
        try
        {
            control = new ControlServer(options.Channel, controlRequests, ring.WakeConsumer, log);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            log.Error($"cannot open the control socket: {e.Message}; sea flush, sea drain and the final drain will not reach this daemon");
        }

        accounting.PublishTo(region);
        region.Beat();
        region.SetState(DaemonState.Running);
        log.Info($"running: {rebuilt} files found on {config.Tiers.Count - 1} cache tier(s) in {clock.ElapsedMilliseconds} ms");

        Loop();

        Drain(int.MaxValue);
        control?.Dispose();
        AnswerRemainingRequests();
        scheduler.Dispose();
        accounting.PublishTo(region);
        region.SetState(DaemonState.Stopping);
        region.Beat();
        log.Info($"stopping: {ring.Stats.Consumed} notifications applied, {ring.Stats.Rejected} rejected, {ring.Stats.Reclaimed} reclaimed");
        return 0;
    }

    private void OnStopSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        RequestStop();
    }

    /// <summary>Asks the loop to finish (from any thread): it drains what is published and returns.</summary>
    internal void RequestStop()
    {
        stopRequested = true;
        ring.WakeConsumer();
    }

    private void Loop()
    {
        ulong lastReapNs = MonotonicClock.NowNs();
        ulong lastResyncNs = 0;
        droppedSeen = DroppedSoFar();
        bool busy = false;
        int quietPolls = 0;
        while (!stopRequested)
        {
            int applied = Drain(BatchLimit);
            busy |= applied > 0;
            ulong now = MonotonicClock.NowNs();
            ServeControlRequests(now);
            scheduler!.Tick(now);

            if (accounting.ReservationCount > 0 && now - lastReapNs >= Second)
            {
                lastReapNs = now;
                var gone = new List<string>();
                int released = accounting.ReleaseDeadWriters(ProcessProbe.IsAlive, gone);
                if (released > 0)
                {
                    log.Debug($"released {released} reservation(s) of writers that exited without closing");
                }

                // as if each had closed it: measured again, and the flusher takes it from there
                foreach (string path in gone)
                {
                    if (index.TryGet(path, out FileRecord r))
                    {
                        ApplyOne(new Notification(NotificationOp.ClosedWrite, r.Tier, 0, -1, path, null));
                    }
                }
            }

            // Notifications lost to a full ring: once caught up, the tiers tell what was missed.
            ulong dropped = DroppedSoFar();
            if (dropped != droppedSeen && applied == 0 && now - lastResyncNs >= ResyncIntervalNs)
            {
                lastResyncNs = now;
                ResyncAfterLostNotifications(dropped);
            }

            if (accounting.RefreshFileSystemsIfDue(now, busy))
            {
                busy = false;
                ReportFileSystemErrors();
            }

            accounting.PublishTo(region);
            ReleaseInflightUnsynchronized();
            region.Beat();

            if (options.ParentPid != 0 && ProcessProbe.ParentProcessId != options.ParentPid)
            {
                log.Warn($"the launcher (pid {options.ParentPid}) is gone: stopping");
                launcherGone = true;
                break;
            }

            if (applied >= BatchLimit)
            {
                continue;
            }

            // While the application is busy, poll every millisecond instead of sleeping on
            // the futex: a producer only pays for a futex_wake when it finds us asleep, and
            // during a create storm that would be once per file.
            quietPolls = applied > 0 ? 0 : quietPolls + 1;
            if (quietPolls <= BusyPolls)
            {
                Thread.Sleep(1);
            }
            else
            {
                int wait = scheduler.MillisecondsUntilDue(MonotonicClock.NowNs(), IdleWaitMs);
                if (wait > 0 && controlRequests.IsEmpty)
                {
                    ring.WaitForMessages(wait);
                }
            }
        }
    }

    private ulong droppedSeen;

    /// <summary>Notifications were lost to a full ring: the cache tiers tell what was missed.</summary>
    private void ResyncAfterLostNotifications(ulong dropped)
    {
        droppedSeen = dropped;
        (int added, int updated, int gone) = index.ResyncWithTiers(config.MountDir, config.CacheTiers.Select(t => t.Path).ToArray());
        accounting.Recount(index.Records);
        scheduler?.Reconcile(MonotonicClock.NowNs()); // a rewrite of the same size is invisible to the index: compare with the persistent copies
        log.Warn($"{dropped} notification(s) lost to a full ring so far; resynced with the cache tiers: {added} added, {updated} updated, {gone} dropped");
    }

    public void Dispose() => region.Dispose();
}
