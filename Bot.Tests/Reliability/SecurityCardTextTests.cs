using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Audit;
using HubSpotTeamsBot.Features.Contacts;
using HubSpotTeamsBot.Features.Deals;
using HubSpotTeamsBot.Features.Engagements;
using HubSpotTeamsBot.Features.Find;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.Features.Help;
using HubSpotTeamsBot.Features.Linking;
using HubSpotTeamsBot.Features.MessageExtension;
using HubSpotTeamsBot.Features.Roles;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.Storage;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 16, M3: markdown and link injection from HubSpot or users into cards. Every hostile value goes through every
/// card builder that shows outside text; each card's markdown (TextBlock text, fact titles and values) is parsed by
/// Markdig, a CommonMark parser independent of the bot, and must hold no link, image, autolink, HTML, code or block
/// syntax, must show the value's characters literally, must not form an Adaptive Card DATE/TIME function and must carry
/// no bidirectional override. The cards are also captured, so the renderer screenshots show them.
/// </summary>
public sealed partial class SecurityCardTextTests(ITestOutputHelper output)
{
    private static readonly MarkdownPipeline CommonMark = new MarkdownPipelineBuilder().Build();

    /// <summary>The attack corpus: each value is something a HubSpot user or a Teams user can type into a field.</summary>
    public static readonly IReadOnlyList<string> HostileValues =
    [
        "[Reset your password](https://evil.example/reset)",
        "![tracker](https://evil.example/pixel.png)",
        "**Urgent** _act now_ ~~safe~~ ***really***",
        "<a href=\"https://evil.example\">click</a><script>alert(1)</script><img src=x onerror=alert(1)>",
        "{{DATE(2017-02-14T06:08:39Z, SHORT)}} {{TIME(2017-02-14T06:08:39Z)}}",
        "Invoice \u202Egpj.exe\u202C and \u2067isolate\u2069",
        "# Heading",
        "- item one",
        "1. numbered",
        "<https://evil.example/autolink>",
        "`code` and ``more``",
        "    indented code",
        "[reference][x]\n\n[x]: https://evil.example/ref",
        "&lt;b&gt;entity&lt;/b&gt; &#91;x&#93;(https://evil.example/entity) &amp;",
        "<at>Megan Bowen</at> line\n\n---\nbreak",
        "Long " + new string('x', 10_000),
    ];

    private static readonly HubSpotRecordLinks Links = new(12345);

    [Fact]
    public void Every_hostile_value_renders_as_literal_text_in_every_card_builder()
    {
        var builders = Builders();
        var failures = new List<string>();
        var cases = 0;
        var failedCases = 0;
        foreach (var (name, build) in builders)
        {
            foreach (var value in HostileValues)
            {
                cases++;
                var problems = Problems(build(value), value, checkSize: name != "contact conflict");
                if (problems.Count > 0) failedCases++;
                failures.AddRange(problems.Select(p => $"{name} ← {Show(value)}: {p}"));
            }
            // One card per builder with the short attacks side by side, for the renderer screenshots (test.sh).
            var sampler = string.Join(" · ", HostileValues.Where(v => v.Length < 120 && !v.Contains('\n', StringComparison.Ordinal)));
            CardCapture.SaveAll(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = build(sampler) }, $"security-m3-{name}");
        }
        output.WriteLine(ReliabilitySummary.Record("security: M3 hostile card text", cases, cases - failedCases, failedCases,
            $"{HostileValues.Count} values × {builders.Count} card builders rendered literal"));
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(30)));
    }

    [Theory]
    [InlineData("Ada Lovelace", "Ada Lovelace")]
    [InlineData("O'Brien & Sons", "O'Brien & Sons")]
    [InlineData("first_last@example.com", "first\\_last@example.com")]
    [InlineData("[x](y)", "\\[x\\](y)")]
    [InlineData("- a", "\\- a")]
    [InlineData("2024. Year", "2024\\. Year")]
    [InlineData("a\r\n\r\nb\tc", "a b c")]
    [InlineData("evil\u202Eexe", "evilexe")]
    public void Literal_escapes_only_what_markdown_would_read(string value, string expected) =>
        Assert.Equal(expected, CardText.Literal(value));

    [Fact]
    public void Literal_caps_long_values_without_splitting_a_surrogate_pair()
    {
        var value = new string('a', 9) + "😀" + new string('b', 50);
        var cut = CardText.Literal(value, maxLength: 11);
        Assert.Equal(new string('a', 9) + "…", cut);
        Assert.Equal(500, CardText.Literal(new string('x', 10_000)).Length);
    }

    /// <summary>Every card builder that shows outside text, each fed the value in every outside slot it has.</summary>
    private static List<(string Name, Func<string, JsonObject> Build)> Builders()
    {
        var options = new ContactFormOptions([("Lead", "lead")], [], [("Owner", "1")], null);
        return
        [
            ("contact card", v => RecordCards.Contact(Contact(v), Links, new RecordCardOptions { OwnerName = v, Headline = "Contact" })),
            ("deal card", v => RecordCards.Deal(Deal(v), Links, new RecordCardOptions { OwnerName = v })),
            ("contact result", v => ContactCards.Result(Contact(v), Links, options, "Contact created")),
            ("contact duplicate", v => ContactCards.Duplicate(FormHost.Dialog, Contact(v), Links, options)),
            ("contact conflict", v => ContactCards.Conflict(FormHost.Dialog,
                new ContactFormState("s", new Dictionary<string, string?> { ["firstname"] = v }, "1", "1"),
                Contact(v), "2", ["firstname"])),
            ("contact pick list", v => ContactCards.PickList([Contact(v), Contact(v)], v)),
            ("contact not found", ContactCards.NotFound),
            ("find row", v => Card.Adaptive(FindFeature.Row(v, v, Links.Contact("1"), RecordCards.Verbs.ContactUpdate, "1", "contacts"))),
            ("log to HubSpot dialog", v => LogToHubSpotDialog.Card(new TeamsMessage("m1", v, v, DateTimeOffset.UnixEpoch, null), problem: v)),
            ("activity chooser", v => EngagementFormCard.Chooser(FormHost.Dialog, new CrmRecordRef(CrmObjectType.Contacts, "1"), v)),
            ("activity logged", v => EngagementForm.ResultCard(
                new EngagementFormState("s", EngagementKind.Note, new CrmRecordRef(CrmObjectType.Contacts, "1"), v, new Dictionary<string, string?>()), "9", Links)),
            ("deal saved without details", v => DealRecords.SavedWithoutDetails("Deal created", v, "1")),
            ("deal conflict field error", v => Card.Adaptive(Inputs.FieldError("amount", DealConflict.Changes(
                new Dictionary<string, string?> { ["amount"] = "1" }, new Dictionary<string, string?> { ["amount"] = v })["amount"]))),
            ("roles list", v => RolesCards.List([Grant(v)], 1, new RolesOptions())),
            ("portal replace", v => PortalLinkCards.ConfirmReplace(Link(v))),
            ("portal disconnect", v => PortalLinkCards.ConfirmDisconnect(Link(v))),
            ("portal status", v => PortalLinkCards.Status(Link(v), DateTimeOffset.UnixEpoch)),
            ("audit line", v => Card.Adaptive(AuditFeature.Line(new AuditEntry
            {
                TenantId = "t", At = DateTimeOffset.UnixEpoch, ActorAadObjectId = "a", ActorName = v, Action = v, ObjectType = v, ObjectId = v,
                Outcome = "Denied", Detail = v,
            }))),
            ("help for an unknown command", HelpFeature.UnknownCommandCard),
        ];
    }

    private static CrmObject Contact(string v) => new("1", new Dictionary<string, string?>
    {
        ["firstname"] = v, ["lastname"] = v, ["email"] = v, ["phone"] = v, ["company"] = v, ["jobtitle"] = v,
        ["lifecyclestage"] = v, ["hs_lead_status"] = v, ["hubspot_owner_id"] = v,
    });

    private static CrmObject Deal(string v) => new("2", new Dictionary<string, string?>
    {
        ["dealname"] = v, ["amount"] = v, ["dealstage"] = v, ["pipeline"] = v, ["closedate"] = v,
    });

    private static RoleAssignment Grant(string v) => new()
    {
        TenantId = "t", PrincipalId = "p", Kind = PrincipalKind.User, DisplayName = v, Role = "Editor",
        GrantedByAadObjectId = "a", GrantedByName = v, GrantedAt = DateTimeOffset.UnixEpoch,
    };

    private static PortalLink Link(string v) => new()
    {
        TenantId = "t", PortalId = 1, HubDomain = v, UiDomain = v, TimeZone = v, Currency = v, Scopes = [v], LinkedByAadObjectId = "a",
        LinkedByName = v, LinkedAt = DateTimeOffset.UnixEpoch, State = PortalLinkState.Linked, AccessToken = "x", RefreshToken = "y",
        AccessTokenExpiresAt = DateTimeOffset.UnixEpoch,
    };

    /// <summary>What is wrong with how <paramref name="card"/> shows <paramref name="value"/>; empty when it is literal.</summary>
    /// <param name="checkSize">False for the conflict card, whose Overwrite button must carry both versions of every
    /// changed field in full to write them back.</param>
    private static List<string> Problems(JsonObject card, string value, bool checkSize)
    {
        var problems = new List<string>();
        var json = card.ToJsonString();
        if (checkSize && Encoding.UTF8.GetByteCount(json) > 28 * 1024) problems.Add($"card is {Encoding.UTF8.GetByteCount(json)} bytes");
        var texts = MarkdownTexts(card).ToList();
        var expected = Expected(value);
        var shown = false;
        foreach (var shownText in texts)
        {
            // The bot's own dates (CardDates: an exact DATE/TIME of an ISO moment) are formatting it chose; any other
            // function would have come from the value.
            var text = BotDate().Replace(shownText, "(date)");
            if (DateFunction().IsMatch(text)) problems.Add($"DATE/TIME function in “{Show(text)}”");
            if (text.Any(IsBidiControl)) problems.Add($"bidirectional control in “{Show(text)}”");
            var document = Markdown.Parse(text, CommonMark);
            foreach (var node in document.Descendants())
            {
                // A link the bot made to the record in HubSpot is a real link by design; the value only ever shows as its text.
                if (node is LinkInline { Url: { } url } && url.StartsWith(Links.Contact("").TrimEnd('/')[..^3], StringComparison.Ordinal)) continue;
                if (node is LinkInline or AutolinkInline or HtmlInline or CodeInline or HtmlBlock or CodeBlock or HeadingBlock or ListBlock
                    or QuoteBlock or ThematicBreakBlock or LinkReferenceDefinitionGroup)
                    problems.Add($"{node.GetType().Name} in “{Show(text)}”");
            }
            if (PlainText(document).Contains(expected, StringComparison.Ordinal)) shown = true;
        }
        if (!shown) problems.Add($"no text shows it literally; texts: {string.Join(" | ", texts.Select(Show))}");
        return problems;
    }

    /// <summary>The start of the value as a reader must see it: line breaks as spaces, bidi controls gone (longer values
    /// are cut, so only the first 40 characters are required).</summary>
    private static string Expected(string value)
    {
        var flat = Regex.Replace(new string(value.Where(c => !IsBidiControl(c)).ToArray()), @"\s*[\r\n\t]+\s*", " ").Trim();
        return flat.Length > 40 ? flat[..40] : flat;
    }

    /// <summary>The strings Teams runs through markdown: TextBlock text and FactSet titles and values.</summary>
    private static IEnumerable<string> MarkdownTexts(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["type"]?.GetValue<string>() == "TextBlock" && o["text"] is JsonValue t) yield return t.GetValue<string>();
                if (o["type"]?.GetValue<string>() == "FactSet" && o["facts"] is JsonArray facts)
                {
                    foreach (var fact in facts.OfType<JsonObject>())
                    {
                        yield return fact["title"]!.GetValue<string>();
                        yield return fact["value"]!.GetValue<string>();
                    }
                }
                foreach (var (_, child) in o)
                    foreach (var text in MarkdownTexts(child)) yield return text;
                break;
            case JsonArray a:
                foreach (var child in a)
                    foreach (var text in MarkdownTexts(child)) yield return text;
                break;
        }
    }

    /// <summary>What a reader sees: literal runs and entities as characters, emphasis markers dropped, line breaks as spaces.</summary>
    private static string PlainText(MarkdownDocument document)
    {
        var text = new StringBuilder();
        foreach (var node in document.Descendants())
        {
            switch (node)
            {
                case LiteralInline literal: text.Append(literal.Content.ToString()); break;
                case HtmlEntityInline entity: text.Append(entity.Transcoded.ToString()); break;
                case LineBreakInline: text.Append(' '); break;
                case CodeInline code: text.Append(code.Content); break;
            }
        }
        return text.ToString();
    }

    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u061C';

    private static string Show(string text) => (text.Length > 70 ? text[..70] + "…" : text).Replace("\n", "\\n", StringComparison.Ordinal);

    [GeneratedRegex(@"\{\{(DATE|TIME)\(", RegexOptions.IgnoreCase)]
    private static partial Regex DateFunction();

    [GeneratedRegex(@"\{\{(DATE\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, SHORT\)|TIME\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\))\}\}")]
    private static partial Regex BotDate();
}
