using Bot.Tests.Harness;
using Bot.Tests.Storage;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.HubSpot;

/// <summary>Tokens and the client secret never reach logs or exception text, whatever the client goes through.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class HubSpotSecretsInLogsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task No_token_or_client_secret_appears_in_logs_or_errors()
    {
        await using var host = SandboxHost.Start(new Dictionary<string, string?> { ["Sandbox:RotateRefreshTokens"] = "true" });
        var portal = new SandboxPortal(host);
        var logs = new CapturedLogs();
        await using var services = HubSpotServices.Build(azurite, host.BaseUrl, logs: logs);
        var secrets = new HashSet<string>(StringComparer.Ordinal) { HubSpotServices.ClientSecret };
        var errors = new List<Exception>();
        var crm = services.GetRequiredService<HubSpotCrmClient>();
        var oauth = services.GetRequiredService<HubSpotOAuthClient>();
        var store = services.GetRequiredService<PortalLinkStore>();

        var tenant = await portal.LinkNewTenantAsync(services);
        secrets.UnionWith([tenant.Link.AccessToken, tenant.Link.RefreshToken]);
        await SandboxPortal.ExpireStoredTokenAsync(services, tenant.TenantId);
        await crm.GetAccountInfoAsync(tenant.TenantId);
        var refreshed = (await store.GetAsync(tenant.TenantId))!;
        secrets.UnionWith([refreshed.AccessToken, refreshed.RefreshToken]);

        var email = $"s{Guid.NewGuid():N}@example.com";
        var contact = await crm.CreateAsync(tenant.TenantId, CrmObjectType.Contacts, new Dictionary<string, string> { ["email"] = email });
        await crm.GetContactByEmailAsync(tenant.TenantId, email);
        await crm.UpdateAsync(tenant.TenantId, CrmObjectType.Contacts, contact.Id, new Dictionary<string, string> { ["firstname"] = "Sam" });
        await crm.SearchAsync(tenant.TenantId, CrmObjectType.Contacts, new CrmSearchRequest { Query = "Sam", Limit = 5 });
        await crm.CreateEngagementAsync(tenant.TenantId, CrmObjectType.Notes, new Dictionary<string, string> { ["hs_timestamp"] = "2026-11-29T10:00:00Z", ["hs_note_body"] = "n" },
            [new CrmRecordRef(CrmObjectType.Contacts, contact.Id)]);
        await crm.GetDealPipelinesAsync(tenant.TenantId);
        await crm.GetEditablePropertiesAsync(tenant.TenantId, CrmObjectType.Contacts);
        await crm.GetOwnerByEmailAsync(tenant.TenantId, "nobody@example.com");
        await Collect(errors, () => crm.CreateAsync(tenant.TenantId, CrmObjectType.Contacts, new Dictionary<string, string> { ["email"] = email }));
        await Collect(errors, () => crm.CreateAsync(tenant.TenantId, CrmObjectType.Contacts, new Dictionary<string, string> { ["lifecyclestage"] = "bad" }));
        await host.Admin.SetBehaviourAsync(new { force429Count = 5, force429Policy = "TEN_SECONDLY_ROLLING" });
        await Collect(errors, () => crm.GetAccountInfoAsync(tenant.TenantId));
        await host.Admin.SetBehaviourAsync(new { force429Count = 0, errorRate = 1.0, errorStatusCode = 503 });
        await Collect(errors, () => crm.GetAsync(tenant.TenantId, CrmObjectType.Contacts, contact.Id));
        await host.Admin.SetBehaviourAsync(new { errorRate = 0.0 });
        await oauth.IntrospectAsync(refreshed.AccessToken);
        await oauth.RevokeAsync(refreshed.RefreshToken);
        await SandboxPortal.ExpireStoredTokenAsync(services, tenant.TenantId);
        await Collect(errors, () => crm.GetAccountInfoAsync(tenant.TenantId));

        Assert.Equal(5, errors.Count);
        Assert.IsType<PortalLinkBrokenException>(errors[^1]);
        Assert.NotEmpty(logs.Lines);
        Assert.Contains(logs.Lines, m => m.Contains("correlation", StringComparison.Ordinal));
        // The suite recorder also holds what every other client test in this run logged, with the tokens they got.
        secrets.UnionWith(SuiteLogs.Secrets);
        var leaks = logs.Lines.Concat(SuiteLogs.Recorder.Lines).Concat(errors.Select(e => e.ToString()))
            .SelectMany(text => secrets.Where(secret => text.Contains(secret, StringComparison.Ordinal)).Select(secret => $"{secret[..4]}… in: {text}"))
            .ToList();
        Assert.Empty(leaks);
    }

    private static async Task Collect(List<Exception> errors, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception error) when (error is HubSpotException or PortalLinkBrokenException)
        {
            errors.Add(error);
        }
    }
}
