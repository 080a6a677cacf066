using System.Buffers.Binary;
using System.Text;

namespace SeaNet.Flusher.Packing;

/// <summary>One member of an archive, as its central directory describes it.</summary>
/// <param name="DataOffset">Where the member's bytes start in the archive (after its local header).</param>
public sealed record ZipMember(string Name, long Size, long CompressedSize, ushort Method, uint Crc, uint Mode, long HeaderOffset, long DataOffset);

/// <summary>
/// Reads an archive's central directory (plain or ZIP64): the member list the packer's readers
/// need (issue #5: <c>sea ls</c>, serving members, verification). Only what a reader of SeaNet's
/// archives needs: single-disk archives; any member method is listed, stored ones can be read by
/// range at <see cref="ZipMember.DataOffset"/>. A damaged or truncated archive is an
/// <see cref="InvalidDataException"/> naming what is wrong.
/// </summary>
public static class ZipDirectory
{
    private const uint LocalSig = 0x04034b50, CentralSig = 0x02014b50, EndSig = 0x06054b50;
    private const uint Zip64EndSig = 0x06064b50, Zip64LocatorSig = 0x07064b50;

    public static (IReadOnlyList<ZipMember> Members, string Comment) Read(Stream s)
    {
        long length = s.Length;
        // the end record is in the last 22 + 65,535 bytes
        int tail = (int)Math.Min(length, 22 + 65535);
        byte[] buf = new byte[tail];
        s.Position = length - tail;
        s.ReadExactly(buf);
        int end = -1;
        for (int i = tail - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(buf.AsSpan(i)) == EndSig
                && i + 22 + BinaryPrimitives.ReadUInt16LittleEndian(buf.AsSpan(i + 20)) == tail)
            {
                end = i;
                break;
            }
        }

        if (end < 0)
        {
            throw new InvalidDataException("no end of central directory record: not a ZIP archive, or truncated");
        }

        ReadOnlySpan<byte> e = buf.AsSpan(end);
        string comment = Encoding.UTF8.GetString(e.Slice(22, BinaryPrimitives.ReadUInt16LittleEndian(e[20..])));
        long count = BinaryPrimitives.ReadUInt16LittleEndian(e[10..]);
        long cdSize = BinaryPrimitives.ReadUInt32LittleEndian(e[12..]);
        long cdOffset = BinaryPrimitives.ReadUInt32LittleEndian(e[16..]);
        long endAt = length - tail + end;
        if (endAt >= 20)
        {
            byte[] loc = new byte[20];
            s.Position = endAt - 20;
            s.ReadExactly(loc);
            if (BinaryPrimitives.ReadUInt32LittleEndian(loc) == Zip64LocatorSig)
            {
                long z64 = (long)BinaryPrimitives.ReadUInt64LittleEndian(loc.AsSpan(8));
                byte[] rec = new byte[56];
                s.Position = z64;
                s.ReadExactly(rec);
                if (BinaryPrimitives.ReadUInt32LittleEndian(rec) != Zip64EndSig)
                {
                    throw new InvalidDataException($"the ZIP64 locator points at {z64}, where there is no ZIP64 end record");
                }

                count = (long)BinaryPrimitives.ReadUInt64LittleEndian(rec.AsSpan(32));
                cdSize = (long)BinaryPrimitives.ReadUInt64LittleEndian(rec.AsSpan(40));
                cdOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(rec.AsSpan(48));
            }
        }

        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > endAt || cdSize > int.MaxValue)
        {
            throw new InvalidDataException($"the central directory ({cdSize} bytes at {cdOffset}) lies outside the archive");
        }

        byte[] cd = new byte[cdSize];
        s.Position = cdOffset;
        s.ReadExactly(cd);
        var members = new List<ZipMember>((int)Math.Min(count, 1 << 20));
        int p = 0;
        byte[] local = new byte[30];
        for (long n = 0; n < count; n++)
        {
            ReadOnlySpan<byte> h = cd.AsSpan(p);
            if (h.Length < 46 || BinaryPrimitives.ReadUInt32LittleEndian(h) != CentralSig)
            {
                throw new InvalidDataException($"central directory entry {n} is damaged (at {cdOffset + p})");
            }

            ushort method = BinaryPrimitives.ReadUInt16LittleEndian(h[10..]);
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(h[16..]);
            long csize = BinaryPrimitives.ReadUInt32LittleEndian(h[20..]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(h[24..]);
            int nameLen = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
            int extraLen = BinaryPrimitives.ReadUInt16LittleEndian(h[30..]);
            int commentLen = BinaryPrimitives.ReadUInt16LittleEndian(h[32..]);
            uint external = BinaryPrimitives.ReadUInt32LittleEndian(h[38..]);
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(h[42..]);
            if (46 + nameLen + extraLen + commentLen > h.Length)
            {
                throw new InvalidDataException($"central directory entry {n} runs past the directory");
            }

            string name = Encoding.UTF8.GetString(h.Slice(46, nameLen));
            ReadOnlySpan<byte> extra = h.Slice(46 + nameLen, extraLen);
            while (extra.Length >= 4)
            {
                ushort id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
                int len = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]), extra.Length - 4);
                if (id == 0x0001)
                {
                    ReadOnlySpan<byte> z = extra.Slice(4, len);
                    // only the fields whose 32-bit value is 0xFFFFFFFF, in this order
                    if (size == 0xFFFFFFFF && z.Length >= 8)
                    {
                        size = (long)BinaryPrimitives.ReadUInt64LittleEndian(z);
                        z = z[8..];
                    }

                    if (csize == 0xFFFFFFFF && z.Length >= 8)
                    {
                        csize = (long)BinaryPrimitives.ReadUInt64LittleEndian(z);
                        z = z[8..];
                    }

                    if (offset == 0xFFFFFFFF && z.Length >= 8)
                    {
                        offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(z);
                    }
                }

                extra = extra[(4 + len)..];
            }

            if (offset < 0 || offset + 30 > cdOffset)
            {
                throw new InvalidDataException($"{name}: its local header offset {offset} is outside the archive's data");
            }

            s.Position = offset;
            s.ReadExactly(local);
            if (BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalSig)
            {
                throw new InvalidDataException($"{name}: no local header at {offset}");
            }

            long data = offset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(28));
            if (data + csize > cdOffset)
            {
                throw new InvalidDataException($"{name}: its {csize} bytes at {data} run into the central directory");
            }

            members.Add(new ZipMember(name, size, csize, method, crc, (external >> 16) & 0xFFF, offset, data));
            p += 46 + nameLen + extraLen + commentLen;
        }

        return (members, comment);
    }
}
