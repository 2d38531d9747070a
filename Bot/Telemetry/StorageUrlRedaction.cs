using System.Diagnostics;
using OpenTelemetry;

namespace HubSpotTeamsBot.Telemetry;

/// <summary>
/// Storage dependency spans (from the Azure SDK, exported by the Azure Monitor distro) carry the request URL, and the
/// bot's table keys hold tenant ids and short-lived sign-in codes. This keeps the account and table, and drops the
/// entity keys and query, before any exporter sees the span.
/// </summary>
internal sealed class StorageUrlRedaction : BaseProcessor<Activity>
{
    private static readonly string[] UrlTags = ["url.full", "http.url", "az.table.url"];

    public override void OnEnd(Activity data)
    {
        foreach (var tag in UrlTags)
        {
            if (data.GetTagItem(tag) is string url && Redact(url) is { } redacted && redacted != url) data.SetTag(tag, redacted);
        }
    }

    /// <summary>https://acct.table.core.windows.net/Table(PartitionKey='t',RowKey='k')?x=y → https://acct.table.core.windows.net/Table(…)</summary>
    internal static string? Redact(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return url;
        var path = uri.AbsolutePath;
        var keys = path.IndexOf('(', StringComparison.Ordinal);
        if (keys >= 0) path = path[..keys] + "(…)";
        return $"{uri.GetLeftPart(UriPartial.Authority)}{path}";
    }
}
