namespace SeaNet.Preload.Launch;

/// <summary>
/// Finds the program to run the way execvp(3) does: a name with a slash is used as is, anything
/// else is looked up in each PATH entry in order (an empty entry is the current directory).
/// Done here because .NET's own lookup also tries the launcher's directory and the current
/// directory first, which a shell would not.
/// </summary>
internal static class CommandResolver
{
    /// <returns>The path to execute, or null with <paramref name="exitCode"/> 127 (not found) or 126 (found, not executable).</returns>
    public static string? Resolve(string name, string? pathVariable, out int exitCode)
    {
        exitCode = 0;
        if (name.Contains('/'))
        {
            return Path.GetFullPath(name);
        }

        bool sawNonExecutable = false;
        foreach (string entry in (pathVariable ?? "/usr/local/bin:/usr/bin:/bin").Split(':'))
        {
            string candidate = Path.Combine(entry.Length == 0 ? "." : entry, name);
            try
            {
                var info = new FileInfo(candidate);
                if (!info.Exists)
                {
                    continue;
                }

                const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
                if ((info.UnixFileMode & anyExecute) != 0)
                {
                    return Path.GetFullPath(candidate);
                }

                sawNonExecutable = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // unreadable PATH entry: skip it, as execvp does
            }
        }

        exitCode = sawNonExecutable ? 126 : 127;
        return null;
    }
}
