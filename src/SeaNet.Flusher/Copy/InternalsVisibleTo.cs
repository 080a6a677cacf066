using System.Runtime.CompilerServices;

// The copy tests read the copy-method cache and drive the bandwidth limiter with a fake clock.
[assembly: InternalsVisibleTo("SeaNet.Core.Tests")]
