using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Tests.Features.Contacts;
using Bot.Tests.Harness;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 10, security: the inbound auth refusal matrix against the CRM bot. Each attack carries a payload that would
/// write (an Editor's complete contact.create Action.Execute) and one that would answer (a `new contact` message); a
/// refusal means the right status, no turn started, no reply posted and no contact in HubSpot. The same payloads with
/// a valid token are the control, so the refusals are the auth checks' doing. (BotFramework/InboundAuthTests checks the
/// individual token checks against a probe bot; this is the same wall in front of the real features.)
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecurityAuthMatrixTests(SecurityBotFixture bot, ITestOutputHelper output)
{
    private sealed record Attack(string Name, HttpStatusCode Expected, Func<string?> Authorization, Action<JsonObject>? Bend = null, IDictionary<string, string>? Headers = null);

    private IEnumerable<Attack> Attacks()
    {
        var sim = bot.Simulator;
        var now = DateTime.UtcNow;
        string Bearer(TokenSpec spec) => "Bearer " + sim.MintToken(spec with { ServiceUrl = spec.ServiceUrl ?? sim.ServiceUrl });
        var stranger = Guid.NewGuid().ToString();
        return
        [
            new("no token", HttpStatusCode.Unauthorized, () => null),
            new("Basic credentials instead of a bearer token", HttpStatusCode.Unauthorized, () => "Basic dXNlcjpwYXNz"),
            new("bearer token that is not a JWT", HttpStatusCode.Unauthorized, () => "Bearer not-a-jwt"),
            new("expired token", HttpStatusCode.Unauthorized, () => Bearer(new TokenSpec { NotBefore = now.AddHours(-2), Expires = now.AddMinutes(-6) })),
            new("token not valid yet", HttpStatusCode.Unauthorized, () => Bearer(new TokenSpec { NotBefore = now.AddMinutes(10), Expires = now.AddHours(1) })),
            new("wrong audience (another bot)", HttpStatusCode.Unauthorized, () => Bearer(new TokenSpec { Audience = Guid.NewGuid().ToString() })),
            new("wrong issuer", HttpStatusCode.Unauthorized, () => Bearer(new TokenSpec { Issuer = "https://sts.windows.net/attacker/" })),
            new("unsigned (alg none)", HttpStatusCode.Unauthorized, () => "Bearer " + SecurityTokens.AlgNone(sim)),
            new("HS256 signed with the public key (alg confusion)", HttpStatusCode.Unauthorized, () => "Bearer " + SecurityTokens.HmacWithPublicKey(sim)),
            new("signed with an unpublished key", HttpStatusCode.Unauthorized, () => Bearer(new TokenSpec { Key = sim.Keys.Unpublished })),
            new("forged signature under the Teams key id", HttpStatusCode.Unauthorized, () => Bearer(new TokenSpec { Key = sim.Keys.Unpublished, ClaimedKey = sim.Keys.Teams })),
            new("key not endorsed for msteams", HttpStatusCode.Unauthorized, () => Bearer(new TokenSpec { Key = sim.Keys.OtherChannel })),
            new("another channel's key and channelId (Direct Line can set any from/tenant)", HttpStatusCode.Forbidden,
                () => Bearer(new TokenSpec { Key = sim.Keys.OtherChannel }), a => a["channelId"] = "webchat"),
            new("serviceurl claim differs from activity.serviceUrl", HttpStatusCode.Unauthorized, () => Bearer(new TokenSpec { ServiceUrl = "https://smba.trafficmanager.net/amer/" })),
            new("activity.serviceUrl points elsewhere than the token's claim", HttpStatusCode.Unauthorized, () => Bearer(new TokenSpec()),
                a => a["serviceUrl"] = "https://attacker.example/connector/"),
            new("no serviceurl claim", HttpStatusCode.Unauthorized, () => "Bearer " + SecurityTokens.WithoutServiceUrlClaim(sim)),
            new("tenant not allowed", HttpStatusCode.Forbidden, () => Bearer(new TokenSpec()), a =>
            {
                a["channelData"]!["tenant"]!["id"] = stranger;
                a["conversation"]!["tenantId"] = stranger;
            }),
            new("no tenant at all", HttpStatusCode.Forbidden, () => Bearer(new TokenSpec()), a =>
            {
                a["channelData"]!.AsObject().Remove("tenant");
                a["conversation"]!.AsObject().Remove("tenantId");
            }),
            new("Agents Playground header without a token (development mode off)", HttpStatusCode.Unauthorized, () => null,
                Headers: new Dictionary<string, string> { ["x-ms-agents-playground"] = "true" }),
        ];
    }

    [Fact]
    public async Task Every_forged_or_misbound_token_is_refused_before_any_handler_runs()
    {
        // The collection's earlier families may still be finishing a queued turn; "no turn started" must mean ours.
        await bot.Turns.WaitForQuietAsync(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(20));
        var tally = new SecurityTally("security: auth refusals", output);
        var emails = new List<string>();
        var conversations = new List<string>();
        foreach (var attack in Attacks())
        {
            var problems = new List<string>();
            foreach (var (shape, activity, email) in Payloads())
            {
                attack.Bend?.Invoke(activity);
                var started = bot.Turns.Started;
                var status = await PostAsync(activity, attack.Authorization(), attack.Headers);
                if (status != attack.Expected) problems.Add($"{shape}: expected {(int)attack.Expected}, got {(int)status}");
                if (bot.Turns.Started != started) problems.Add($"{shape}: a turn started");
                if (email is not null) emails.Add(email);
                conversations.Add(activity["conversation"]!["id"]!.GetValue<string>());
            }
            tally.Add(attack.Name, problems);
        }

        // Queued work would show up within moments; give it the chance before looking for replies and records.
        await bot.Turns.WaitForQuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));
        var replies = bot.Teams.Connector.Calls.Where(c => conversations.Any(id => c.Path.Contains(Uri.EscapeDataString(id), StringComparison.Ordinal))).ToList();
        var created = new List<string>();
        foreach (var email in emails) if ((await ContactKit.ContactsWithEmailAsync(bot, email)).Count > 0) created.Add(email);
        tally.Add("no reply and no record from any refused request", [
            .. replies.Select(r => $"connector call {r.Method} {r.Path}"),
            .. created.Select(e => $"contact {e} was created"),
        ]);

        // Control: the very same payloads with a valid token do reach the handlers and write.
        foreach (var (shape, activity, email) in Payloads())
        {
            var status = await PostAsync(activity, "Bearer " + bot.Simulator.MintToken(new TokenSpec { ServiceUrl = bot.Simulator.ServiceUrl }), null);
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Accepted, $"control {shape} got {(int)status}");
            if (email is not null) Assert.Single(await ContactKit.ContactsWithEmailAsync(bot, email));
        }
        tally.Verdict();
    }

    /// <summary>An Editor's complete create (an invoke that would write) and a command (a queued turn that would answer).</summary>
    private IEnumerable<(string Shape, JsonObject Activity, string? Email)> Payloads()
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        var email = ContactKit.NewEmail();
        yield return ("contact.create Action.Execute", Activities.AdaptiveCardAction(bot.Simulator.ServiceUrl, chat, bot.Editor, "contact.create", new JsonObject
        {
            ["submissionId"] = Guid.NewGuid().ToString("N"), ["email"] = email, ["firstname"] = "Forged", ["lastname"] = "Request",
        }), email);
        yield return ("`new contact` message", Activities.Message(bot.Simulator.ServiceUrl, TeamsConversation.Personal(bot.Editor), bot.Editor, "new contact"), null);
    }

    private async Task<HttpStatusCode> PostAsync(JsonObject activity, string? authorization, IDictionary<string, string>? headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await bot.Http.SendAsync(request);
        return response.StatusCode;
    }
}
