using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Reliability;

/// <summary>
/// Azurite stopped and restarted under a stream of commands and form submits, without restarting the bot: during
/// the outage every answer is the clear "can't reach my storage" (or a retry message) and /healthz says 503; after the
/// restart /healthz says 200, actions succeed again, the portal link and role assignments are intact, and each form
/// that failed during the outage, submitted again, ends as exactly one record.
/// </summary>
public sealed class StorageOutageTests(StorageOutageFixture bot, ITestOutputHelper output) : IClassFixture<StorageOutageFixture>
{
    private const string StorageMessage = "can't reach my storage";
    private static readonly int Seed = FaultSeeds.From("RELIABILITY_STORAGE_SEED", 20261130);

    [Fact]
    public async Task Storage_outage_mid_workload_is_reported_then_recovered_from_without_corrupt_state()
    {
        await bot.LinkPortalAsync();
        adaId = (await bot.Host.Services.GetRequiredService<HubSpotTeamsBot.HubSpot.HubSpotCrmClient>().GetContactByEmailAsync(ChannelSimulator.BotTenantId, "ada@example.com"))!.Id;
        var user = new FaultUser(bot, bot.Editor);
        var random = new Random(Seed);
        var problems = new List<string>();
        var answers = new List<(string Phase, string Action, FaultAnswer Answer)>();
        var forms = new List<(JsonObject Data, string Key, bool Done)>();
        var index = 0;

        async Task ActAsync(string phase, int? choice = null)
        {
            var i = Interlocked.Increment(ref index);
            var (name, answer, form) = (choice ?? random.Next(4)) switch
            {
                0 => ("whoami", Expect(await user.SayAsync(Chat(), "whoami"), "Editor"), ((JsonObject, string)?)null),
                1 => ("find Ada", Expect(await user.SayAsync(Chat(), "find Ada"), "Ada Lovelace"), null),
                2 => await SubmitAsync(user, ContactForm(i)),
                _ => await SubmitAsync(user, NoteForm(i)),
            };
            lock (answers) answers.Add((phase, name, answer));
            if (form is { } f) lock (forms) forms.Add((f.Item1, f.Item2, answer.Kind == FaultAnswerKind.Success));
        }

        for (var i = 0; i < 3; i++) await ActAsync("before");
        Assert.Equal(HttpStatusCode.OK, await HealthAsync());

        // Storage goes away while actions are in flight (HubSpot slowed so they span the stop), and stays away for a
        // stream of them.
        await bot.Sandbox.Admin.SetBehaviourAsync(new { latencyMs = 250 });
        var inFlight = Task.WhenAll(ActAsync("stopping"), ActAsync("stopping"), ActAsync("stopping"));
        await Task.Delay(random.Next(100, 600));
        await bot.Azurite.StopAsync();
        await inFlight;
        await bot.Sandbox.Admin.ResetBehaviourAsync();
        var healthDown = await HealthAsync();
        // At least one contact and one note form fail during the outage, so the retries after it are always tested.
        await ActAsync("down", 2);
        await ActAsync("down", 3);
        for (var i = 0; i < 4; i++) await ActAsync("down");

        await bot.Azurite.StartAsync();
        var healthUp = await WaitForHealthAsync();
        for (var i = 0; i < 3; i++) await ActAsync("after");

        // The person submits again every form that did not go through, as the answer asked.
        var retried = 0;
        foreach (var (data, key, done) in forms.Where(f => !f.Done).ToList())
        {
            retried++;
            var answer = await RetryUntilDoneAsync(user, data);
            answers.Add(("retry", key, answer));
            if (answer.Kind != FaultAnswerKind.Success) problems.Add($"a form that failed during the outage, submitted again after it, got: {answer}");
        }

        if (healthDown != HttpStatusCode.ServiceUnavailable) problems.Add($"/healthz during the outage answered {(int)healthDown}, not 503");
        if (healthUp != HttpStatusCode.OK) problems.Add($"/healthz after the restart answered {(int)healthUp}, not 200");
        foreach (var (phase, action, answer) in answers)
        {
            var fine = phase switch
            {
                "before" or "after" or "retry" => answer.Kind == FaultAnswerKind.Success,
                // During the outage: the storage sentence or a retry message; a command served from memory may still succeed.
                _ => answer.Kind is FaultAnswerKind.Success or FaultAnswerKind.Retry || answer.Text.Contains(StorageMessage, StringComparison.Ordinal),
            };
            if (!fine) problems.Add($"{phase} {action}: {answer}");
        }

        foreach (var (_, key, _) in forms)
        {
            var count = await StoredCountAsync(key);
            if (count != 1) problems.Add($"form “{key}”: HubSpot holds {count} records after the outage and the retries (want exactly 1)");
        }

        problems.AddRange(await StateProblemsAsync(user));
        var refused = answers.Count(a => a.Answer.Text.Contains(StorageMessage, StringComparison.Ordinal) || a.Answer.AsksToRetry);
        var line = ReliabilitySummary.Record("faults: storage outage", answers.Count, refused, problems.Count,
            $"forms {forms.Count} (retried after restart {retried}), /healthz {(int)healthDown}→{(int)healthUp}, seed {Seed}");
        output.WriteLine(line);
        foreach (var (phase, action, answer) in answers) output.WriteLine($"{phase,-8} {action}: {answer}");
        Assert.True(problems.Count == 0, $"seed {Seed} (rerun with RELIABILITY_STORAGE_SEED={Seed}):\n" + string.Join("\n", problems));
    }

    /// <summary>A command's answer is a success when it says what the command is for.</summary>
    private static FaultAnswer Expect(FaultAnswer answer, string text) =>
        answer.Kind == FaultAnswerKind.Unclear && answer.Text.Contains(text, StringComparison.Ordinal) ? answer with { Kind = FaultAnswerKind.Success } : answer;

    private TeamsConversation Chat() => TeamsConversation.Personal(bot.Editor);

    private async Task<(string, FaultAnswer, (JsonObject, string)?)> SubmitAsync(FaultUser user, (JsonObject Data, string Key) form) =>
        ($"submit {form.Key}", await user.ExecuteAsync(Chat(), form.Data), form);

    /// <summary>Clicks the same form again while the bot says it is still saving or asks to retry.</summary>
    private async Task<FaultAnswer> RetryUntilDoneAsync(FaultUser user, JsonObject data)
    {
        FaultAnswer answer;
        var clicks = 0;
        do
        {
            answer = await user.ExecuteAsync(Chat(), data);
        }
        while ((answer.AsksToRetry || answer.Text.Contains(StorageMessage, StringComparison.Ordinal)) && ++clicks < 4 && await Pause());
        return answer;
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(500);
        return true;
    }

    private static (JsonObject, string) ContactForm(int i)
    {
        var email = $"outage-{Seed}-{i}@example.com";
        return (new JsonObject
        {
            ["verb"] = "contact.create", ["submissionId"] = Guid.NewGuid().ToString("N"), ["firstname"] = "Outage", ["lastname"] = $"Case {i}", ["email"] = email,
        }, email);
    }

    private (JsonObject, string) NoteForm(int i)
    {
        var text = $"Outage note {Seed} #{i}#";
        return (new JsonObject
        {
            ["verb"] = "activity.log", ["submissionId"] = Guid.NewGuid().ToString("N"), ["recordType"] = "contacts", ["recordId"] = adaId,
            ["recordLabel"] = "Ada Lovelace", ["kind"] = "note", ["body"] = text,
        }, text);
    }

    private string adaId = string.Empty;

    private async Task<int> StoredCountAsync(string key)
    {
        var (type, property) = key.Contains('@', StringComparison.Ordinal) ? ("contacts", "email") : ("notes", "hs_note_body");
        var all = await bot.Sandbox.Admin.GetObjectsAsync(SandboxHost.DemoPortalId, type);
        return all.EnumerateArray().Count(r => r.GetProperty("properties").TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
            && (property == "email" ? string.Equals(v.GetString(), key, StringComparison.OrdinalIgnoreCase) : v.GetString()!.Contains(key, StringComparison.Ordinal)));
    }

    /// <summary>No corrupt state: the link reads back (tokens decrypt, HubSpot accepts them) and every role is as granted.</summary>
    private async Task<List<string>> StateProblemsAsync(FaultUser user)
    {
        var problems = new List<string>();
        var link = await bot.Host.Services.GetRequiredService<PortalLinkStore>().GetAsync(ChannelSimulator.BotTenantId);
        if (link is not { State: PortalLinkState.Linked } || string.IsNullOrEmpty(link.AccessToken))
            problems.Add($"the portal link after the outage: {(link is null ? "missing" : $"{link.State}, token {(string.IsNullOrEmpty(link.AccessToken) ? "unreadable" : "readable")}")}");
        var find = await user.SayAsync(Chat(), "find Ada");
        if (!find.Text.Contains("Ada", StringComparison.Ordinal)) problems.Add($"a HubSpot search on the stored link after the outage answered: {find}");
        var roles = await bot.Host.Services.GetRequiredService<RoleAssignmentStore>().ListAsync(ChannelSimulator.BotTenantId);
        var editor = roles.SingleOrDefault(r => r.PrincipalId == bot.Editor.AadObjectId);
        if (editor?.Role != AppRoleNames.ToStored(AppRole.Editor)) problems.Add($"the Editor's role assignment after the outage: {editor?.Role ?? "missing"}");
        var whoami = await user.SayAsync(Chat(), "whoami");
        if (!whoami.Text.Contains("Editor", StringComparison.Ordinal)) problems.Add($"whoami after the outage: {whoami}");
        return problems;
    }

    private async Task<HttpStatusCode> HealthAsync()
    {
        using var response = await bot.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        return response.StatusCode;
    }

    /// <summary>Polls /healthz until it is 200 (bounded); the bot is never restarted.</summary>
    private async Task<HttpStatusCode> WaitForHealthAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        HttpStatusCode status;
        while ((status = await HealthAsync()) != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(200);
        return status;
    }
}
