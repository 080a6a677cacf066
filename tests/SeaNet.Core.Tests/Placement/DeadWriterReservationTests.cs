using System.Diagnostics;
using SeaNet.Core.Interop;
using SeaNet.Core.Placement;
using SeaNet.Tests.Channel;
using Xunit;

namespace SeaNet.Tests.Placement;

/// <summary>A writer killed before it closes never sends CLOSED_WRITE; its reservation must not leak.</summary>
public sealed class DeadWriterReservationTests : IDisposable
{
    private readonly TestChannel channel = new();

    public void Dispose() => channel.Dispose();

    private static int PidOfAnExitedProcess()
    {
        using Process p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit(); // reaped: the pid no longer exists
        return p.Id;
    }

    [Fact]
    public void The_reservation_of_a_writer_that_exited_is_released()
    {
        var a = new CapacityAccounting(channel.Config.Tiers, 1000);
        int dead = PidOfAnExitedProcess();
        a.Reserve(channel.V("orphan"), 0, dead);
        a.Reserve(channel.V("alive"), 0, Environment.ProcessId);

        Assert.Equal(1, a.ReleaseDeadWriters(ProcessProbe.IsAlive));

        Assert.Equal((1, 1000L), (a.ReservationCount, a.Tiers[0].Reserved));
        Assert.False(a.Release(channel.V("orphan")));
        Assert.True(a.Release(channel.V("alive")));
    }

    [Fact]
    public void A_live_writer_keeps_its_reservation()
    {
        using Process sleeper = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            var a = new CapacityAccounting(channel.Config.Tiers, 1000);
            a.Reserve(channel.V("busy"), 1, sleeper.Id);
            Assert.Equal(0, a.ReleaseDeadWriters(ProcessProbe.IsAlive));
            Assert.Equal(1000, a.Tiers[1].Reserved);

            sleeper.Kill();
            sleeper.WaitForExit();
            Assert.Equal(1, a.ReleaseDeadWriters(ProcessProbe.IsAlive));
            Assert.Equal(0, a.Tiers[1].Reserved);
        }
        finally
        {
            if (!sleeper.HasExited)
            {
                sleeper.Kill();
            }
        }
    }

    [Fact]
    public void Each_pid_is_probed_once_per_pass()
    {
        var a = new CapacityAccounting(channel.Config.Tiers, 10);
        for (int i = 0; i < 50; i++)
        {
            a.Reserve(channel.V($"f{i}"), 0, 777_777);
        }

        int probes = 0;
        Assert.Equal(50, a.ReleaseDeadWriters(_ => { probes++; return false; }));
        Assert.Equal(1, probes);
    }

    [Fact]
    public void Non_positive_pids_are_never_alive()
    {
        // kill(0, 0) and kill(-1, 0) address process groups and always "succeed".
        Assert.False(ProcessProbe.IsAlive(0));
        Assert.False(ProcessProbe.IsAlive(-1));
        Assert.True(ProcessProbe.IsAlive(Environment.ProcessId));
    }
}
