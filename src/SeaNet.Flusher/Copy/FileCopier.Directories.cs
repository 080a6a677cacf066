using System.Runtime.InteropServices;
using SeaNet.Core.Interop;

namespace SeaNet.Flusher.Copy;

/// <summary>Creating the destination directories a copy needs.</summary>
public sealed partial class FileCopier
{
    /// <summary>Creates <c>destRoot/relativeDir</c> (and missing ancestors) like the source directory
    /// (see <see cref="CreateDirectory"/>): for the drain's directories that hold no file.</summary>
    /// <returns>null on success, else "operation path: strerror".</returns>
    public string? EnsureDirectory(string sourceRoot, string destRoot, string relativeDir) =>
        CreateDirectory(sourceRoot, destRoot, relativeDir) is { } failure ? failure.Error ?? failure.Status.ToString() : null;

    /// <summary>Creates <c>destRoot/relativeDir</c> and any missing ancestor below
    /// <paramref name="destRoot"/> (never the root itself), each with the permission bits of the same
    /// directory below <paramref name="sourceRoot"/>, set exactly (mkdir's mode is filtered by the umask).
    /// A directory that already exists, or that another worker creates meanwhile, is left as it is.</summary>
    /// <returns>null on success, else the failure (SourceGone if the source directory vanished).</returns>
    private unsafe CopyResult? CreateDirectory(string sourceRoot, string destRoot, string relativeDir)
    {
        string sourceDir = Join(sourceRoot, relativeDir);
        Libc.Statx st;
        if (Libc.statx(Libc.AT_FDCWD, sourceDir, 0, Libc.STATX_BASIC_STATS, &st) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno is ENOENT or ENOTDIR ? Gone() : Failure(errno, "stat", sourceDir);
        }

        uint mode = st.stx_mode & PermissionBits;
        string dir = Join(destRoot, relativeDir);
        bool createdParent = false;
        while (true)
        {
            if (Libc.mkdir(dir, mode) == 0)
            {
                return Libc.chmod(dir, mode) == 0 ? null : Failure(Marshal.GetLastPInvokeError(), "chmod", dir);
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno == EEXIST)
            {
                return null;
            }

            int slash = relativeDir.LastIndexOf('/');
            if (errno == ENOENT && !createdParent && slash > 0)
            {
                createdParent = true;
                CopyResult? parent = CreateDirectory(sourceRoot, destRoot, relativeDir[..slash]);
                if (parent is not null)
                {
                    return parent;
                }

                continue;
            }

            return Failure(errno, "mkdir", dir);
        }
    }
}
