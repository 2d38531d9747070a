using System.Net;
using System.Text.Json;
using Bot.Tests.Harness;

namespace Bot.Tests.Sandbox;

public sealed class SandboxDealsAndAssociationsTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string Objects = $"/crm/objects/{SandboxHost.ApiVersion}";
    private readonly SandboxHost host = fixture.Host;

    [Fact]
    public async Task Deal_stage_must_belong_to_the_pipeline()
    {
        using var api = await NewPortalClientAsync();
        var (wrong, body) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/deals",
            new { properties = new { dealname = "Mismatch", pipeline = "1100000", dealstage = "closedwon" } });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("dealstage", body.GetProperty("errors")[0].GetProperty("in").GetString());
        Assert.Equal("INVALID_OPTION", body.GetProperty("errors")[0].GetProperty("code").GetString());

        var (archived, _) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/deals",
            new { properties = new { dealname = "Old", pipeline = "1100000", dealstage = "1100009" } });
        Assert.Equal(HttpStatusCode.BadRequest, archived.StatusCode);

        var (ok, deal) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/deals",
            new { properties = new { dealname = "Renewal", pipeline = "1100000", dealstage = "1100003", amount = 1200 } });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal("true", deal.Prop("hs_is_closed"));
        Assert.Equal("1200", deal.Prop("amount"));

        // Moving to another pipeline without a stage of that pipeline is refused; with one it works.
        var id = deal.GetProperty("id").GetString();
        var (move, _) = await Json.SendAsync(api, HttpMethod.Patch, $"{Objects}/deals/{id}", new { properties = new { pipeline = "default" } });
        Assert.Equal(HttpStatusCode.BadRequest, move.StatusCode);
        var (moved, movedBody) = await Json.SendAsync(api, HttpMethod.Patch, $"{Objects}/deals/{id}", new { properties = new { pipeline = "default", dealstage = "qualifiedtobuy" } });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("false", movedBody.Prop("hs_is_closed"));
    }

    [Fact]
    public async Task Deal_without_pipeline_uses_default_and_missing_required_properties_are_named()
    {
        using var api = await NewPortalClientAsync();
        var (missing, body) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/deals", new { properties = new { amount = "10" } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var named = body.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("in").GetString(), e.GetProperty("code").GetString())).ToList();
        Assert.Contains(("dealname", "MISSING_REQUIRED_PROPERTY"), named);
        Assert.Contains(("dealstage", "MISSING_REQUIRED_PROPERTY"), named);

        var (ok, deal) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/deals", new { properties = new { dealname = "D", dealstage = "appointmentscheduled" } });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal("default", deal.Prop("pipeline"));

        var (note, noteBody) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/notes", new { properties = new { hs_note_body = "no timestamp" } });
        Assert.Equal(HttpStatusCode.BadRequest, note.StatusCode);
        Assert.Equal("hs_timestamp", noteBody.GetProperty("errors")[0].GetProperty("in").GetString());
    }

    [Fact]
    public async Task Activities_created_with_associations_are_readable_from_both_sides()
    {
        using var api = await NewPortalClientAsync();
        var (_, contact) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/contacts", new { properties = new { email = "assoc@example.com" } });
        var (_, deal) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/deals", new { properties = new { dealname = "A", dealstage = "contractsent" } });
        var contactId = contact.GetProperty("id").GetString()!;
        var dealId = deal.GetProperty("id").GetString()!;

        var (created, note) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/notes", new
        {
            properties = new { hs_timestamp = "1767225600000", hs_note_body = "Met at the expo" },
            associations = new object[]
            {
                new { to = new { id = contactId }, types = new[] { new { associationCategory = "HUBSPOT_DEFINED", associationTypeId = 202 } } },
                new { to = new { id = dealId }, types = new[] { new { associationCategory = "HUBSPOT_DEFINED", associationTypeId = 214 } } },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("2026-01-01T00:00:00.000Z", note.Prop("hs_timestamp"));
        var noteId = note.GetProperty("id").GetString();

        var (_, withNotes) = await Json.SendAsync(api, HttpMethod.Get, $"{Objects}/contacts/{contactId}?associations=notes");
        var link = withNotes.GetProperty("associations").GetProperty("notes").GetProperty("results")[0];
        Assert.Equal(noteId, link.GetProperty("id").GetString());
        Assert.Equal("contact_to_note", link.GetProperty("type").GetString());

        var (_, fromNote) = await Json.SendAsync(api, HttpMethod.Get, $"{Objects}/notes/{noteId}/associations/deals");
        var entry = fromNote.GetProperty("results")[0];
        Assert.Equal(long.Parse(dealId, System.Globalization.CultureInfo.InvariantCulture), entry.GetProperty("toObjectId").GetInt64());
        Assert.Equal(214, entry.GetProperty("associationTypes")[0].GetProperty("typeId").GetInt32());

        // A task linked afterwards with the default association.
        var (_, task) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/tasks",
            new { properties = new { hs_timestamp = "2026-12-01T09:00:00Z", hs_task_subject = "Call back", hs_task_status = "NOT_STARTED" } });
        var taskId = task.GetProperty("id").GetString();
        var (put, _) = await Json.SendAsync(api, HttpMethod.Put, $"{Objects}/tasks/{taskId}/associations/default/contacts/{contactId}");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var (_, contactTasks) = await Json.SendAsync(api, HttpMethod.Get, $"{Objects}/contacts/{contactId}/associations/tasks");
        Assert.Equal(203, contactTasks.GetProperty("results")[0].GetProperty("associationTypes")[0].GetProperty("typeId").GetInt32());
    }

    [Fact]
    public async Task Wrong_association_type_or_missing_target_is_400_and_stores_nothing()
    {
        using var api = await NewPortalClientAsync();
        var (_, contact) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/contacts", new { properties = new { email = "t@example.com" } });
        var (wrongType, body) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/notes", new
        {
            properties = new { hs_timestamp = "1767225600000" },
            associations = new[] { new { to = new { id = contact.GetProperty("id").GetString() }, types = new[] { new { associationCategory = "HUBSPOT_DEFINED", associationTypeId = 204 } } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains("204", body.GetProperty("message").GetString(), StringComparison.Ordinal);

        var (missing, _) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/notes", new
        {
            properties = new { hs_timestamp = "1767225600000" },
            associations = new[] { new { to = new { id = "999999" }, types = new[] { new { associationCategory = "HUBSPOT_DEFINED", associationTypeId = 202 } } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);

        var (_, info) = await Json.SendAsync(api, HttpMethod.Get, $"/account-info/{SandboxHost.ApiVersion}/details");
        Assert.Empty((await host.Admin.GetObjectsAsync(info.GetProperty("portalId").GetInt64(), "notes")).EnumerateArray());
    }

    [Fact]
    public async Task Archiving_a_note_removes_it_from_the_contact_associations()
    {
        using var api = await NewPortalClientAsync();
        var (_, contact) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/contacts", new { properties = new { email = "archive@example.com" } });
        var contactId = contact.GetProperty("id").GetString();
        var (_, note) = await Json.SendAsync(api, HttpMethod.Post, $"{Objects}/notes", new
        {
            properties = new { hs_timestamp = "1767225600000", hs_note_body = "short-lived" },
            associations = new[] { new { to = new { id = contactId }, types = new[] { new { associationCategory = "HUBSPOT_DEFINED", associationTypeId = 202 } } } },
        });
        var (_, before) = await Json.SendAsync(api, HttpMethod.Get, $"{Objects}/contacts/{contactId}/associations/notes");
        Assert.Equal(1, before.GetProperty("results").GetArrayLength());

        await Json.SendAsync(api, HttpMethod.Delete, $"{Objects}/notes/{note.GetProperty("id").GetString()}");
        var (_, after) = await Json.SendAsync(api, HttpMethod.Get, $"{Objects}/contacts/{contactId}/associations/notes");
        Assert.Equal(0, after.GetProperty("results").GetArrayLength());
    }

    private async Task<HttpClient> NewPortalClientAsync() => host.ApiClient((await host.ConnectPortalAsync()).AccessToken);
}
