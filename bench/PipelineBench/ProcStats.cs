using System.Globalization;

namespace PipelineBench;

/// <summary>What the kernel knows about a target process: CPU time over all its threads, and resident memory.</summary>
internal static class ProcStats
{
    // USER_HZ; `getconf CLK_TCK` is 100 on every Linux this runs on, and bench/run.sh checks it.
    private const double TicksPerSecond = 100;

    /// <summary>utime + stime from /proc/&lt;pid&gt;/stat (fields 14 and 15).</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may hold spaces; every later field follows its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Peak resident set (VmHWM) in MiB.</summary>
    public static double PeakRssMiB(int pid) => StatusKiB(pid, "VmHWM:") / 1024.0;

    public static double RssMiB(int pid) => StatusKiB(pid, "VmRSS:") / 1024.0;

    /// <summary>Restarts the peak-RSS count from the current RSS, so a level's peak is its own (needs root).</summary>
    public static bool ResetPeakRss(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();

    private static long StatusKiB(int pid, string key)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(key, StringComparison.Ordinal));
        return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
