namespace SeaNet.Tests;

/// <summary>Runs a command-line entry point (<c>sea ls</c>, <c>sea check</c>, <c>sea pack</c>, …)
/// in-process with stdout and stderr captured. Console is process-wide: tests using this belong to
/// the "Console" collection, so they never run in parallel.</summary>
internal static class ConsoleCapture
{
    public static (int Status, string Out, string Err) Run(Func<string[], int> command, params string[] args)
    {
        TextWriter oldOut = Console.Out, oldErr = Console.Error;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            return (command(args), stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
