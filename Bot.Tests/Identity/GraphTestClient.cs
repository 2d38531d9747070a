using Bot.Tests.Harness;
using HubSpotTeamsBot.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Identity;

/// <summary>A DirectoryClient wired exactly like production (Graph SDK middleware, base URL) but anonymous and
/// pointed at the loopback stub.</summary>
internal static class GraphTestClient
{
    public static DirectoryClient Create(GraphStub stub, int maxRetries = 0, TimeSpan? timeout = null) => Create(stub.BaseUrl, maxRetries, timeout);

    public static DirectoryClient Create(Uri baseUrl, int maxRetries = 0, TimeSpan? timeout = null) =>
        new(Options.Create(new GraphOptions
        {
            BaseUrl = baseUrl,
            UseAnonymousAuthForTesting = true,
            MaxRetries = maxRetries,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        }), NullLogger<DirectoryClient>.Instance);
}
