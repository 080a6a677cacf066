using System.Buffers.Binary;
using System.Text;

namespace SeaNet.Flusher.Packing;

/// <summary>
/// Writes a standard ZIP the way SeaNet's packer needs it (issue #5): members <b>stored</b> (no
/// compression: Zarr chunks are compressed already, and stored members can be read by range),
/// <b>ZIP64 records always present</b> (local and central extra fields, the ZIP64 end of central
/// directory record and its locator), CRC-32 of each member, UTF-8 names (flag bit 11), Unix
/// mode in the external attributes, mtime as DOS time plus the extended-timestamp field (0x5455,
/// whole seconds UTC), members in the order they are added, and an archive comment (at most
/// 65,535 bytes). No data descriptors: the output must be seekable. A member that fits the 1 MiB
/// buffer is read whole first, so its local header is written with its CRC; a larger one's header
/// is patched with the CRC once its data is written. Readable by unzip, Python's zipfile and zarr's ZipStore.
/// Threading: one writer per archive, one thread.
/// </summary>
public sealed class ZipWriter : IDisposable
{
    private const uint LocalSig = 0x04034b50, CentralSig = 0x02014b50, EndSig = 0x06054b50;
    private const uint Zip64EndSig = 0x06064b50, Zip64LocatorSig = 0x07064b50;
    private const ushort Version = 45;           // 4.5: ZIP64
    private const ushort MadeBy = (3 << 8) | 45; // Unix
    private const ushort Utf8Flag = 1 << 11;
    private const int LocalExtraLength = 4 + 16 + 4 + 5;   // ZIP64 (sizes) + extended timestamp
    private const int CentralExtraLength = 4 + 24 + 4 + 5; // ZIP64 (sizes, offset) + extended timestamp

    private readonly Stream output;
    private readonly List<Member> members = [];
    private readonly byte[] buffer = new byte[1 << 20];
    private bool finished;

    private sealed record Member(byte[] Name, long Offset, long Size, uint Crc, uint Mode, DateTime MtimeUtc);

    /// <param name="output">A seekable stream positioned where the archive starts (usually 0).</param>
    public ZipWriter(Stream output)
    {
        if (!output.CanSeek || !output.CanWrite)
        {
            throw new ArgumentException("the output must be writable and seekable", nameof(output));
        }

        this.output = output;
    }

    public int Count => members.Count;

    /// <summary>Adds one member: exactly <paramref name="length"/> bytes from <paramref name="data"/>.</summary>
    /// <returns>The member's CRC-32.</returns>
    public uint Add(string name, Stream data, long length, uint mode, DateTime mtimeUtc)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        if (name.Length == 0 || name.StartsWith('/') || name.Contains('\\'))
        {
            throw new ArgumentException($"not a relative member name: '{name}'", nameof(name));
        }

        byte[] encoded = Encoding.UTF8.GetBytes(name);
        if (encoded.Length > ushort.MaxValue)
        {
            throw new ArgumentException("member name longer than 65,535 bytes", nameof(name));
        }

        long offset = output.Position;
        uint crc = 0;
        if (length <= buffer.Length)
        {
            // the whole member fits the buffer: its CRC is known before the header is written,
            // so the header needs no patching and the output's own buffer is never flushed early
            int have = 0;
            while (have < length)
            {
                int n = data.Read(buffer, have, (int)length - have);
                if (n == 0)
                {
                    throw Shrank(name, length - have, length);
                }

                have += n;
            }

            crc = Crc32.Append(0, buffer.AsSpan(0, have));
            WriteLocalHeader(encoded, crc, length, mtimeUtc);
            output.Write(buffer, 0, have);
        }
        else
        {
            WriteLocalHeader(encoded, 0, length, mtimeUtc);
            long left = length;
            while (left > 0)
            {
                int n = data.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (n == 0)
                {
                    throw Shrank(name, left, length);
                }

                crc = Crc32.Append(crc, buffer.AsSpan(0, n));
                output.Write(buffer, 0, n);
                left -= n;
            }

            long end = output.Position;
            output.Position = offset + 14; // the CRC field of the local header
            Span<byte> c = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(c, crc);
            output.Write(c);
            output.Position = end;
        }

        members.Add(new Member(encoded, offset, length, crc, mode, mtimeUtc));
        return crc;
    }

    private static EndOfStreamException Shrank(string name, long missing, long length) =>
        new($"{name}: {missing} of {length} bytes missing (the file shrank while it was packed)");

    /// <summary>Writes the central directory and the end records; the archive is complete after it.</summary>
    public void Finish(string comment = "")
    {
        ObjectDisposedException.ThrowIf(finished, this);
        byte[] text = Encoding.UTF8.GetBytes(comment);
        if (text.Length > ushort.MaxValue)
        {
            throw new ArgumentException("archive comment longer than 65,535 bytes", nameof(comment));
        }

        long cdStart = output.Position;
        foreach (Member m in members)
        {
            WriteCentralHeader(m);
        }

        long cdSize = output.Position - cdStart;
        long zip64End = output.Position;
        Span<byte> z = stackalloc byte[56];
        BinaryPrimitives.WriteUInt32LittleEndian(z, Zip64EndSig);
        BinaryPrimitives.WriteUInt64LittleEndian(z[4..], 44); // size of the rest of this record
        BinaryPrimitives.WriteUInt16LittleEndian(z[12..], MadeBy);
        BinaryPrimitives.WriteUInt16LittleEndian(z[14..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(z[16..], 0); // this disk
        BinaryPrimitives.WriteUInt32LittleEndian(z[20..], 0); // disk of the central directory
        BinaryPrimitives.WriteUInt64LittleEndian(z[24..], (ulong)members.Count);
        BinaryPrimitives.WriteUInt64LittleEndian(z[32..], (ulong)members.Count);
        BinaryPrimitives.WriteUInt64LittleEndian(z[40..], (ulong)cdSize);
        BinaryPrimitives.WriteUInt64LittleEndian(z[48..], (ulong)cdStart);
        output.Write(z);

        Span<byte> l = stackalloc byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(l, Zip64LocatorSig);
        BinaryPrimitives.WriteUInt32LittleEndian(l[4..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(l[8..], (ulong)zip64End);
        BinaryPrimitives.WriteUInt32LittleEndian(l[16..], 1); // total disks
        output.Write(l);

        Span<byte> e = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(e, EndSig);
        BinaryPrimitives.WriteUInt16LittleEndian(e[8..], Saturate16(members.Count));
        BinaryPrimitives.WriteUInt16LittleEndian(e[10..], Saturate16(members.Count));
        BinaryPrimitives.WriteUInt32LittleEndian(e[12..], 0xFFFFFFFF); // in the ZIP64 record
        BinaryPrimitives.WriteUInt32LittleEndian(e[16..], 0xFFFFFFFF);
        BinaryPrimitives.WriteUInt16LittleEndian(e[20..], (ushort)text.Length);
        output.Write(e);
        output.Write(text);
        output.Flush();
        finished = true;
    }

    private static ushort Saturate16(int n) => n >= 0xFFFF ? (ushort)0xFFFF : (ushort)n;

    private void WriteLocalHeader(byte[] name, uint crc, long size, DateTime mtimeUtc)
    {
        Span<byte> h = stackalloc byte[30 + LocalExtraLength];
        (ushort time, ushort date) = Dos(mtimeUtc);
        BinaryPrimitives.WriteUInt32LittleEndian(h, LocalSig);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], Utf8Flag);
        BinaryPrimitives.WriteUInt16LittleEndian(h[8..], 0); // stored
        BinaryPrimitives.WriteUInt16LittleEndian(h[10..], time);
        BinaryPrimitives.WriteUInt16LittleEndian(h[12..], date);
        BinaryPrimitives.WriteUInt32LittleEndian(h[14..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(h[18..], 0xFFFFFFFF); // sizes in the ZIP64 field
        BinaryPrimitives.WriteUInt32LittleEndian(h[22..], 0xFFFFFFFF);
        BinaryPrimitives.WriteUInt16LittleEndian(h[26..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(h[28..], LocalExtraLength);
        Span<byte> x = h[30..];
        BinaryPrimitives.WriteUInt16LittleEndian(x, 0x0001);
        BinaryPrimitives.WriteUInt16LittleEndian(x[2..], 16);
        BinaryPrimitives.WriteUInt64LittleEndian(x[4..], (ulong)size);  // uncompressed
        BinaryPrimitives.WriteUInt64LittleEndian(x[12..], (ulong)size); // compressed (stored)
        WriteTimestamp(x[20..], mtimeUtc);
        output.Write(h[..30]);
        output.Write(name);
        output.Write(h[30..]);
    }

    private void WriteCentralHeader(Member m)
    {
        Span<byte> h = stackalloc byte[46 + CentralExtraLength];
        (ushort time, ushort date) = Dos(m.MtimeUtc);
        BinaryPrimitives.WriteUInt32LittleEndian(h, CentralSig);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], MadeBy);
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(h[8..], Utf8Flag);
        BinaryPrimitives.WriteUInt16LittleEndian(h[10..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(h[12..], time);
        BinaryPrimitives.WriteUInt16LittleEndian(h[14..], date);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], m.Crc);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], 0xFFFFFFFF);
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], 0xFFFFFFFF);
        BinaryPrimitives.WriteUInt16LittleEndian(h[28..], (ushort)m.Name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(h[30..], CentralExtraLength);
        BinaryPrimitives.WriteUInt16LittleEndian(h[32..], 0); // comment
        BinaryPrimitives.WriteUInt16LittleEndian(h[34..], 0); // disk
        BinaryPrimitives.WriteUInt16LittleEndian(h[36..], 0); // internal attributes
        BinaryPrimitives.WriteUInt32LittleEndian(h[38..], (0x8000u | (m.Mode & 0xFFF)) << 16); // S_IFREG | mode
        BinaryPrimitives.WriteUInt32LittleEndian(h[42..], 0xFFFFFFFF); // offset in the ZIP64 field
        Span<byte> x = h[46..];
        BinaryPrimitives.WriteUInt16LittleEndian(x, 0x0001);
        BinaryPrimitives.WriteUInt16LittleEndian(x[2..], 24);
        BinaryPrimitives.WriteUInt64LittleEndian(x[4..], (ulong)m.Size);
        BinaryPrimitives.WriteUInt64LittleEndian(x[12..], (ulong)m.Size);
        BinaryPrimitives.WriteUInt64LittleEndian(x[20..], (ulong)m.Offset);
        WriteTimestamp(x[28..], m.MtimeUtc);
        output.Write(h[..46]);
        output.Write(m.Name);
        output.Write(h[46..]);
    }

    /// <summary>Extended timestamp (0x5455): flags 1 (mtime present), mtime in Unix seconds.</summary>
    private static void WriteTimestamp(Span<byte> x, DateTime mtimeUtc)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(x, 0x5455);
        BinaryPrimitives.WriteUInt16LittleEndian(x[2..], 5);
        x[4] = 1;
        long seconds = Math.Clamp(new DateTimeOffset(mtimeUtc, TimeSpan.Zero).ToUnixTimeSeconds(), int.MinValue, int.MaxValue);
        BinaryPrimitives.WriteInt32LittleEndian(x[5..], (int)seconds);
    }

    /// <summary>DOS time and date (2-second resolution, 1980-2107), of the UTC time as unzip shows it.</summary>
    private static (ushort Time, ushort Date) Dos(DateTime t)
    {
        if (t.Year < 1980)
        {
            t = new DateTime(1980, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        }
        else if (t.Year > 2107)
        {
            t = new DateTime(2107, 12, 31, 23, 59, 58, DateTimeKind.Utc);
        }

        return ((ushort)((t.Hour << 11) | (t.Minute << 5) | (t.Second / 2)), (ushort)(((t.Year - 1980) << 9) | (t.Month << 5) | t.Day));
    }

    public void Dispose()
    {
        // an unfinished archive has no central directory: unreadable, never mistaken for a whole one
        finished = true;
    }
}
