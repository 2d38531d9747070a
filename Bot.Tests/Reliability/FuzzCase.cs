using System.Net;

namespace Bot.Tests.Reliability;

/// <summary>One generated request: what it is (for the failure message), the raw body, and whether it is an invoke.</summary>
public sealed record FuzzCase(int Index, string Description, string Body, bool IsInvoke);

/// <summary>How the bot answered one case.</summary>
public sealed record FuzzResult(FuzzCase Case, HttpStatusCode? Status, string? Failure)
{
    /// <summary>
    /// The protocol's answer to an invoke no route handles is 501 (docs/teams-protocol.md, "HTTP answers", the SDKs'
    /// default): a deliberate
    /// refusal, not a server fault. Every other 5xx, and any transport failure, is a loss.
    /// </summary>
    public bool Lost => Failure is not null || ((int?)Status >= 500 && !(Status == HttpStatusCode.NotImplemented && Case.IsInvoke));

    public bool Refused => !Lost && (int?)Status >= 400;

    public string Class => Lost ? "5xx" : Status == HttpStatusCode.NotImplemented ? "501" : Refused ? "4xx" : "2xx";

    public override string ToString() =>
        $"case {Case.Index} ({Case.Description}) → {(Status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : Failure)}; body starts: {Shorten(Case.Body)}";

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300] + $"… ({body.Length} chars)";
}
