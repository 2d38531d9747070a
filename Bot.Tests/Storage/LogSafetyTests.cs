using Azure.Data.Tables;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Storage;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class LogSafetyTests(AzuriteFixture azurite)
{
    private const string AccessToken = "CNbx-secret-access-7f3a9e";
    private const string RefreshToken = "na1-secret-refresh-52c1d0";

    [Fact]
    public async Task Tokens_never_reach_logs_or_exception_text()
    {
        var logs = new CapturedLogs();
        var prefix = StorageServices.NewTablePrefix();
        var tenant = StorageServices.NewTenantId();
        var failures = new List<Exception>();
        await using (var services = StorageServices.Build(azurite, prefix, logs: logs))
        {
            var store = services.GetRequiredService<PortalLinkStore>();
            var saved = await store.SaveAsync(PortalLinks.New(tenant, AccessToken, RefreshToken));
            await store.GetAsync(tenant);
            await store.SaveAsync(saved with { LastRefreshedAt = DateTimeOffset.UnixEpoch });
            failures.Add(await Assert.ThrowsAsync<StorageConflictException>(() => store.SaveAsync(saved)));
            failures.Add(await Assert.ThrowsAsync<StorageConflictException>(() => store.SaveAsync(saved with { ETag = null })));
            await store.UpdateAsync(tenant, link => link with { State = PortalLinkState.Broken, BrokenReason = "refresh refused" });
            await store.DeleteAsync(tenant);
        }

        // A link whose key ring is gone takes the warning path.
        var row = new TableEntity(tenant, "portal") { ["PortalId"] = 1L, ["AccessTokenProtected"] = AccessToken, ["RefreshTokenProtected"] = RefreshToken };
        await new TableClient(azurite.ConnectionString, prefix + "PortalLinks").UpsertEntityAsync(row);
        await using (var services = StorageServices.Build(azurite, prefix, logs: logs))
        {
            Assert.Equal(PortalLinkState.Broken, (await services.GetRequiredService<PortalLinkStore>().GetAsync(tenant))!.State);
        }

        var everything = string.Join("\n", logs.Lines.Concat(failures.Select(f => f.ToString())));
        Assert.Contains(logs.Lines, m => m.Contains(tenant, StringComparison.Ordinal));
        Assert.Contains(logs.Lines, m => m.Contains("could not be decrypted", StringComparison.Ordinal));
        Assert.DoesNotContain(AccessToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(RefreshToken, everything, StringComparison.Ordinal);
    }

    [Fact]
    public void Formatting_a_link_leaves_the_tokens_out()
    {
        var text = PortalLinks.New("tenant-1", AccessToken, RefreshToken).ToString();

        Assert.Contains("tenant-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(RefreshToken, text, StringComparison.Ordinal);
    }
}
