namespace SeaNet.Core.Configuration;

/// <summary>Lexical path arithmetic for configured directories. No file system access: symlinks
/// are not resolved, because a tier may not exist yet when the file is read.</summary>
internal static class ConfigPath
{
    /// <summary>Makes <paramref name="path"/> absolute against <paramref name="baseDirectory"/> and
    /// normalises it: no empty, <c>.</c> or <c>..</c> components, no trailing slash.</summary>
    public static string Absolute(string path, string baseDirectory) =>
        Normalize(path.StartsWith('/') ? path : baseDirectory + "/" + path);

    /// <summary>Normalises an absolute path lexically; <c>..</c> above the root stays at the root, as the kernel does.</summary>
    public static string Normalize(string absolutePath)
    {
        var parts = new List<string>();
        foreach (string part in absolutePath.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="directory"/> or lies under it,
    /// component-wise (<c>/a/bc</c> is not under <c>/a/b</c>). Both must be normalised.</summary>
    public static bool IsSameOrInside(string path, string directory) =>
        path == directory
        || directory == "/"
        || (path.Length > directory.Length && path.StartsWith(directory, StringComparison.Ordinal) && path[directory.Length] == '/');
}
