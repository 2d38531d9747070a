using System.Runtime.InteropServices;

namespace PipelineBench;

/// <summary>Process has no way to send SIGTERM, which lets a target shut down cleanly.</summary>
internal static partial class NativeMethods
{
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
