using System.Diagnostics;
using Xunit;

namespace SeaNet.Tests;

/// <summary>Runs a program (no shell, arguments as given) and collects what it printed: for the tests
/// that check SeaNet's files with independent tools (gcc, objcopy, unzip, python3's zipfile and zarr).</summary>
internal static class ExternalProgram
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string program, IEnumerable<string> args, string? cwd = null)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (cwd is not null)
        {
            psi.WorkingDirectory = cwd;
        }

        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    /// <summary>The program's standard output; the test fails if the program exits non-zero.</summary>
    public static string Output(string program, params string[] args)
    {
        (int rc, string stdout, string stderr) = Run(program, args);
        Assert.True(rc == 0, $"{program} {string.Join(' ', args)}: exit {rc}: {stderr}");
        return stdout;
    }
}
