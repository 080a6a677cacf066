using System.Runtime.InteropServices;
using SeaNet.Core.Interop;
using SeaNet.Flusher.Scheduling;

namespace SeaNet.Flusher.Packing;

/// <summary>
/// <c>sea unpack ARCHIVE</c>: restores the tree an archive holds, exactly: each file's bytes
/// (CRC-checked as they are written), its mode and nanosecond mtime from SeaNet's manifest, and
/// every directory, empty ones too, with its mode and mtime (set last, deepest first, since
/// creating a file changes its directory's mtime). The tree is built in a hidden temporary
/// directory beside the destination and renamed into place at the end (RENAME_NOREPLACE): a
/// failure or a crash never leaves a partial tree under the destination's name. Member names that
/// could leave the destination (absolute, <c>..</c>, backslashes, NUL) are refused before anything
/// is written. An archive SeaNet did not write (no manifest) is restored with the modes its central
/// directory carries and the time of extraction as mtime.
/// </summary>
public static class ArchiveUnpacker
{
    private const uint DirectoryWorkMode = 0x1C0; // 0700 while its contents are written

    /// <summary>Where <c>sea unpack</c> puts an archive's tree by default: its path without the
    /// <c>.ozx</c>/<c>.zip</c> extension.</summary>
    public static string DefaultDestination(string archive)
    {
        string full = Path.GetFullPath(archive);
        string ext = Path.GetExtension(full);
        if (ext is not (".ozx" or ".zip") || full.Length == ext.Length)
        {
            throw new PackInputException($"{archive}: no .ozx or .zip extension to drop; give the destination with -C DEST");
        }

        return full[..^ext.Length];
    }

    /// <returns>The number of files and directories restored.</returns>
    public static (int Files, int Directories) Unpack(string archive, string destination, Action<string>? progress = null)
    {
        destination = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        if (NativeStat.TryLstat(destination, out _))
        {
            throw new PackInputException($"{destination}: exists; remove it or give another destination (-C DEST)");
        }

        using ArchiveReader r = ArchiveReader.Open(archive);
        (List<ManifestEntry> files, List<ManifestEntry> dirs) = Entries(r);
        var byName = new Dictionary<string, ZipMember>(StringComparer.Ordinal);
        foreach (ZipMember m in r.Members)
        {
            byName[m.Name] = m; // the last record of a name wins, as zipfile's does
        }

        string parent = Path.GetDirectoryName(destination)!;
        string temp = Path.Join(parent, $".{Path.GetFileName(destination)}.seanet~unpack~{Environment.ProcessId}");
        if (Libc.mkdir(temp, DirectoryWorkMode) != 0)
        {
            throw new IOException($"{temp}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        bool published = false;
        try
        {
            // parents sort before their children, so each mkdir finds its parent made
            foreach (ManifestEntry d in dirs.Where(d => d.Name != ".").OrderBy(d => d.Name.Count(c => c == '/')))
            {
                if (Libc.mkdir(Path.Join(temp, d.Name), DirectoryWorkMode) != 0 && Marshal.GetLastPInvokeError() != (int)Errno.EEXIST)
                {
                    throw new IOException($"{Path.Join(temp, d.Name)}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                }
            }

            var meter = new ProgressMeter("unpacked", files.Count, files.Sum(f => f.Size), progress);
            foreach (ManifestEntry f in files)
            {
                if (!byName.TryGetValue(f.Name, out ZipMember? m))
                {
                    throw new InvalidDataException($"{archive}: the manifest lists {f.Name}, which the archive does not hold");
                }

                if (m.Size != f.Size || m.Crc != f.Crc)
                {
                    throw new InvalidDataException($"{archive}: member {f.Name} ({m.Size} bytes, crc {m.Crc:x8}) is not the file the manifest describes ({f.Size} bytes, crc {f.Crc:x8})");
                }

                WriteFile(r, m, Path.Join(temp, f.Name), f);
                meter.Add(f.Size);
            }

            foreach (ManifestEntry d in dirs.OrderByDescending(d => d.Name == "." ? -1 : d.Name.Count(c => c == '/')))
            {
                SetModeAndTime(d.Name == "." ? temp : Path.Join(temp, d.Name), d);
            }

            if (Libc.renameat2(Libc.AT_FDCWD, temp, Libc.AT_FDCWD, destination, Libc.RENAME_NOREPLACE) != 0)
            {
                throw new IOException($"{destination}: cannot put the tree in place: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }

            published = true;
            meter.Done();
            return (files.Count, dirs.Count);
        }
        finally
        {
            if (!published)
            {
                RemoveTree(temp);
            }
        }
    }

    /// <summary>The files and directories to restore: the manifest's, or for a foreign archive the
    /// members (names ending in '/' are directory entries) and their parents.</summary>
    private static (List<ManifestEntry> Files, List<ManifestEntry> Dirs) Entries(ArchiveReader r)
    {
        long now = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        List<ManifestEntry> manifest = r.ReadManifest()
            ?? r.Members.Where(m => m.Name != PackLayout.ManifestName)
                .Select(m => m.Name.EndsWith('/')
                    ? new ManifestEntry(m.Name.TrimEnd('/'), true, m.Mode != 0 ? m.Mode : 0x1ED, now, 0, 0)
                    : new ManifestEntry(m.Name, false, m.Mode != 0 ? m.Mode : 0x1A4, now, m.Size, m.Crc))
                .Append(new ManifestEntry(".", true, 0x1ED, now, 0, 0))
                .ToList();
        foreach (ManifestEntry e in manifest)
        {
            if (!(e.Name == "." && e.IsDirectory) && !IsSafeName(e.Name))
            {
                throw new InvalidDataException($"{r.Path}: member name '{e.Name}' could leave the destination (absolute, '..', '.', empty component, backslash or NUL): refused, nothing written");
            }
        }

        // a directory only implied by names below it (a foreign archive has no entry for it; a manifest
        // should list them all) gets unzip's default, 0755: every directory is then made once, up front
        var named = manifest.Where(e => e.IsDirectory).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string name in manifest.Select(e => e.Name).ToList())
        {
            for (int slash = name.LastIndexOf('/'); slash > 0; slash = name.LastIndexOf('/', slash - 1))
            {
                if (named.Add(name[..slash]))
                {
                    manifest.Add(new ManifestEntry(name[..slash], true, 0x1ED, now, 0, 0));
                }
            }
        }

        return (manifest.Where(e => !e.IsDirectory).ToList(), manifest.Where(e => e.IsDirectory).ToList());
    }

    internal static bool IsSafeName(string name) =>
        name.Length > 0 && name[0] != '/' && !name.Contains('\\') && !name.Contains('\0')
        && name.Split('/').All(c => c.Length > 0 && c != "." && c != "..");

    /// <summary>Creates <paramref name="path"/> (O_EXCL), writes member <paramref name="m"/> into it
    /// CRC-checked, then sets its mode and mtime on the open descriptor: open, pwrites, fchmod,
    /// futimens, close, nothing more per file.</summary>
    private static unsafe void WriteFile(ArchiveReader r, ZipMember m, string path, ManifestEntry e)
    {
        using SafeFd fd = Libc.open(path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC, 0x180);
        if (fd.IsInvalid)
        {
            throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        r.CopyMember(m, fd.Value);
        Timespec* times = stackalloc Timespec[2];
        times[0] = new Timespec { tv_nsec = Libc.UTIME_OMIT };
        times[1] = Timespec.FromNanoseconds(e.MtimeNs);
        if (Libc.fchmod(fd.Value, e.Mode & 0xFFF) != 0 || Libc.futimens(fd.Value, times) != 0)
        {
            throw new IOException($"{path}: setting mode and mtime: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    private static unsafe void SetModeAndTime(string path, ManifestEntry e)
    {
        if (Libc.chmod(path, e.Mode & 0xFFF) != 0)
        {
            throw new IOException($"{path}: chmod: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        Timespec* times = stackalloc Timespec[2];
        times[0] = new Timespec { tv_nsec = Libc.UTIME_OMIT };
        times[1] = Timespec.FromNanoseconds(e.MtimeNs);
        if (Libc.utimensat(Libc.AT_FDCWD, path, times, Libc.AT_SYMLINK_NOFOLLOW) != 0)
        {
            throw new IOException($"{path}: utimensat: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    /// <summary>Best effort: a partial tree (directories may be read-only by now) is removed.</summary>
    private static void RemoveTree(string path)
    {
        try
        {
            foreach (string d in Directory.EnumerateDirectories(path, "*", SearchOption.AllDirectories).Prepend(path))
            {
                Libc.chmod(d, DirectoryWorkMode);
            }

            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // nothing more to do: the name is hidden and tells what it was
        }
    }
}
