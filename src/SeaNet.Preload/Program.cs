using SeaNet.Preload.Cli;
using SeaNet.Preload.Daemon;
using SeaNet.Preload.Launch;

// One executable, three personalities chosen by the name it was started under
// (bin/sea_launch, bin/sea_launch.sh and bin/sea are symlinks to bin/seanetd).
string invokedAs = Path.GetFileName(Environment.GetCommandLineArgs()[0]);
return invokedAs switch
{
    "sea_launch" or "sea_launch.sh" => Launcher.Run(args),
    "sea" => SeaCommand.Run(args),
    _ => args switch
    {
        ["serve", .. var rest] => DaemonHost.Serve(rest),
        ["launch", .. var rest] => Launcher.Run(rest),
        ["status", .. var rest] => StatusCommand.Run(rest),
        ["-h" or "--help" or "help", ..] => Help(Console.Out, 0),
        _ => Help(Console.Error, 2),
    },
};

static int Help(TextWriter to, int status)
{
    to.Write(DaemonOptions.Usage);
    return status;
}
