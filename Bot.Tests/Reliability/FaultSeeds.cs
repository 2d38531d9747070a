using System.Globalization;

namespace Bot.Tests.Reliability;

/// <summary>The seed of a reliability run: fixed by default so the suite is repeatable, overridable to explore.</summary>
public static class FaultSeeds
{
    public static int From(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : fallback;
}
