using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Storage;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class PendingSignInStoreTests(AzuriteFixture azurite)
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_pending_sign_in_is_returned_once_with_every_field()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<PendingSignInStore>();
        var signIn = SignIn(StorageServices.NewTenantId(), _time.Now);
        await store.CreateAsync(signIn);

        var first = await store.ConsumeAsync(signIn.TenantId, signIn.State);
        var second = await store.ConsumeAsync(signIn.TenantId, signIn.State);

        Assert.Equal(signIn, first);
        Assert.Null(second);
    }

    [Fact]
    public async Task Concurrent_consumers_get_it_at_most_once()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<PendingSignInStore>();
        var signIn = SignIn(StorageServices.NewTenantId(), _time.Now);
        await store.CreateAsync(signIn);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.ConsumeAsync(signIn.TenantId, signIn.State)));

        Assert.Single(results, r => r is not null);
    }

    [Fact]
    public async Task An_expired_sign_in_is_never_returned_and_is_gone_afterwards()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<PendingSignInStore>();
        var signIn = SignIn(StorageServices.NewTenantId(), _time.Now);
        await store.CreateAsync(signIn);

        _time.Advance(TimeSpan.FromMinutes(10));
        var expired = await store.ConsumeAsync(signIn.TenantId, signIn.State);
        _time.Now = signIn.CreatedAt;
        var afterwards = await store.ConsumeAsync(signIn.TenantId, signIn.State);

        Assert.Null(expired);
        Assert.Null(afterwards);
    }

    [Fact]
    public async Task A_state_value_cannot_be_created_twice()
    {
        await using var services = StorageServices.Build(azurite, time: _time);
        var store = services.GetRequiredService<PendingSignInStore>();
        var signIn = SignIn(StorageServices.NewTenantId(), _time.Now);
        await store.CreateAsync(signIn);

        await Assert.ThrowsAsync<StorageConflictException>(() => store.CreateAsync(signIn with { RequestedByAadObjectId = "intruder" }));

        Assert.Equal(signIn.RequestedByAadObjectId, (await store.ConsumeAsync(signIn.TenantId, signIn.State))!.RequestedByAadObjectId);
    }

    [Fact]
    public async Task An_unknown_state_reads_as_null()
    {
        await using var services = StorageServices.Build(azurite, time: _time);

        Assert.Null(await services.GetRequiredService<PendingSignInStore>().ConsumeAsync(StorageServices.NewTenantId(), "never-issued"));
    }

    internal static PendingSignIn SignIn(string tenant, DateTimeOffset now) => new()
    {
        TenantId = tenant,
        State = tenant + "." + Guid.NewGuid().ToString("N") + "/+=",
        RequestedByAadObjectId = "admin-1",
        RequestedByName = "Ada Admin",
        ConversationId = "a:1personal",
        ServiceUrl = "https://smba.trafficmanager.net/amer/",
        Data = """{"returnTo":"personal"}""",
        CreatedAt = now,
        ExpiresAt = now.AddMinutes(10),
    };
}
