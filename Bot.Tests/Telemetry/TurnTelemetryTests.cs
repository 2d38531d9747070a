using System.Diagnostics;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static Bot.Tests.Features.Contacts.ContactKit;

namespace Bot.Tests.Telemetry;

/// <summary>The bot with in-memory OpenTelemetry exporters on the same providers Application Insights would use.</summary>
public sealed class TelemetryBotFixture : CrmBotFixture
{
    public List<Activity> Spans { get; } = [];
    public List<Metric> Metrics { get; } = [];
    public List<LogRecord> Logs { get; } = [];

    protected override void ConfigureServices(IServiceCollection services)
    {
        // Request spans as the Azure Monitor distro records them, so invoke turns (children of the request) are sampled.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddAspNetCoreInstrumentation().AddInMemoryExporter(Spans));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        services.AddLogging(logging => logging.AddOpenTelemetry(o => o.AddInMemoryExporter(Logs)));
    }

    /// <summary>Pushes what the providers hold into the exporters.</summary>
    public void Flush()
    {
        Host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        Host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        Host.Services.GetRequiredService<LoggerProvider>().ForceFlush();
    }
}

/// <summary>
/// One create-contact turn as an operator sees it: a turn span (type, route, outcome, hashed tenant), a HubSpot call
/// span (operation, status, retries, limiter wait), the turn and HubSpot metrics — and no token, secret or text the
/// user typed in any exported attribute, metric tag or log record.
/// </summary>
public sealed class TurnTelemetryTests(TelemetryBotFixture bot) : IClassFixture<TelemetryBotFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => bot.StartLinkedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_create_contact_turn_exports_its_spans_and_metrics_without_user_text_or_secrets()
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        var email = NewEmail();
        const string FirstName = "Zebulonquist";
        var form = await NewContactFormAsync(bot, chat, bot.Editor);
        var result = await ExecuteAsync(bot, chat, bot.Editor, RecordCards.Verbs.ContactCreate, Fill(ButtonData(form), ("firstname", FirstName), ("email", email)));
        Assert.Contains("Contact created", AllText(result), StringComparison.Ordinal);
        var link = await bot.Host.Services.GetRequiredService<PortalLinkStore>().GetAsync(ChannelSimulator.BotTenantId);
        bot.Flush();

        // Other test classes' bots share the process-wide source and meter, so spans are matched by trace, not counted.
        var spans = bot.Spans.ToList();
        var creates = spans.Where(s => s.OperationName == "hubspot.call"
                                       && (string?)s.GetTagItem(TelemetryTags.HubSpotOperation) == "POST /crm/objects/{}/contacts").ToList();
        var turn = spans.FirstOrDefault(s => s.OperationName == "bot.turn" && (string?)s.GetTagItem(TelemetryTags.Route) == "invoke adaptiveCard/action"
                                    && creates.Any(c => c.TraceId == s.TraceId));
        Assert.True(turn is not null, "no create-contact turn span with its HubSpot call among: " + string.Join("; ", spans.Select(s => $"{s.OperationName} {s.TraceId} {string.Join(',', s.TagObjects.Select(t => $"{t.Key}={t.Value}"))}")));
        var create = creates.First(c => c.TraceId == turn.TraceId);
        Assert.Equal("invoke", turn.GetTagItem(TelemetryTags.ActivityType));
        Assert.Equal("ok", turn.GetTagItem(TelemetryTags.Outcome));
        Assert.Equal(TelemetryTags.HashTenant(ChannelSimulator.BotTenantId), turn.GetTagItem(TelemetryTags.TenantHash));
        Assert.Equal("201", create.GetTagItem(TelemetryTags.HubSpotStatus));
        Assert.Equal(0, create.GetTagItem(TelemetryTags.HubSpotRetries));
        Assert.IsType<double>(create.GetTagItem(TelemetryTags.HubSpotLimiterWaitMs));
        Assert.Equal(ActivityKind.Client, create.Kind);

        var names = bot.Metrics.Select(m => m.Name).ToHashSet();
        Assert.Subset(names, new HashSet<string> { "bot.turns", "bot.turn.duration", "hubspot.calls", "hubspot.limiter.wait" });
        Assert.Contains(PointsOf("bot.turns"), p => p.Tags.Contains(new(TelemetryTags.Route, "invoke adaptiveCard/action")) && p.Tags.Contains(new(TelemetryTags.Outcome, "ok")));
        Assert.Contains(PointsOf("hubspot.calls"), p => p.Tags.Contains(new(TelemetryTags.HubSpotOperation, "POST /crm/objects/{}/contacts")) && p.Tags.Contains(new(TelemetryTags.HubSpotStatus, "201")));

        string[] forbidden =
        [
            FirstName, email, bot.Editor.Email, bot.Editor.Name, ChannelSimulator.BotTenantId, ChannelSimulator.AppPassword,
            SandboxHost.ClientSecret, link!.AccessToken, link.RefreshToken,
        ];
        Assert.Contains(bot.Spans.ToList(), s => s.Source.Name == "Microsoft.AspNetCore" && Equals(s.GetTagItem("server.port"), bot.Host.Port));
        var exported = ExportedText();
        Assert.NotEmpty(bot.Logs);
        Assert.All(forbidden, secret => Assert.DoesNotContain(secret, exported, StringComparison.OrdinalIgnoreCase));
        // No JWT at all (the channel's inbound token, the bot's outbound token): their header always starts "eyJ".
        Assert.DoesNotMatch(@"eyJ[A-Za-z0-9_-]{10,}\.", exported);
    }

    private List<(MetricPoint Point, List<KeyValuePair<string, object?>> Tags)> PointsOf(string name)
    {
        var points = new List<(MetricPoint, List<KeyValuePair<string, object?>>)>();
        foreach (var metric in bot.Metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new List<KeyValuePair<string, object?>>();
                foreach (var tag in point.Tags) tags.Add(tag);
                points.Add((point, tags));
            }
        }
        return points;
    }

    /// <summary>Every attribute, metric tag and log record (message, template values, exception) the exporters received.</summary>
    private string ExportedText()
    {
        var parts = new List<string>();
        // The stand-ins (simulator, sandbox, Graph stub) are ASP.NET Core apps in this process too: their request spans
        // are not the bot's export, so only the bot's own source and requests to the bot's port are read.
        foreach (var span in bot.Spans.ToList().Where(s => s.Source.Name == BotTelemetry.Name || Equals(s.GetTagItem("server.port"), bot.Host.Port)))
        {
            parts.Add(span.DisplayName);
            parts.AddRange(span.TagObjects.Select(t => $"{t.Key}={t.Value}"));
            parts.AddRange(span.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}")));
        }
        foreach (var metric in bot.Metrics.ToList())
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var tag in point.Tags) parts.Add($"{tag.Key}={tag.Value}");
            }
        }
        foreach (var log in bot.Logs.ToList())
        {
            parts.Add(log.FormattedMessage ?? string.Empty);
            parts.Add(log.Body ?? string.Empty);
            if (log.Attributes is not null) parts.AddRange(log.Attributes.Select(a => $"{a.Key}={a.Value}"));
            if (log.Exception is not null) parts.Add(log.Exception.ToString());
        }
        return string.Join('\n', parts);
    }
}
