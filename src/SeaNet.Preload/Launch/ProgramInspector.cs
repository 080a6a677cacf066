using System.Buffers.Binary;
using System.Text;

namespace SeaNet.Preload.Launch;

/// <summary>What an executable is, as far as the shim is concerned: read from its ELF header,
/// program headers and section headers. Nothing is executed.</summary>
internal enum ProgramKind
{
    /// <summary>Not an ELF file we could read (a text file, a missing or unreadable file): nothing to say.</summary>
    Unknown,

    /// <summary>Dynamically linked: ld.so loads the shim from LD_PRELOAD.</summary>
    Dynamic,

    /// <summary>No PT_INTERP: no dynamic loader runs, so LD_PRELOAD is never read (static, static-pie).</summary>
    Static,

    /// <summary>Built by Go: its runtime makes system calls itself (even when cgo links it dynamically),
    /// so its file I/O never reaches the shim's wrappers.</summary>
    Go,
}

/// <summary>
/// Before sea_launch starts the command it looks at the program (and, for a <c>#!</c> script, at its
/// interpreter, one level) and warns once when the shim cannot intercept it. It never fails the
/// launch: a program that does not touch the mount runs perfectly well unintercepted.
/// </summary>
internal static class ProgramInspector
{
    private const uint PtInterp = 3;
    private const uint PtNote = 4;

    /// <summary>Go's build-id note (cmd/link: ELF note name "Go", type 4), in its own section.</summary>
    private const uint NtGoBuildId = 4;
    private const string GoBuildIdSection = ".note.go.buildid";

    /// <summary>The one line to print for <paramref name="program"/>, or null when there is nothing to say.
    /// <paramref name="shownAs"/>: the name the user gave, when <paramref name="program"/> is the real
    /// file behind it (a command stored in the mount is read on its tier).</summary>
    public static string? Warning(string program, string mountDir, string? pathVariable, string? shownAs = null)
    {
        string subject = shownAs ?? program;
        string? interpreter = ScriptInterpreter(program, pathVariable);
        ProgramKind kind = Inspect(interpreter ?? program);
        if (interpreter is not null)
        {
            subject = $"{subject} (run by {interpreter})";
        }

        return kind switch
        {
            ProgramKind.Static => $"sea_launch: warning: {subject} is statically linked, so the SeaNet shim cannot be loaded into it and its file accesses under {mountDir} bypass SeaNet; use a dynamically linked build, or give it paths outside the mount.",
            ProgramKind.Go => $"sea_launch: warning: {subject} is a Go program, which makes system calls directly, so its file accesses under {mountDir} bypass SeaNet; give it paths outside the mount (e.g. the persistent directory), or run it outside sea_launch.",
            _ => null,
        };
    }

    /// <summary>The interpreter named by a <c>#!</c> line, resolved as the kernel would (its first word),
    /// and through PATH for <c>#!/usr/bin/env NAME</c>, the usual portable form; null for anything else.</summary>
    public static string? ScriptInterpreter(string path, string? pathVariable)
    {
        byte[] head = ReadHead(path, 256);
        if (head.Length < 2 || head[0] != '#' || head[1] != '!')
        {
            return null;
        }

        int end = Array.IndexOf(head, (byte)'\n');
        string line = Encoding.UTF8.GetString(head, 2, (end < 0 ? head.Length : end) - 2);
        string[] words = line.Split([' ', '\t', '\0'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return null;
        }

        if (Path.GetFileName(words[0]) == "env")
        {
            // "env [-S] [-i] [NAME=VALUE]... NAME ARGS": the first word that is neither an option nor an assignment
            string? name = words.Skip(1).SelectMany(w => w.Split(' ')).FirstOrDefault(w => !w.StartsWith('-') && !w.Contains('='));
            return name is null ? words[0] : CommandResolver.Resolve(name, pathVariable, out _) ?? words[0];
        }

        return words[0];
    }

    /// <summary>Reads the ELF headers of <paramref name="path"/>. Any file that is not a well-formed ELF
    /// executable (or cannot be read) is <see cref="ProgramKind.Unknown"/>.</summary>
    public static ProgramKind Inspect(string path)
    {
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            return Inspect(f);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return ProgramKind.Unknown;
        }
    }

    private static ProgramKind Inspect(FileStream f)
    {
        byte[] ident = Read(f, 0, 64);
        if (ident.Length < 52 || ident[0] != 0x7f || ident[1] != 'E' || ident[2] != 'L' || ident[3] != 'F')
        {
            return ProgramKind.Unknown;
        }

        var elf = new ElfLayout(ident[4] == 2, ident[5] == 2);
        if (elf.Is64 && ident.Length < 64)
        {
            return ProgramKind.Unknown;
        }

        ReadOnlySpan<byte> h = ident;
        long phoff = elf.Word(h, elf.Is64 ? 32 : 28);
        long shoff = elf.Word(h, elf.Is64 ? 40 : 32);
        int at = elf.Is64 ? 54 : 42;
        int phentsize = elf.U16(h, at), phnum = elf.U16(h, at + 2), shentsize = elf.U16(h, at + 4), shnum = elf.U16(h, at + 6), shstrndx = elf.U16(h, at + 8);

        bool interp = false, go = false;
        byte[] ph = phnum > 0 && phentsize >= (elf.Is64 ? 56 : 32) && phnum < 4096 ? Read(f, phoff, phentsize * phnum) : [];
        int headers = ph.Length == 0 ? 0 : ph.Length / phentsize;
        for (int i = 0; i < headers; i++)
        {
            ReadOnlySpan<byte> p = ph.AsSpan(i * phentsize, phentsize);
            uint type = elf.U32(p, 0);
            if (type == PtInterp)
            {
                interp = true;
            }
            else if (type == PtNote)
            {
                long offset = elf.Word(p, elf.Is64 ? 8 : 4), size = elf.Word(p, elf.Is64 ? 32 : 16);
                go |= HasGoNote(elf, Read(f, offset, (int)Math.Min(size, 1 << 16)));
            }
        }

        go |= HasSection(f, elf, shoff, shentsize, shnum, shstrndx, GoBuildIdSection);
        return go ? ProgramKind.Go : interp ? ProgramKind.Dynamic : ProgramKind.Static;
    }

    /// <summary>Walks a note segment (namesz, descsz, type, name, desc; 4-byte aligned) for Go's build id.</summary>
    private static bool HasGoNote(ElfLayout elf, byte[] notes)
    {
        for (int o = 0; o + 12 <= notes.Length;)
        {
            int namesz = (int)elf.U32(notes, o), descsz = (int)elf.U32(notes, o + 4);
            uint type = elf.U32(notes, o + 8);
            if (namesz < 0 || descsz < 0 || namesz > notes.Length || descsz > notes.Length)
            {
                return false;
            }

            int name = o + 12;
            // cmd/link writes the name as "Go\0\0" (namesz 4); "Go\0" (3) is the same name
            if (type == NtGoBuildId && namesz is 3 or 4 && name + 3 <= notes.Length && notes[name] == 'G' && notes[name + 1] == 'o' && notes[name + 2] == 0)
            {
                return true;
            }

            o = name + Align4(namesz) + Align4(descsz);
        }

        return false;
    }

    private static bool HasSection(FileStream f, ElfLayout elf, long shoff, int shentsize, int shnum, int shstrndx, string wanted)
    {
        if (shoff <= 0 || shnum <= 0 || shnum >= 65280 || shstrndx >= shnum || shentsize < (elf.Is64 ? 64 : 40))
        {
            return false;
        }

        byte[] sh = Read(f, shoff, shentsize * shnum);
        if (sh.Length < shentsize * shnum)
        {
            return false;
        }

        ReadOnlySpan<byte> strtabHeader = sh.AsSpan(shstrndx * shentsize, shentsize);
        long strOffset = elf.Word(strtabHeader, elf.Is64 ? 24 : 16), strSize = elf.Word(strtabHeader, elf.Is64 ? 32 : 20);
        byte[] names = Read(f, strOffset, (int)Math.Min(strSize, 1 << 20));
        byte[] target = Encoding.ASCII.GetBytes(wanted + "\0");
        for (int i = 0; i < shnum; i++)
        {
            int nameAt = (int)elf.U32(sh.AsSpan(i * shentsize), 0);
            if (nameAt >= 0 && nameAt + target.Length <= names.Length && names.AsSpan(nameAt, target.Length).SequenceEqual(target))
            {
                return true;
            }
        }

        return false;
    }

    private static int Align4(int n) => (n + 3) & ~3;

    private static byte[] ReadHead(string path, int count)
    {
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            return Read(f, 0, count);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return [];
        }
    }

    /// <summary>Up to <paramref name="count"/> bytes at <paramref name="offset"/>; fewer at the end of the file.</summary>
    private static byte[] Read(FileStream f, long offset, int count)
    {
        if (offset < 0 || count <= 0 || offset >= f.Length)
        {
            return [];
        }

        var buf = new byte[(int)Math.Min(count, f.Length - offset)];
        f.Position = offset;
        f.ReadExactly(buf);
        return buf;
    }

    /// <summary>Field readers for one ELF class and byte order.</summary>
    private readonly record struct ElfLayout(bool Is64, bool BigEndian)
    {
        public ushort U16(ReadOnlySpan<byte> b, int at) => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);

        public uint U32(ReadOnlySpan<byte> b, int at) => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);

        /// <summary>An address, offset or size: 8 bytes in ELF64, 4 in ELF32 (kept non-negative).</summary>
        public long Word(ReadOnlySpan<byte> b, int at) => Is64
            ? (long)Math.Min(BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b[at..]) : BinaryPrimitives.ReadUInt64LittleEndian(b[at..]), long.MaxValue)
            : U32(b, at);
    }
}
