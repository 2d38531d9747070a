using HubSpotTeamsBot.Storage;

namespace Bot.Tests.Storage;

public sealed class TableKeyTests
{
    [Theory]
    [InlineData("a:1plain@thread.skype", "a:1plain@thread.skype")]
    [InlineData("19:x/y#z?w", "19:x%2Fy%23z%3Fw")]
    [InlineData("back\\slash", "back%5Cslash")]
    [InlineData("tab\there", "tab%09here")]
    [InlineData("100%", "100%25")]
    public void Forbidden_key_characters_are_percent_encoded(string value, string expected) =>
        Assert.Equal(expected, TableKey.Escape(value));

    [Fact]
    public void Different_ids_never_share_a_key()
    {
        Assert.NotEqual(TableKey.Escape("a/b"), TableKey.Escape("a%2Fb"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_tenant_id_is_refused(string tenantId) =>
        Assert.ThrowsAny<ArgumentException>(() => TableKey.Tenant(tenantId));
}
