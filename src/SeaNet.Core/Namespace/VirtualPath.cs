using System.Text;
using System.Text.Unicode;

namespace SeaNet.Core.Namespace;

/// <summary>Why a path from the channel was refused.</summary>
public enum PathRejection
{
    None = 0,
    Empty,
    NotAbsolute,
    NotUnderMount,
    NotNormalised,
    DotDot,
    NotUtf8,
}

/// <summary>
/// Virtual paths: absolute, normalised paths under the mount. The shim normalises before it
/// sends, so the daemon does not repair paths, it refuses any that are not already in
/// canonical form (a <c>..</c>, <c>.</c>, empty component or trailing slash), outside the
/// mount (component-wise, never a substring match: <c>/mnt2</c> is not under <c>/mnt</c>), or
/// not valid UTF-8 (names are .NET strings; see docs/protocol.md).
/// </summary>
public static class VirtualPath
{
    /// <summary>Validates <paramref name="path"/> (no NUL) against <paramref name="mount"/> (UTF-8,
    /// absolute, no trailing slash) and decodes it. The mount itself is not a valid file path.</summary>
    public static PathRejection TryDecode(ReadOnlySpan<byte> path, ReadOnlySpan<byte> mount, out string decoded)
    {
        decoded = string.Empty;
        PathRejection r = Check(path, mount);
        if (r != PathRejection.None)
        {
            return r;
        }

        if (!Utf8.IsValid(path))
        {
            return PathRejection.NotUtf8;
        }

        decoded = Encoding.UTF8.GetString(path);
        return PathRejection.None;
    }

    /// <summary>The structural checks of <see cref="TryDecode"/>, without decoding.</summary>
    public static PathRejection Check(ReadOnlySpan<byte> path, ReadOnlySpan<byte> mount)
    {
        if (path.IsEmpty)
        {
            return PathRejection.Empty;
        }

        if (path[0] != (byte)'/')
        {
            return PathRejection.NotAbsolute;
        }

        // Component-wise prefix: "<mount>/" then at least one byte. A mount of "/" is "/" itself.
        int rest = mount.Length == 1 && mount[0] == (byte)'/' ? 1 : mount.Length + 1;
        if (path.Length <= rest || !path.StartsWith(mount) || path[rest - 1] != (byte)'/')
        {
            return PathRejection.NotUnderMount;
        }

        ReadOnlySpan<byte> tail = path[rest..];
        while (true)
        {
            int slash = tail.IndexOf((byte)'/');
            ReadOnlySpan<byte> component = slash < 0 ? tail : tail[..slash];
            if (component.IsEmpty || (component.Length == 1 && component[0] == (byte)'.'))
            {
                return PathRejection.NotNormalised;
            }

            if (component.Length == 2 && component[0] == (byte)'.' && component[1] == (byte)'.')
            {
                return PathRejection.DotDot;
            }

            if (slash < 0)
            {
                return PathRejection.None;
            }

            tail = tail[(slash + 1)..];
        }
    }

    /// <summary>True if <paramref name="path"/> is strictly below directory <paramref name="dir"/>.</summary>
    public static bool IsBelow(string path, string dir) =>
        path.Length > dir.Length + 1 && path[dir.Length] == '/' && path.StartsWith(dir, StringComparison.Ordinal);

    /// <summary>The path relative to the mount ("a/b" for "/mnt/a/b"), or null if not under it.</summary>
    public static string? RelativeToMount(string path, string mount)
    {
        if (mount == "/")
        {
            return path.Length > 1 && path[0] == '/' ? path[1..] : null;
        }

        return IsBelow(path, mount) ? path[(mount.Length + 1)..] : null;
    }
}
