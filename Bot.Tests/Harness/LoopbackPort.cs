using System.Net;
using System.Net.Sockets;

namespace Bot.Tests.Harness;

public static class LoopbackPort
{
    /// <summary>A port that was free on 127.0.0.1 a moment ago, for servers whose address must be known before they start.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
