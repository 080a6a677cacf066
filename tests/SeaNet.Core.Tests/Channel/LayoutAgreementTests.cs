using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SeaNet.Core.Channel;
using SeaNet.Core.Namespace;
using Xunit;

namespace SeaNet.Tests.Channel;

/// <summary>Compiles tests/native/layout_dump.c against native/include/seanet_shm.h once and keeps its output.</summary>
public sealed class CLayoutDump
{
    public CLayoutDump()
    {
        string root = RepoRoot.Find();
        string exe = Path.Combine(Path.GetTempPath(), $"seanet-layout-dump-{Environment.ProcessId}");
        ExternalProgram.Output("gcc", ["-std=c11", "-Wall", "-Wextra", "-Werror", "-I", Path.Combine(root, "native/include"),
            Path.Combine(root, "tests/native/layout_dump.c"), "-o", exe]);
        try
        {
            Lines = ExternalProgram.Output(exe, []).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToArray();
        }
        finally
        {
            File.Delete(exe);
        }
    }

    public string[][] Lines { get; }

    public IEnumerable<string[]> Kind(string kind) => Lines.Where(l => l[0] == kind);

}

/// <summary>The C and C# views of every shared-memory structure are identical: sizes, every field's
/// offset, size and type, every constant, and the path hash.</summary>
public sealed class LayoutAgreementTests(CLayoutDump c) : IClassFixture<CLayoutDump>
{
    private static readonly Dictionary<string, Type> Structs = new()
    {
        ["seanet_tier"] = typeof(SeanetTier),
        ["seanet_header"] = typeof(SeanetHeader),
        ["seanet_msg"] = typeof(SeanetMsg),
        ["seanet_index_entry"] = typeof(SeanetIndexEntry),
    };

    private static readonly Dictionary<string, ulong> Constants = new()
    {
        ["SEANET_SHM_MAGIC"] = ShmLayout.Magic,
        ["SEANET_SHM_VERSION"] = ShmLayout.Version,
        ["SEANET_MAX_TIERS"] = ShmLayout.MaxTiers,
        ["SEANET_ROOT_MAX"] = ShmLayout.RootMax,
        ["SEANET_RING_SLOTS"] = ShmLayout.RingSlots,
        ["SEANET_MSG_PATH_MAX"] = ShmLayout.MsgPathMax,
        ["SEANET_INDEX_SLOTS_DEFAULT"] = ShmLayout.IndexSlotsDefault,
        ["SEANET_INDEX_SLOTS_MIN"] = ShmLayout.IndexSlotsMin,
        ["SEANET_DAEMON_STARTING"] = (ulong)DaemonState.Starting,
        ["SEANET_DAEMON_RUNNING"] = (ulong)DaemonState.Running,
        ["SEANET_DAEMON_STOPPING"] = (ulong)DaemonState.Stopping,
        ["SEANET_TIER_PERSISTENT"] = (ulong)TierFlags.Persistent,
        ["SEANET_OP_CREATED"] = (ulong)NotificationOp.Created,
        ["SEANET_OP_CLOSED_WRITE"] = (ulong)NotificationOp.ClosedWrite,
        ["SEANET_OP_REMOVED"] = (ulong)NotificationOp.Removed,
        ["SEANET_OP_RENAMED"] = (ulong)NotificationOp.Renamed,
        ["SEANET_OP_MKDIR"] = (ulong)NotificationOp.Mkdir,
        ["SEANET_OP_RMDIR"] = (ulong)NotificationOp.Rmdir,
        ["SEANET_OP_TRUNCATED"] = (ulong)NotificationOp.Truncated,
        ["SEANET_OP_OPENED_WRITE"] = (ulong)NotificationOp.OpenedWrite,
        ["SEANET_OP_EXCHANGED"] = (ulong)NotificationOp.Exchanged,
        ["SEANET_STATE_EMPTY"] = (ulong)IndexState.Empty,
        ["SEANET_STATE_DIRTY"] = (ulong)IndexState.Dirty,
        ["SEANET_STATE_CLEAN"] = (ulong)IndexState.Clean,
        ["SEANET_STATE_STALE"] = (ulong)IndexState.Stale,
        ["SEANET_STATE_TOMBSTONE"] = (ulong)IndexState.Tombstone,
        ["SEANET_MSG_SIZE"] = ShmLayout.MsgSize,
        ["SEANET_TIERS_OFFSET"] = ShmLayout.TiersOffset,
        ["SEANET_RING_OFFSET"] = ShmLayout.RingOffset,
        ["SEANET_INDEX_OFFSET"] = ShmLayout.IndexOffset,
        ["SEANET_REGION_SIZE(1024)"] = ShmLayout.RegionSize(1024),
        ["SEANET_REGION_SIZE(SEANET_INDEX_SLOTS_DEFAULT)"] = ShmLayout.RegionSize(ShmLayout.IndexSlotsDefault),
    };

    [Fact]
    public void Every_struct_has_the_same_size()
    {
        string[][] sizes = c.Kind("sizeof").ToArray();
        Assert.Equal(Structs.Keys.Order(), sizes.Select(l => l[1]).Order());
        foreach (string[] l in sizes)
        {
            Type t = Structs[l[1]];
            Assert.True(ulong.Parse(l[2], CultureInfo.InvariantCulture) == (ulong)SizeOf(t), $"sizeof {l[1]}: C {l[2]}, C# {SizeOf(t)}");
            Assert.Equal(SizeOf(t), Marshal.SizeOf(t));
        }
    }

    [Fact]
    public void Every_field_has_the_same_offset_size_and_type()
    {
        var seen = new HashSet<FieldInfo>();
        foreach (string[] l in c.Kind("field"))
        {
            string[] name = l[1].Split('.');
            Type t = Structs[name[0]];
            FieldInfo? f = t.GetField(Pascal(name[1]));
            Assert.True(f is not null, $"{l[1]} has no C# field {t.Name}.{Pascal(name[1])}");
            seen.Add(f);

            string where = $"{l[1]} (C# {t.Name}.{f.Name})";
            Assert.True(Marshal.OffsetOf(t, f.Name).ToInt64().ToString(CultureInfo.InvariantCulture) == l[2],
                $"{where}: C offset {l[2]}, C# {Marshal.OffsetOf(t, f.Name)}");
            (int size, string type) = Describe(f);
            Assert.True(size.ToString(CultureInfo.InvariantCulture) == l[3], $"{where}: C size {l[3]}, C# {size}");
            Assert.True(type == l[4], $"{where}: C type {l[4]}, C# {type}");
        }

        var unmatched = Structs.Values
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
            .Where(f => !seen.Contains(f))
            .Select(f => $"{f.DeclaringType!.Name}.{f.Name}")
            .ToList();
        Assert.True(unmatched.Count == 0, "C# fields with no C counterpart: " + string.Join(", ", unmatched));
    }

    [Fact]
    public void Every_constant_has_the_same_value()
    {
        string[][] constants = c.Kind("const").ToArray();
        Assert.NotEmpty(constants);
        foreach (string[] l in constants)
        {
            string name = string.Join(' ', l[1..^1]);
            Assert.True(Constants.TryGetValue(name, out ulong mine), $"C constant {name} has no C# counterpart in this test's table");
            Assert.True(mine.ToString(CultureInfo.InvariantCulture) == l[^1], $"{name}: C {l[^1]}, C# {mine}");
        }

        Assert.Equal(Constants.Count, constants.Length);
    }

    [Fact]
    public void The_hidden_name_prefix_is_the_same()
    {
        string[][] strings = c.Kind("string").ToArray();
        Assert.Single(strings);
        Assert.Equal("SEANET_HIDDEN_PREFIX", strings[0][1]);
        Assert.Equal(ShmLayout.HiddenPrefix, strings[0][2]);
    }

    [Fact]
    public void The_path_hash_is_the_same_function()
    {
        string[][] vectors = c.Kind("hash").ToArray();
        Assert.True(vectors.Length >= 5);
        foreach (string[] l in vectors)
        {
            byte[] input = l[1] == "-" ? [] : Convert.FromHexString(l[1]);
            Assert.Equal(l[2], PathHash.Of(input).ToString(CultureInfo.InvariantCulture));
            if (System.Text.Encoding.UTF8.GetString(input) is var s && System.Text.Encoding.UTF8.GetByteCount(s) == input.Length)
            {
                Assert.Equal(l[2], PathHash.Of(s).ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private static int SizeOf(Type t) => (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(t).Invoke(null, null)!;

    private static (int Size, string Type) Describe(FieldInfo f)
    {
        if (f.GetCustomAttribute<FixedBufferAttribute>() is { } fixedBuffer)
        {
            int size = Marshal.SizeOf(fixedBuffer.ElementType) * fixedBuffer.Length;
            return (size, fixedBuffer.ElementType == typeof(byte) ? "bytes[]" : Scalar(fixedBuffer.ElementType) + "[]");
        }

        return (Marshal.SizeOf(f.FieldType), Scalar(f.FieldType));
    }

    private static string Scalar(Type t) =>
        t == typeof(byte) ? "u8"
        : t == typeof(int) ? "i32"
        : t == typeof(uint) ? "u32"
        : t == typeof(long) ? "i64"
        : t == typeof(ulong) ? "u64"
        : t.Name;

    private static string Pascal(string snake) =>
        string.Concat(snake.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}

/// <summary>The repository root: the nearest ancestor of the test's base directory holding SeaNet.sln.</summary>
public static class RepoRoot
{
    public static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "SeaNet.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException($"no SeaNet.sln above {AppContext.BaseDirectory}");
    }
}
