using System.Text;
using SeaNet.Core.Channel;

namespace SeaNet.Flusher.Workers;

/// <summary>
/// The temporaries a flush may have left on the persistent tier: each is written here before it
/// is created, and the file is emptied whenever no copy is under way. A daemon killed mid-flush
/// leaves the names here; the next one removes them before flushing again, so no temporary stays
/// visible on the persistent tier. Kept in the first cache tier (fast, private to the job), under a
/// hidden name. Threading: thread-safe.
/// </summary>
public sealed class FlushJournal : IDisposable
{
    public const string FileName = ShmLayout.HiddenPrefix + "flush-journal";

    private readonly object gate = new();
    private readonly FileStream stream;
    private int active;

    public FlushJournal(string directory)
    {
        PathName = Path.Join(directory, FileName);
        stream = new FileStream(PathName, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
    }

    public string PathName { get; }


    /// <summary>Removes the temporaries a previous daemon left (only hidden names, never anything
    /// else even if the journal was tampered with), then empties the journal. Returns how many.</summary>
    public int RecoverLeftovers()
    {
        lock (gate)
        {
            stream.Position = 0;
            string text;
            using (var reader = new StreamReader(stream, Encoding.UTF8, false, 4096, leaveOpen: true))
            {
                text = reader.ReadToEnd();
            }

            int removed = 0;
            foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (Path.IsPathRooted(line) && Path.GetFileName(line).StartsWith(ShmLayout.HiddenPrefix, StringComparison.Ordinal) && File.Exists(line))
                {
                    try
                    {
                        File.Delete(line);
                        removed++;
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        // left for the next recovery; the name is hidden from the mount
                    }
                }
            }

            stream.SetLength(0);
            return removed;
        }
    }

    /// <summary>A copy to <paramref name="tempPath"/> begins (call <see cref="End"/> when it is published or removed).</summary>
    public void Begin(string tempPath)
    {
        byte[] line = Encoding.UTF8.GetBytes(tempPath + "\n");
        lock (gate)
        {
            active++;
            try
            {
                stream.Seek(0, SeekOrigin.End);
                stream.Write(line);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // a full cache tier must not stop the flush that would free it: the temporary
                // goes unjournaled (hidden; only a crash in this very copy would leave it)
            }
        }
    }

    /// <summary>A copy begun with <see cref="Begin"/> is published or abandoned; the journal is emptied
    /// when the last active one ends.</summary>
    public void End(int count = 1)
    {
        lock (gate)
        {
            active -= count;
            if (active == 0)
            {
                try
                {
                    stream.SetLength(0);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    // emptied at the next End, or recovered at the next start
                }
            }
        }
    }

    public void Dispose() => stream.Dispose();
}
