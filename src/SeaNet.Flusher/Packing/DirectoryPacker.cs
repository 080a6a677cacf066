using System.Runtime.InteropServices;
using SeaNet.Core.Interop;
using SeaNet.Flusher.Scheduling;

namespace SeaNet.Flusher.Packing;

/// <summary>A file to pack, as it was when the plan was made.</summary>
public sealed record PlannedFile(string Name, uint Mode, long MtimeNs, long Size, ulong Ino)
{
    /// <summary>Is <paramref name="path"/> still this file: same inode, size and mtime?</summary>
    internal bool IsStill(string path) => NativeStat.TryLstat(path, out Libc.Statx st)
        && st.stx_ino == Ino && (long)st.stx_size == Size && st.stx_mtime.Nanoseconds == MtimeNs;
}

/// <summary>A directory of the tree (the root is <c>"."</c>), as it was when the plan was made.</summary>
public sealed record PlannedDirectory(string Name, uint Mode, long MtimeNs);

/// <summary>What <see cref="DirectoryPacker.Pack"/> will write: the files in archive order.</summary>
public sealed record PackPlan(string Root, PackRootKind Kind, IReadOnlyList<PlannedFile> Files, IReadOnlyList<PlannedDirectory> Directories)
{
    public long Bytes => Files.Sum(f => f.Size);
}

/// <summary>Input that cannot be packed (or unpacked) as given: the message says what and what to do.</summary>
public sealed class PackInputException(string message) : Exception(message);

/// <summary>
/// <c>sea pack DIR</c>, offline: turns a directory tree into one archive beside it, in SeaNet's
/// layout (<see cref="PackLayout"/>), then proves the archive holds the tree and only then removes
/// the originals. The steps, each complete before the next:
/// <list type="number">
/// <item><see cref="Plan"/>: walk the tree (lstat, nanosecond times), refusing what an archive of
/// plain files cannot hold faithfully (symbolic links, devices, fifos, sockets) and what shows a
/// write in progress (zarr's <c>KEY.&lt;hex&gt;.partial</c>, SeaNet's own <c>.seanet~</c> names).</item>
/// <item><see cref="Pack"/>: write the archive to a hidden temporary beside its final name, each
/// source checked unchanged after it was read, the manifest last; fsync; read it back
/// (<see cref="Verify"/>: every member's bytes against its CRC, the member list against the plan);
/// rename into place with RENAME_NOREPLACE (never over an existing file); fsync the directory. A
/// crash leaves the tree whole and at most a hidden temporary.</item>
/// <item><see cref="RemoveOriginals"/>: unlink each file still as planned (same inode, size and
/// mtime; a file changed since is kept and named), then the directories, deepest first.</item>
/// </list>
/// </summary>
public static class DirectoryPacker
{
    private const uint S_IFDIR = 0x4000;
    private const string PartialSuffix = ".partial";
    private const string HiddenPrefix = ".seanet~";

    /// <summary>The archive path <c>sea pack</c> uses for <paramref name="root"/>: the directory's
    /// name plus the kind's extension, beside it.</summary>
    public static string DefaultArchivePath(string root, PackRootKind kind) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + kind.Extension;

    public static PackPlan Plan(string root)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!NativeStat.TryLstat(full, out Libc.Statx rootSt))
        {
            throw new PackInputException($"{root}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        if ((rootSt.stx_mode & Libc.S_IFMT) != S_IFDIR)
        {
            throw new PackInputException($"{root}: not a directory (sea pack turns a directory into an archive)");
        }

        PackRootKind kind = PackLayout.Detect(full);
        var files = new Dictionary<string, PlannedFile>(StringComparer.Ordinal);
        var dirs = new List<PlannedDirectory> { new(".", rootSt.stx_mode & 0xFFFu, rootSt.stx_mtime.Nanoseconds) };
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        while (pending.Count > 0)
        {
            string rel = pending.Pop();
            string dir = rel.Length == 0 ? full : Path.Join(full, rel);
            foreach (string entry in Directory.EnumerateFileSystemEntries(dir))
            {
                string leaf = Path.GetFileName(entry);
                string name = rel.Length == 0 ? leaf : rel + "/" + leaf;
                if (!NativeStat.TryLstat(entry, out Libc.Statx st))
                {
                    throw new PackInputException($"{entry}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                }

                uint type = st.stx_mode & Libc.S_IFMT;
                if (leaf.Contains('\\', StringComparison.Ordinal))
                {
                    throw new PackInputException($"{entry}: a backslash in the name, which a ZIP member name cannot carry (readers take it for a separator); rename it, then pack again");
                }

                if (leaf.StartsWith(HiddenPrefix, StringComparison.Ordinal))
                {
                    throw new PackInputException($"{entry}: a SeaNet temporary (a flush or pack in progress, or one that died); let it finish, or remove it, then pack again");
                }

                if (type == S_IFDIR)
                {
                    dirs.Add(new PlannedDirectory(name, st.stx_mode & 0xFFFu, st.stx_mtime.Nanoseconds));
                    pending.Push(name);
                }
                else if (type == Libc.S_IFREG)
                {
                    if (leaf.EndsWith(PartialSuffix, StringComparison.Ordinal))
                    {
                        throw new PackInputException($"{entry}: a writer's temporary (zarr writes KEY.<hex>.partial, then renames it): a write is in progress or died; let it finish, or remove it, then pack again");
                    }

                    files[name] = new PlannedFile(name, st.stx_mode & 0xFFFu, st.stx_mtime.Nanoseconds, (long)st.stx_size, st.stx_ino);
                }
                else
                {
                    string what = type == Libc.S_IFLNK ? "a symbolic link" : "not a regular file or directory";
                    throw new PackInputException($"{entry}: {what}; an archive of this tree would not give it back as it is: replace it by what it points to, or move it out of the tree");
                }
            }
        }

        if (files.ContainsKey(PackLayout.ManifestName))
        {
            throw new PackInputException($"{Path.Join(full, PackLayout.ManifestName)}: the name of SeaNet's manifest; rename it");
        }

        List<PlannedFile> ordered = PackLayout.Order(files.Keys, kind.Zarr).Select(n => files[n]).ToList();
        return new PackPlan(full, kind, ordered, dirs);
    }

    /// <summary>Writes, verifies and publishes the archive for <paramref name="plan"/> at
    /// <paramref name="archive"/>, which must not exist. <paramref name="progress"/> gets a line at
    /// most once a second.</summary>
    /// <returns>The CRC-32 of each file, by name.</returns>
    public static Dictionary<string, uint> Pack(PackPlan plan, string archive, Action<string>? progress = null)
    {
        archive = Path.GetFullPath(archive);
        if (archive.StartsWith(plan.Root + "/", StringComparison.Ordinal))
        {
            throw new PackInputException($"{archive}: inside the tree being packed; give an archive path outside {plan.Root}");
        }

        if (NativeStat.TryLstat(archive, out _))
        {
            throw new PackInputException($"{archive}: exists; remove it or give another archive path (-o)");
        }

        string parent = Path.GetDirectoryName(archive)!;
        string temp = Path.Join(parent, $".{Path.GetFileName(archive)}.seanet~pack~{Environment.ProcessId}");
        var crcs = new Dictionary<string, uint>(plan.Files.Count, StringComparer.Ordinal);
        var meter = new ProgressMeter("packed", plan.Files.Count, plan.Bytes, progress);
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20))
            {
                using (var w = new ZipWriter(fs))
                {
                    foreach (PlannedFile f in plan.Files)
                    {
                        string source = Path.Join(plan.Root, f.Name);
                        using (SafeFd src = RangeStream.OpenRead(source))
                        {
                            crcs[f.Name] = w.Add(f.Name, new RangeStream(src.Value, 0, f.Size), f.Size, f.Mode, DateTime.UnixEpoch.AddTicks(f.MtimeNs / 100));
                        }

                        if (!f.IsStill(source))
                        {
                            throw new IOException($"{source}: changed while it was packed; nothing was removed, pack again when its writer is done");
                        }

                        meter.Add(f.Size);
                    }

                    var entries = plan.Directories.Select(d => new ManifestEntry(d.Name, true, d.Mode, d.MtimeNs, 0, 0))
                        .Concat(plan.Files.Select(f => new ManifestEntry(f.Name, false, f.Mode, f.MtimeNs, f.Size, crcs[f.Name])));
                    byte[] manifest = PackManifest.Write(entries);
                    w.Add(PackLayout.ManifestName, new MemoryStream(manifest), manifest.Length, Convert.ToUInt32("644", 8), DateTime.UtcNow);
                    w.Finish(PackLayout.Comment(plan.Kind, 1));
                }

                fs.Flush(flushToDisk: true);
            }

            Verify(temp, plan, crcs);
            if (Libc.renameat2(Libc.AT_FDCWD, temp, Libc.AT_FDCWD, archive, Libc.RENAME_NOREPLACE) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new IOException($"{archive}: cannot publish the archive: {Marshal.GetPInvokeErrorMessage(errno)}");
            }

            temp = string.Empty;
            int synced = Copy.FileCopier.FsyncPath(parent);
            if (synced != 0)
            {
                throw new IOException($"{parent}: fsync after publishing {Path.GetFileName(archive)}: {Marshal.GetPInvokeErrorMessage(synced)}; the originals are kept");
            }

            meter.Done();
            return crcs;
        }
        finally
        {
            if (temp.Length > 0)
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Finishes a pack whose removal of the originals was cut short (a crash, a kill):
    /// <paramref name="archive"/> exists, and every file still in the tree must be in it as it is
    /// now (same size, mode and mtime as the manifest says, and bytes whose CRC-32 is the member's);
    /// then those files and the emptied directories are removed. Anything else is a
    /// <see cref="PackInputException"/> naming the first file that differs, and nothing is removed.</summary>
    /// <returns>What was kept, as <see cref="RemoveOriginals"/>.</returns>
    public static List<string> FinishRemoval(PackPlan plan, string archive)
    {
        using ArchiveReader r = ArchiveReader.Open(archive);
        List<ManifestEntry> manifest = r.ReadManifest()
            ?? throw new PackInputException($"{archive}: exists and is not an archive SeaNet wrote (no manifest); remove it or give another archive path (-o)");
        var entries = manifest.Where(e => !e.IsDirectory).ToDictionary(e => e.Name, StringComparer.Ordinal);
        var members = new Dictionary<string, ZipMember>(StringComparer.Ordinal);
        foreach (ZipMember m in r.Members)
        {
            members[m.Name] = m;
        }

        byte[] buffer = new byte[1 << 20];
        foreach (PlannedFile f in plan.Files)
        {
            string differs = $"{archive}: exists and does not hold {Path.Join(plan.Root, f.Name)} as it is now";
            if (!entries.TryGetValue(f.Name, out ManifestEntry? e) || !members.TryGetValue(f.Name, out ZipMember? m))
            {
                throw new PackInputException($"{differs} (not in the archive); remove or rename one of them, or pack with -o elsewhere");
            }

            if (e.Size != f.Size || e.Mode != f.Mode || e.MtimeNs != f.MtimeNs || m.Size != f.Size)
            {
                throw new PackInputException($"{differs} (size, mode or mtime differ); remove or rename one of them, or pack with -o elsewhere");
            }

            uint crc = 0;
            using (SafeFd handle = RangeStream.OpenRead(Path.Join(plan.Root, f.Name)))
            {
                var src = new RangeStream(handle.Value, 0, f.Size + 1); // one byte more: a grown file differs
                int n;
                while ((n = src.Read(buffer, 0, buffer.Length)) > 0)
                {
                    crc = Crc32.Append(crc, buffer.AsSpan(0, n));
                }
            }

            if (crc != m.Crc)
            {
                throw new PackInputException($"{differs} (its bytes differ); remove or rename one of them, or pack with -o elsewhere");
            }
        }

        return RemoveOriginals(plan);
    }

    /// <summary>Removes what killed runs left beside <paramref name="archive"/>: hidden temporaries
    /// <c>.NAME.seanet~pack~PID</c> whose process is gone. A live process's is left to it.</summary>
    public static void RemoveStaleTemporaries(string archive)
    {
        string parent = Path.GetDirectoryName(Path.GetFullPath(archive))!;
        string prefix = $".{Path.GetFileName(archive)}.seanet~pack~";
        foreach (string path in Directory.EnumerateFiles(parent, prefix + "*"))
        {
            string pid = Path.GetFileName(path)[prefix.Length..];
            if (pid.Length > 0 && pid.All(char.IsAsciiDigit) && pid != Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)
                && !Directory.Exists("/proc/" + pid))
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Reads <paramref name="archive"/> back: the members are the plan's files in order then
    /// the manifest, each member's bytes match its CRC, and each CRC is the one computed from the
    /// source while it was written. Throws InvalidDataException saying what differs.</summary>
    public static void Verify(string archive, PackPlan plan, IReadOnlyDictionary<string, uint> crcs)
    {
        using ArchiveReader r = ArchiveReader.Open(archive);
        if (r.Members.Count != plan.Files.Count + 1 || r.Members[^1].Name != PackLayout.ManifestName)
        {
            throw new InvalidDataException($"{archive}: {r.Members.Count} members, expected {plan.Files.Count} files and the manifest");
        }

        for (int i = 0; i < plan.Files.Count; i++)
        {
            ZipMember m = r.Members[i];
            PlannedFile f = plan.Files[i];
            if (m.Name != f.Name || m.Size != f.Size || m.Method != 0 || m.Crc != crcs[f.Name])
            {
                throw new InvalidDataException($"{archive}: member {i} is {m.Name} ({m.Size} bytes, crc {m.Crc:x8}), expected {f.Name} ({f.Size} bytes, crc {crcs[f.Name]:x8})");
            }

            r.CopyMember(m, Stream.Null);
        }

        List<ManifestEntry> manifest = r.ReadManifest()!;
        if (manifest.Count != plan.Files.Count + plan.Directories.Count)
        {
            throw new InvalidDataException($"{archive}: the manifest lists {manifest.Count} entries, expected {plan.Files.Count + plan.Directories.Count}");
        }
    }

    /// <summary>Removes the packed tree: each file still as planned, then each directory (deepest
    /// first) that is empty by then. Returns what was kept, with the reason.</summary>
    public static List<string> RemoveOriginals(PackPlan plan)
    {
        var kept = new List<string>();
        foreach (PlannedFile f in plan.Files)
        {
            string path = Path.Join(plan.Root, f.Name);
            if (!f.IsStill(path))
            {
                kept.Add($"{path}: changed since it was packed, kept (the archive holds the version packed)");
                continue;
            }

            if (Libc.unlink(path) != 0)
            {
                kept.Add($"{path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}, kept");
            }
        }

        foreach (PlannedDirectory d in plan.Directories.OrderByDescending(d => d.Name == "." ? -1 : d.Name.Count(c => c == '/')))
        {
            string path = d.Name == "." ? plan.Root : Path.Join(plan.Root, d.Name);
            if (Libc.rmdir(path) != 0)
            {
                kept.Add($"{path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}, kept");
            }
        }

        return kept;
    }
}
