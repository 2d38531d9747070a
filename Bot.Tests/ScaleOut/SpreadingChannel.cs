using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;

namespace Bot.Tests.ScaleOut;

/// <summary>
/// The channel in front of the instances, as App Service's load balancer plus the Bot Connector behave: activities go
/// round-robin; a refused connection or a 503 is tried again on the next instance after a short pause, until an
/// instance answers 202 (the activity is acknowledged) or the channel gives up.
/// </summary>
public sealed class SpreadingChannel(ScaleOutCluster cluster) : IDisposable
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);
    private readonly HttpClient[] _clients = Enumerable.Range(0, cluster.Instances)
        .Select(i => new HttpClient { BaseAddress = cluster.AddressOf(i), Timeout = TimeSpan.FromSeconds(15) })
        .ToArray();
    private int _next;
    private int _acknowledged;
    private int _unanswered;

    public string ServiceUrl => cluster.Simulator.ServiceUrl;

    /// <summary>Activities answered 202.</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>Requests sent that got no HTTP answer at all (the instance died holding them): the bot may have stored them.</summary>
    public int Unanswered => Volatile.Read(ref _unanswered);

    /// <summary>True once an instance acknowledged the activity; false if the channel gave up.</summary>
    public async Task<bool> DeliverAsync(JsonObject activity)
    {
        var deadline = DateTime.UtcNow + GiveUpAfter;
        var instance = Interlocked.Increment(ref _next);
        for (var attempt = 0; DateTime.UtcNow < deadline; attempt++, instance++)
        {
            var target = new SimulatedTeams(cluster.Simulator, _clients[(instance & int.MaxValue) % _clients.Length]);
            try
            {
                using var response = await target.PostAsync(activity);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref _acknowledged);
                    return true;
                }
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable) return false;
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                // Nobody listening: the instance is down; the next one gets it.
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                Interlocked.Increment(ref _unanswered);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 100 * (attempt + 1))));
        }
        return false;
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
    }
}
