using System.Net;
using System.Net.Sockets;

namespace Bot.Tests.Harness;

/// <summary>
/// Ports for servers whose address must be known before they start (the bot names its own URLs in its settings,
/// Azurite is restarted on the same port). They come from below the system's ephemeral range: a port the system handed
/// out for "any free port" and took back can be handed out again — to another test's server or as the source port of
/// an outgoing connection — before our server binds it, which a full run hit. Below that range only an explicit
/// choice can take it, and this process never hands out the same port twice.
/// </summary>
public static class LoopbackPort
{
    private const int PoolSize = 12_000;
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> HandedOut = [];
    private static readonly int PoolEnd = EphemeralRangeStart();

    /// <summary>A port free on 127.0.0.1 now that no other part of this process will be given.</summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(PoolEnd - PoolSize, PoolEnd);
            lock (Gate)
            {
                if (!HandedOut.Add(port)) continue;
            }
            if (CanBind(port)) return port;
        }
        throw new InvalidOperationException($"No free loopback port between {PoolEnd - PoolSize} and {PoolEnd}.");
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Linux says where its range starts; elsewhere the defaults (Linux 32768, Windows and macOS 49152) are above ours.</summary>
    private static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        var start = File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], out var low) ? low : 32768;
        // Our run.sh stack's fixed ports (3978, 5199, 5299, 10002) stay below the pool.
        return Math.Clamp(start, 10_003 + PoolSize, 32768);
    }
}
