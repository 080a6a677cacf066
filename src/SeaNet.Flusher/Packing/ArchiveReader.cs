using System.IO.Compression;
using Microsoft.Win32.SafeHandles;

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
    private readonly FileStream file;

    private ArchiveReader(string path, FileStream file, IReadOnlyList<ZipMember> members, string comment)
    {
        Path = path;
        this.file = file;
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
        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        try
        {
            (IReadOnlyList<ZipMember> members, string comment) = ZipDirectory.Read(fs);
            return new ArchiveReader(path, fs, members, comment);
        }
        catch
        {
            fs.Dispose();
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
    public uint CopyMember(ZipMember m, Stream destination)
    {
        using Stream source = m.Method switch
        {
            0 => new RangeStream(file.SafeFileHandle, m.DataOffset, m.Size),
            8 => new DeflateStream(new RangeStream(file.SafeFileHandle, m.DataOffset, m.CompressedSize), CompressionMode.Decompress),
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
            destination.Write(buffer, 0, n);
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

    public void Dispose() => file.Dispose();

    /// <summary>A read-only window [offset, offset + length) of a file, read with positional reads.</summary>
    private sealed class RangeStream(SafeFileHandle handle, long offset, long length) : Stream
    {
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset1, int count) => Read(buffer.AsSpan(offset1, count));

        public override int Read(Span<byte> buffer)
        {
            long left = length - position;
            if (left <= 0)
            {
                return 0;
            }

            int n = RandomAccess.Read(handle, buffer[..(int)Math.Min(buffer.Length, left)], offset + position);
            if (n == 0)
            {
                throw new InvalidDataException($"the archive ends inside a member ({left} bytes missing)");
            }

            position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset1, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset1, int count) => throw new NotSupportedException();
    }
}
