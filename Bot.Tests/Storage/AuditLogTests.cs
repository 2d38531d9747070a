using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Storage;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class AuditLogTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Pages_run_newest_first_and_end_without_a_token()
    {
        await using var services = StorageServices.Build(azurite);
        var log = services.GetRequiredService<AuditLog>();
        var tenant = StorageServices.NewTenantId();
        // Appended out of order: the log orders by time, not by arrival.
        foreach (var minute in new[] { 3, 0, 4, 1, 2 })
        {
            await log.AppendAsync(Entry(tenant, Start.AddMinutes(minute), "contact-" + minute));
        }

        var first = await log.ReadPageAsync(tenant, 2);
        var second = await log.ReadPageAsync(tenant, 2, first.ContinuationToken);
        var third = await log.ReadPageAsync(tenant, 2, second.ContinuationToken);

        Assert.Equal(["contact-4", "contact-3"], first.Entries.Select(e => e.ObjectId));
        Assert.Equal(["contact-2", "contact-1"], second.Entries.Select(e => e.ObjectId));
        Assert.Equal(["contact-0"], third.Entries.Select(e => e.ObjectId));
        Assert.NotNull(first.ContinuationToken);
        Assert.NotNull(second.ContinuationToken);
        Assert.Null(third.ContinuationToken);
    }

    [Fact]
    public async Task A_full_last_page_carries_no_token()
    {
        await using var services = StorageServices.Build(azurite);
        var log = services.GetRequiredService<AuditLog>();
        var tenant = StorageServices.NewTenantId();
        await log.AppendAsync(Entry(tenant, Start, "a"));
        await log.AppendAsync(Entry(tenant, Start.AddSeconds(1), "b"));

        var page = await log.ReadPageAsync(tenant, 2);

        Assert.Equal(2, page.Entries.Count);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task Entries_in_the_same_instant_are_all_kept_and_every_field_round_trips()
    {
        await using var services = StorageServices.Build(azurite);
        var log = services.GetRequiredService<AuditLog>();
        var tenant = StorageServices.NewTenantId();
        var entry = Entry(tenant, Start, "same");

        var appended = new[] { await log.AppendAsync(entry), await log.AppendAsync(entry) };
        var page = await log.ReadPageAsync(tenant, 10);

        Assert.Equal(2, page.Entries.Count);
        Assert.Equal(appended.Select(a => a.Id).Order(), page.Entries.Select(e => e.Id).Order());
        Assert.All(page.Entries, e => Assert.Equal(entry with { Id = e.Id }, e));
    }

    [Fact]
    public async Task A_token_the_log_did_not_issue_is_refused()
    {
        await using var services = StorageServices.Build(azurite);
        var log = services.GetRequiredService<AuditLog>();

        await Assert.ThrowsAsync<ArgumentException>(() => log.ReadPageAsync(StorageServices.NewTenantId(), 10, "' or PartitionKey ne '"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.ReadPageAsync(StorageServices.NewTenantId(), 0));
    }

    internal static AuditEntry Entry(string tenant, DateTimeOffset at, string objectId) => new()
    {
        TenantId = tenant,
        At = at,
        ActorAadObjectId = "actor-1",
        ActorName = "Eve Editor",
        ActorUpn = "eve@contoso.example",
        Action = "contact.update",
        ObjectType = "contact",
        ObjectId = objectId,
        Outcome = "Succeeded",
        CorrelationId = "corr-" + objectId,
        Detail = "changed email",
    };
}
