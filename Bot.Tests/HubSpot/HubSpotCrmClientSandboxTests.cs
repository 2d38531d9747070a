using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.HubSpot;

/// <summary>Every CRM operation of the client against the sandbox over HTTP, with a portal linked through real OAuth.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class HubSpotCrmClientSandboxTests(AzuriteFixture azurite, SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private async Task<(ServiceProvider Services, HubSpotCrmClient Crm, LinkedTenant Tenant)> LinkAsync(IEnumerable<string>? scopes = null)
    {
        var services = HubSpotServices.Build(azurite, sandbox.Portal.BaseUrl);
        var tenant = await sandbox.Portal.LinkNewTenantAsync(services, scopes);
        return (services, services.GetRequiredService<HubSpotCrmClient>(), tenant);
    }

    private static string NewEmail() => $"c{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task Contact_create_read_and_get_by_email_round_trip()
    {
        var (services, crm, tenant) = await LinkAsync();
        await using var _ = services;
        var email = NewEmail();

        var created = await crm.CreateAsync(tenant.TenantId, CrmObjectType.Contacts, new Dictionary<string, string>
        {
            ["email"] = email, ["firstname"] = "Grace", ["lastname"] = "Hopper", ["jobtitle"] = "Rear Admiral",
        });
        var read = await crm.GetAsync(tenant.TenantId, CrmObjectType.Contacts, created.Id, ["email", "jobtitle"]);
        var byEmail = await crm.GetContactByEmailAsync(tenant.TenantId, email.ToUpperInvariant(), ["firstname"]);

        Assert.False(string.IsNullOrEmpty(created.Id));
        Assert.NotNull(created.CreatedAt);
        Assert.Equal("Rear Admiral", read["jobtitle"]);
        Assert.Equal(email, read["email"]);
        Assert.Equal(created.Id, byEmail?.Id);
        Assert.Equal("Grace", byEmail?["firstname"]);
        Assert.Null(await crm.GetContactByEmailAsync(tenant.TenantId, NewEmail()));
    }

    [Fact]
    public async Task Duplicate_email_is_a_conflict_naming_the_existing_contact()
    {
        var (services, crm, tenant) = await LinkAsync();
        await using var _ = services;
        var email = NewEmail();
        var first = await crm.CreateAsync(tenant.TenantId, CrmObjectType.Contacts, new Dictionary<string, string> { ["email"] = email });

        var error = await Assert.ThrowsAsync<HubSpotConflictException>(() =>
            crm.CreateAsync(tenant.TenantId, CrmObjectType.Contacts, new Dictionary<string, string> { ["email"] = email, ["firstname"] = "Again" }));

        Assert.Equal(first.Id, error.ExistingId);
        Assert.Equal(409, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.CorrelationId));
        var stats = await sandbox.Portal.StatsAsync(tenant.PortalId);
        Assert.Equal(2, stats.Count("crm.create")); // a 409 is never retried
    }

    [Fact]
    public async Task Invalid_values_come_back_as_field_errors()
    {
        var (services, crm, tenant) = await LinkAsync();
        await using var _ = services;

        var error = await Assert.ThrowsAsync<HubSpotValidationException>(() =>
            crm.CreateAsync(tenant.TenantId, CrmObjectType.Contacts, new Dictionary<string, string>
            {
                ["email"] = NewEmail(), ["lifecyclestage"] = "not-a-stage", ["no_such_property"] = "x",
            }));

        Assert.Contains("lifecyclestage", error.FieldErrors.Keys);
        Assert.Contains("no_such_property", error.FieldErrors.Keys);
        Assert.All(error.FieldErrors.Values, message => Assert.False(string.IsNullOrWhiteSpace(message)));
        Assert.Equal("VALIDATION_ERROR", error.Category);
    }

    [Fact]
    public async Task Update_sends_only_changes_and_an_empty_string_clears()
    {
        var (services, crm, tenant) = await LinkAsync();
        await using var _ = services;
        var created = await crm.CreateAsync(tenant.TenantId, CrmObjectType.Contacts, new Dictionary<string, string>
        {
            ["email"] = NewEmail(), ["firstname"] = "Ada", ["lastname"] = "Lovelace", ["phone"] = "+44 20 7946 0000",
        });
        var original = (await crm.GetAsync(tenant.TenantId, CrmObjectType.Contacts, created.Id, ["firstname", "lastname", "phone"])).Properties;
        var edited = new Dictionary<string, string?>(original) { ["lastname"] = "King", ["phone"] = "" };

        var changes = CrmPropertyChanges.Between(original, edited);
        await crm.UpdateAsync(tenant.TenantId, CrmObjectType.Contacts, created.Id, changes);
        var read = await crm.GetAsync(tenant.TenantId, CrmObjectType.Contacts, created.Id, ["firstname", "lastname", "phone"]);

        Assert.Equal(["lastname", "phone"], changes.Keys.Order());
        Assert.Equal("Ada", read["firstname"]);
        Assert.Equal("King", read["lastname"]);
        Assert.True(string.IsNullOrEmpty(read["phone"]));
    }

    [Fact]
    public async Task Missing_record_is_not_found()
    {
        var (services, crm, tenant) = await LinkAsync();
        await using var _ = services;

        var error = await Assert.ThrowsAsync<HubSpotNotFoundException>(() => crm.GetAsync(tenant.TenantId, CrmObjectType.Deals, "999999999"));

        Assert.Equal(404, error.StatusCode);
    }

    [Fact]
    public async Task Search_filters_sorts_selects_properties_and_pages()
    {
        var (services, crm, tenant) = await LinkAsync();
        await using var _ = services;
        var company = "Search Co " + Guid.NewGuid().ToString("N")[..8];
        foreach (var name in new[] { "Charlie", "Alice", "Bob" })
        {
            await crm.CreateAsync(tenant.TenantId, CrmObjectType.Contacts, new Dictionary<string, string>
            {
                ["email"] = NewEmail(), ["firstname"] = name, ["lastname"] = "Searchable", ["company"] = company,
            });
        }

        var request = new CrmSearchRequest
        {
            FilterGroups = [new CrmFilterGroup([new CrmFilter("company", CrmFilterOperator.Eq, company)])],
            Sorts = [new CrmSort("firstname", CrmSortDirection.Ascending)],
            Properties = ["firstname", "company"],
            Limit = 2,
        };
        var first = await crm.SearchAsync(tenant.TenantId, CrmObjectType.Contacts, request);
        var second = await crm.SearchAsync(tenant.TenantId, CrmObjectType.Contacts, request with { After = first.NextAfter });
        var byQuery = await crm.SearchAsync(tenant.TenantId, CrmObjectType.Contacts, new CrmSearchRequest { Query = "Charlie", Properties = ["firstname", "company"], Limit = 10 });

        Assert.Equal(3, first.Total);
        Assert.Equal(["Alice", "Bob"], first.Results.Select(r => r["firstname"]));
        Assert.NotNull(first.NextAfter);
        Assert.Equal(["Charlie"], second.Results.Select(r => r["firstname"]));
        Assert.Null(second.NextAfter);
        Assert.Contains(byQuery.Results, r => r["company"] == company);
        Assert.Equal(3, (await sandbox.Portal.StatsAsync(tenant.PortalId)).Count("crm.search"));
    }

    [Fact]
    public async Task Deal_is_created_on_a_contact_and_reads_back_with_the_association()
    {
        var (services, crm, tenant) = await LinkAsync();
        await using var _ = services;
        var contact = await crm.CreateAsync(tenant.TenantId, CrmObjectType.Contacts, new Dictionary<string, string> { ["email"] = NewEmail() });
        var pipeline = (await crm.GetDealPipelinesAsync(tenant.TenantId))[0];

        var deal = await crm.CreateAsync(tenant.TenantId, CrmObjectType.Deals, new Dictionary<string, string>
        {
            ["dealname"] = "Big one", ["pipeline"] = pipeline.Id, ["dealstage"] = pipeline.Stages[0].Id, ["amount"] = "1200",
        }, [new CrmRecordRef(CrmObjectType.Contacts, contact.Id)]);
        var read = await crm.GetAsync(tenant.TenantId, CrmObjectType.Deals, deal.Id, ["dealname", "amount"], [CrmObjectType.Contacts]);

        Assert.Equal("Big one", read["dealname"]);
        Assert.Equal([contact.Id], read.Associations!["contacts"].Results.Select(r => r.Id));
    }

    [Theory]
    [InlineData(CrmObjectType.Notes, "hs_note_body", "Called about renewal")]
    [InlineData(CrmObjectType.Calls, "hs_call_title", "Discovery call")]
    [InlineData(CrmObjectType.Meetings, "hs_meeting_title", "Kick-off")]
    [InlineData(CrmObjectType.Tasks, "hs_task_subject", "Send the quote")]
    public async Task Engagement_is_created_on_a_contact_and_a_deal_and_reads_back(CrmObjectType type, string property, string value)
    {
        var (services, crm, tenant) = await LinkAsync();
        await using var _ = services;
        var contact = await crm.CreateAsync(tenant.TenantId, CrmObjectType.Contacts, new Dictionary<string, string> { ["email"] = NewEmail() });
        var pipeline = (await crm.GetDealPipelinesAsync(tenant.TenantId))[0];
        var deal = await crm.CreateAsync(tenant.TenantId, CrmObjectType.Deals, new Dictionary<string, string>
        {
            ["dealname"] = "For activity", ["pipeline"] = pipeline.Id, ["dealstage"] = pipeline.Stages[0].Id,
        });

        var created = await crm.CreateEngagementAsync(tenant.TenantId, type, new Dictionary<string, string>
        {
            ["hs_timestamp"] = DateTimeOffset.UtcNow.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            [property] = value,
        }, [new CrmRecordRef(CrmObjectType.Contacts, contact.Id), new CrmRecordRef(CrmObjectType.Deals, deal.Id)]);
        var read = await crm.GetAsync(tenant.TenantId, type, created.Id, [property], [CrmObjectType.Contacts, CrmObjectType.Deals]);

        Assert.Equal(value, read[property]);
        Assert.Equal([contact.Id], read.Associations!["contacts"].Results.Select(r => r.Id));
        Assert.Equal([deal.Id], read.Associations!["deals"].Results.Select(r => r.Id));
    }

    [Fact]
    public async Task Owners_are_found_by_email_and_id_and_cached()
    {
        var (services, crm, tenant) = await LinkAsync();
        await using var _ = services;
        var someOwner = (await sandbox.Portal.RawAsync(HttpMethod.Get, "/crm/owners/2026-03?limit=1", tenant.Link.AccessToken)).GetProperty("results")[0];
        var email = someOwner.GetProperty("email").GetString()!;
        var id = someOwner.GetProperty("id").GetString()!;

        var byEmail = await crm.GetOwnerByEmailAsync(tenant.TenantId, email.ToUpperInvariant());
        var byId = await crm.GetOwnerByIdAsync(tenant.TenantId, id);
        var before = (await sandbox.Portal.StatsAsync(tenant.PortalId)).Count("owners");
        var again = await crm.GetOwnerByEmailAsync(tenant.TenantId, email);
        var cachedCalls = (await sandbox.Portal.StatsAsync(tenant.PortalId)).Count("owners") - before;

        Assert.Equal(id, byEmail?.Id);
        Assert.Equal(email, byId?.Email);
        Assert.Equal(id, again?.Id);
        Assert.Equal(0, cachedCalls);
        Assert.Null(await crm.GetOwnerByEmailAsync(tenant.TenantId, "nobody-" + NewEmail()));
        Assert.Null(await crm.GetOwnerByIdAsync(tenant.TenantId, "987654321"));
    }

    [Fact]
    public async Task Pipelines_come_with_ordered_stages_and_are_cached()
    {
        var (services, crm, tenant) = await LinkAsync();
        await using var _ = services;

        var pipelines = await crm.GetDealPipelinesAsync(tenant.TenantId);
        var stage = await crm.FindDealStageAsync(tenant.TenantId, pipelines[0].Id, pipelines[0].Stages[^1].Id);
        var calls = (await sandbox.Portal.StatsAsync(tenant.PortalId)).Count("pipelines");

        Assert.NotEmpty(pipelines);
        Assert.All(pipelines, p => Assert.Equal(p.Stages.OrderBy(s => s.DisplayOrder).Select(s => s.Id), p.Stages.Select(s => s.Id)));
        Assert.Contains(pipelines, p => p.Id == "default" && p.Stages.Any(s => s.Id == "closedwon" && s.Probability is not null));
        Assert.Equal(pipelines[0].Stages[^1], stage);
        Assert.Equal(1, calls);
        // A stage that is not there is looked up once more in case the pipelines changed, then reported missing.
        Assert.Null(await crm.FindDealStageAsync(tenant.TenantId, pipelines[0].Id, "no-such-stage"));
        Assert.Equal(2, (await sandbox.Portal.StatsAsync(tenant.PortalId)).Count("pipelines"));
    }

    [Fact]
    public async Task Editable_properties_leave_out_hidden_options_and_read_only_properties()
    {
        var (services, crm, tenant) = await LinkAsync();
        await using var _ = services;

        var contacts = await crm.GetEditablePropertiesAsync(tenant.TenantId, CrmObjectType.Contacts);
        var leadStatus = await crm.GetEditablePropertyAsync(tenant.TenantId, CrmObjectType.Contacts, "hs_lead_status");
        var priority = await crm.GetEditablePropertyAsync(tenant.TenantId, CrmObjectType.Tasks, "hs_task_priority");

        Assert.Contains(contacts, p => p.Name == "lifecyclestage");
        Assert.DoesNotContain(contacts, p => p.Name is "num_associated_deals" or "hs_analytics_source" or "notes_last_updated");
        Assert.NotNull(leadStatus);
        Assert.DoesNotContain(leadStatus.Options, o => o.Value == "BAD_TIMING");
        Assert.NotEmpty(leadStatus.Options);
        Assert.Equal(["NONE", "LOW", "MEDIUM", "HIGH"], priority!.Options.Select(o => o.Value));
        Assert.Null(await crm.GetEditablePropertyAsync(tenant.TenantId, CrmObjectType.Contacts, "num_associated_deals"));
    }

    [Fact]
    public async Task Missing_scope_is_reported_with_the_scope_needed()
    {
        var (services, crm, tenant) = await LinkAsync(["oauth", "crm.objects.contacts.read"]);
        await using var _ = services;

        var error = await Assert.ThrowsAsync<HubSpotMissingScopesException>(() =>
            crm.CreateAsync(tenant.TenantId, CrmObjectType.Deals, new Dictionary<string, string> { ["dealname"] = "x", ["dealstage"] = "appointmentscheduled" }));

        Assert.Contains("crm.objects.deals.write", error.MissingScopes);
        Assert.Equal(403, error.StatusCode);
    }

    [Fact]
    public async Task Account_info_describes_the_linked_portal()
    {
        var (services, crm, tenant) = await LinkAsync();
        await using var _ = services;

        var account = await crm.GetAccountInfoAsync(tenant.TenantId);

        Assert.Equal(tenant.PortalId, account.PortalId);
        Assert.Equal(tenant.Link.UiDomain, account.UiDomain);
        Assert.False(string.IsNullOrEmpty(account.TimeZone));
    }
}
