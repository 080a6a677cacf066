using SeaNet.Core.Interop;
using Xunit;

namespace SeaNet.Tests.Interop;

public class SafeFdTests
{
    [Fact]
    public void A_failed_open_is_an_invalid_handle()
    {
        using SafeFd fd = Libc.open("/nonexistent/seanet/" + Guid.NewGuid(), Libc.O_RDONLY, 0);
        Assert.True(fd.IsInvalid);
        Assert.Equal(-1, fd.Value);
    }

    [Fact]
    public void A_successful_open_is_a_valid_handle()
    {
        using SafeFd fd = Libc.open("/proc/self/status", Libc.O_RDONLY, 0);
        Assert.False(fd.IsInvalid);
        Assert.True(fd.Value >= 0);
    }
}
