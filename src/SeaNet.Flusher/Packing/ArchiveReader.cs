using System.IO.Compression;
using Microsoft.Win32.SafeHandles;
using SeaNet.Core.Interop;

namespace SeaNet.Flusher.Packing;

/// <summary>
/// Reads members of a ZIP archive, checked: every byte served is counted and its CRC-32 compared
/// with the central directory's at the end of the member, so a damaged member is an
/// <see cref="InvalidDataException"/> ("member …: CRC mismatch"), never wrong bytes taken as right.
/// Stored members are read by range (positional reads: members can be read by several readers of
/// one <see cref="ArchiveReader"/>); deflated ones (archives SeaNet did not write) are inflated.
/// </summary>
public sealed class ArchiveReader : IDisposable
{
    private readonly SafeFd fd;

    private ArchiveReader(string path, SafeFd fd, IReadOnlyList<ZipMember> members, string comment)
    {
        Path = path;
        this.fd = fd;
        Members = members;
        Comment = comment;
    }

    public string Path { get; }

    public IReadOnlyList<ZipMember> Members { get; }

    public string Comment { get; }

    /// <summary>Opens <paramref name="path"/> and reads its central directory (IOException if it
    /// cannot be opened, InvalidDataException if it is no readable archive).</summary>
    public static ArchiveReader Open(string path)
    {
        SafeFd fd = RangeStream.OpenRead(path);
        try
        {
            using var fs = new FileStream(new SafeFileHandle(fd.Value, ownsHandle: false), FileAccess.Read, 1);
            (IReadOnlyList<ZipMember> members, string comment) = ZipDirectory.Read(fs);
            return new ArchiveReader(path, fd, members, comment);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>The manifest SeaNet wrote into the archive, or null for an archive without one.</summary>
    public List<ManifestEntry>? ReadManifest()
    {
        ZipMember? m = Members.LastOrDefault(x => x.Name == PackLayout.ManifestName);
        if (m is null)
        {
            return null;
        }

        using var ms = new MemoryStream((int)Math.Min(m.Size, int.MaxValue));
        CopyMember(m, ms);
        return PackManifest.Parse(ms.GetBuffer().AsSpan(0, (int)ms.Length));
    }

    /// <summary>Writes member <paramref name="m"/>'s bytes to <paramref name="destination"/>,
    /// verifying size and CRC-32 as they pass.</summary>
    /// <returns>The CRC-32 of the bytes written (equal to the member's).</returns>
    public uint CopyMember(ZipMember m, Stream destination) => CopyMember(m, (b, n) => destination.Write(b, 0, n));

    /// <summary>The same, into the file open on <paramref name="destination"/>: pwrites from offset 0.</summary>
    public uint CopyMember(ZipMember m, int destination)
    {
        long at = 0;
        return CopyMember(m, (b, n) =>
        {
            if (!Libc.PwriteAll(destination, b.AsSpan(0, n), at))
            {
                throw new IOException($"writing {m.Name}: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())}");
            }

            at += n;
        });
    }

    private uint CopyMember(ZipMember m, Action<byte[], int> write)
    {
        using Stream source = m.Method switch
        {
            0 => new RangeStream(fd.Value, m.DataOffset, m.Size),
            8 => new DeflateStream(new RangeStream(fd.Value, m.DataOffset, m.CompressedSize), CompressionMode.Decompress),
            _ => throw new InvalidDataException($"member {m.Name}: compression method {m.Method} is not supported (stored and deflated are)"),
        };
        byte[] buffer = new byte[Math.Clamp(m.Size, 1, 1 << 20)];
        uint crc = 0;
        long total = 0;
        int n;
        while ((n = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += n;
            if (total > m.Size)
            {
                break;
            }

            crc = Crc32.Append(crc, buffer.AsSpan(0, n));
            write(buffer, n);
        }

        if (total != m.Size)
        {
            throw new InvalidDataException($"member {m.Name}: {total} bytes where the directory says {m.Size} (archive damaged)");
        }

        if (crc != m.Crc)
        {
            throw new InvalidDataException($"member {m.Name}: CRC mismatch ({crc:x8}, the directory says {m.Crc:x8}): archive damaged");
        }

        return crc;
    }

    public void Dispose() => fd.Dispose();
}
