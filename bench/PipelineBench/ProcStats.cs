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

    /// <summary>
    /// Waits until the whole box has been nearly idle (under 10 % of its CPUs busy) for half a second, or
    /// <paramref name="atMost"/> has passed; returns how long it waited. A cold start measured while the benchmark's
    /// own process is still compiling its warmed-up code (a profile showed ~0.8 s of it during the first target's
    /// start) would pay for that, and the targets started later would not.
    /// </summary>
    public static async Task<TimeSpan> WaitForQuietBoxAsync(TimeSpan atMost)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var quietSamples = 0;
        var (busy, total) = BoxTicks();
        while (quietSamples < 2 && System.Diagnostics.Stopwatch.GetElapsedTime(started) < atMost)
        {
            await Task.Delay(250);
            var (nextBusy, nextTotal) = BoxTicks();
            var fraction = nextTotal == total ? 0 : (double)(nextBusy - busy) / (nextTotal - total);
            quietSamples = fraction < 0.10 ? quietSamples + 1 : 0;
            (busy, total) = (nextBusy, nextTotal);
        }
        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Busy and total CPU ticks of the whole box since boot (first line of /proc/stat).</summary>
    private static (long Busy, long Total) BoxTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4]; // idle + iowait
        return (total - idle, total);
    }

    private static long StatusKiB(int pid, string key)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(key, StringComparison.Ordinal));
        return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
