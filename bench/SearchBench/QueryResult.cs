namespace SearchBench;

/// <summary>How one compose query ended, as Teams would see it.</summary>
internal enum QueryOutcome
{
    Results,
    StillSearching,
    OtherMessage,
    Error,
}

internal readonly record struct QueryResult(double Milliseconds, QueryOutcome Outcome);
