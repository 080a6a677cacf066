using System.Globalization;
using SeaNet.Flusher.Packing;

namespace SeaNet.Preload.Cli;

/// <summary><c>sea pack DIR</c> and <c>sea unpack ARCHIVE</c>: the packer's offline tools. Exit 0
/// when done; 1 when the work failed (an I/O error, a damaged archive, a file that changed while it
/// was packed: the tree is then left as it was); 2 for input that cannot be used as given, with
/// what to do. Progress goes to stderr, once a second.</summary>
internal static class PackCommand
{
    public const string PackUsage = """
        usage: sea pack [--keep] [-o ARCHIVE] DIR
          Turns directory DIR into one archive beside it (DIR.ozx for OME-Zarr v3, else DIR.zip):
          stored members, ZIP64, Zarr metadata first, SeaNet's manifest last (modes, ns mtimes).
          The archive is read back and checked before the originals are removed.
          --keep         keep DIR after packing
          -o ARCHIVE     write the archive there instead
        """;

    public const string UnpackUsage = """
        usage: sea unpack [-C DEST] ARCHIVE
          Restores the tree ARCHIVE holds (bytes, modes, mtimes, empty directories) at DEST
          (default: ARCHIVE without its .ozx/.zip extension), which must not exist.
        """;

    public static int RunPack(string[] args)
    {
        bool keep = false;
        string? output = null, dir = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    Console.Out.Write(PackUsage);
                    return 0;
                case "--keep":
                    keep = true;
                    break;
                case "-o" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                default:
                    if (args[i].StartsWith('-') || dir is not null)
                    {
                        Console.Error.WriteLine($"sea pack: unexpected '{args[i]}'\n{PackUsage}");
                        return 2;
                    }

                    dir = args[i];
                    break;
            }
        }

        if (dir is null)
        {
            Console.Error.WriteLine($"sea pack: give the directory to pack\n{PackUsage}");
            return 2;
        }

        return Guarded("sea pack", () =>
        {
            PackPlan plan = DirectoryPacker.Plan(dir);
            string archive = output ?? DirectoryPacker.DefaultArchivePath(dir, plan.Kind);
            DirectoryPacker.RemoveStaleTemporaries(archive);
            string what = string.Create(CultureInfo.InvariantCulture, $"{plan.Files.Count} file(s), {plan.Bytes} bytes, {plan.Directories.Count} director{(plan.Directories.Count == 1 ? "y" : "ies")}");
            List<string> kept;
            if (File.Exists(archive) && !keep)
            {
                // an earlier pack published the archive and was cut short while removing the tree
                kept = DirectoryPacker.FinishRemoval(plan, archive);
                what += ", already in the archive (an earlier pack's removal was cut short)";
            }
            else
            {
                DirectoryPacker.Pack(plan, archive, line => Console.Error.WriteLine($"sea pack: {line}"));
                if (keep)
                {
                    Console.Out.WriteLine($"sea pack: {plan.Root} -> {Path.GetFullPath(archive)}: {what}, verified; {plan.Root} kept (--keep)");
                    return 0;
                }

                kept = DirectoryPacker.RemoveOriginals(plan);
            }

            foreach (string k in kept)
            {
                Console.Error.WriteLine($"sea pack: {k}");
            }

            Console.Out.WriteLine($"sea pack: {plan.Root} -> {Path.GetFullPath(archive)}: {what}, verified; originals removed"
                + (kept.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $" except {kept.Count} (listed above)") : string.Empty));
            return kept.Count > 0 ? 1 : 0;
        });
    }

    public static int RunUnpack(string[] args)
    {
        string? dest = null, archive = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    Console.Out.Write(UnpackUsage);
                    return 0;
                case "-C" when i + 1 < args.Length:
                    dest = args[++i];
                    break;
                default:
                    if (args[i].StartsWith('-') || archive is not null)
                    {
                        Console.Error.WriteLine($"sea unpack: unexpected '{args[i]}'\n{UnpackUsage}");
                        return 2;
                    }

                    archive = args[i];
                    break;
            }
        }

        if (archive is null)
        {
            Console.Error.WriteLine($"sea unpack: give the archive to unpack\n{UnpackUsage}");
            return 2;
        }

        return Guarded("sea unpack", () =>
        {
            string target = dest ?? ArchiveUnpacker.DefaultDestination(archive);
            (int files, int dirs) = ArchiveUnpacker.Unpack(archive, target, line => Console.Error.WriteLine($"sea unpack: {line}"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sea unpack: {Path.GetFullPath(archive)} -> {Path.GetFullPath(target)}: {files} file(s), {dirs} director{(dirs == 1 ? "y" : "ies")}"));
            return 0;
        });
    }

    private static int Guarded(string tool, Func<int> work)
    {
        try
        {
            return work();
        }
        catch (PackInputException e)
        {
            Console.Error.WriteLine($"{tool}: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Console.Error.WriteLine($"{tool}: {e.Message}");
            return 1;
        }
    }
}
