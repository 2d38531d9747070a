using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Storage;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class ConversationReferenceStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Saved_reference_is_found_by_conversation_and_by_user()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));
        await using var services = StorageServices.Build(azurite, time: time);
        var store = services.GetRequiredService<ConversationReferenceStore>();
        var reference = Personal(StorageServices.NewTenantId(), "aad-1", "a:1personal");

        await store.SaveAsync(reference);

        var expected = reference with { UpdatedAt = time.Now };
        Assert.Equal(expected, await store.GetForConversationAsync(reference.TenantId, "a:1personal"));
        Assert.Equal(expected, await store.GetForUserAsync(reference.TenantId, "aad-1"));
    }

    [Fact]
    public async Task Every_activity_refreshes_the_reference()
    {
        await using var services = StorageServices.Build(azurite);
        var store = services.GetRequiredService<ConversationReferenceStore>();
        var tenant = StorageServices.NewTenantId();
        await store.SaveAsync(Personal(tenant, "aad-1", "a:1personal"));

        await store.SaveAsync(Personal(tenant, "aad-1", "a:1personal") with { ServiceUrl = "https://smba.trafficmanager.net/emea/", UserName = "Renamed" });

        var byUser = await store.GetForUserAsync(tenant, "aad-1");
        var byConversation = await store.GetForConversationAsync(tenant, "a:1personal");
        Assert.Equal("https://smba.trafficmanager.net/emea/", byUser!.ServiceUrl);
        Assert.Equal("Renamed", byUser.UserName);
        Assert.Equal("https://smba.trafficmanager.net/emea/", byConversation!.ServiceUrl);
    }

    [Fact]
    public async Task A_channel_message_keeps_the_users_personal_chat_for_proactive_messages()
    {
        await using var services = StorageServices.Build(azurite);
        var store = services.GetRequiredService<ConversationReferenceStore>();
        var tenant = StorageServices.NewTenantId();
        await store.SaveAsync(Personal(tenant, "aad-1", "a:1personal"));

        // Channel ids carry characters table keys forbid in raw form.
        const string channel = "19:abc/def#ghi?x@thread.tacv2;messageid=1700000000000";
        await store.SaveAsync(Personal(tenant, "aad-1", channel) with { ConversationType = "channel" });

        var byUser = await store.GetForUserAsync(tenant, "aad-1");
        Assert.Equal("a:1personal", byUser!.ConversationId);
        Assert.Equal("personal", byUser.ConversationType);
        var byChannel = await store.GetForConversationAsync(tenant, channel);
        Assert.Equal(channel, byChannel!.ConversationId);
        Assert.Equal("channel", byChannel.ConversationType);
    }

    [Fact]
    public async Task A_user_seen_only_in_a_channel_gets_that_channel_with_its_type()
    {
        await using var services = StorageServices.Build(azurite);
        var store = services.GetRequiredService<ConversationReferenceStore>();
        var tenant = StorageServices.NewTenantId();

        await store.SaveAsync(Personal(tenant, "aad-2", "19:team@thread.tacv2") with { ConversationType = "channel" });

        var byUser = await store.GetForUserAsync(tenant, "aad-2");
        Assert.Equal("19:team@thread.tacv2", byUser!.ConversationId);
        Assert.Equal("channel", byUser.ConversationType);
        Assert.Equal("29:user-aad-2", byUser.UserId);
    }

    [Fact]
    public async Task Unknown_user_and_conversation_read_as_null()
    {
        await using var services = StorageServices.Build(azurite);
        var store = services.GetRequiredService<ConversationReferenceStore>();
        var tenant = StorageServices.NewTenantId();

        Assert.Null(await store.GetForUserAsync(tenant, "nobody"));
        Assert.Null(await store.GetForConversationAsync(tenant, "a:nothing"));
    }

    internal static ConversationReference Personal(string tenant, string aadObjectId, string conversationId) => new()
    {
        TenantId = tenant,
        ConversationId = conversationId,
        ConversationType = "personal",
        ServiceUrl = "https://smba.trafficmanager.net/amer/",
        BotId = "28:bot-app-id",
        BotName = "HubSpot",
        UserId = "29:user-" + aadObjectId,
        UserAadObjectId = aadObjectId,
        UserName = "User " + aadObjectId,
    };
}
