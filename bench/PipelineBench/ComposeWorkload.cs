using Bench.Shared;
using Bot.Tests.Harness;

namespace PipelineBench;

/// <summary>
/// What a compose-query level needs besides a target: users the tenant has granted Viewer (worker i is user i), the
/// warmed keywords the workers cycle through, and the HubSpot calls the sandbox saw, read at the edges of the
/// measured window.
/// </summary>
internal sealed record ComposeWorkload(
    IReadOnlyList<TeamsUser> Users,
    WarmQueries Queries,
    Func<Task<HubSpotStats>> HubSpotStats);

/// <summary>The compose level's own figures over the measured window.</summary>
internal sealed record ComposeFigures(HubSpotStats HubSpotCalls, WarmQueries Queries);
