using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Identity;

public sealed class AppRoleNamesTests
{
    [Theory]
    [InlineData("admin", AppRole.Admin)]
    [InlineData(" Editor ", AppRole.Editor)]
    [InlineData("VIEWER", AppRole.Viewer)]
    public void Grantable_roles_parse_in_any_case(string text, AppRole expected)
    {
        Assert.True(AppRoleNames.TryParseGrantable(text, out var role));
        Assert.Equal(expected, role);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("owner")]
    [InlineData("3")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_grantable_role(string? text)
    {
        Assert.False(AppRoleNames.TryParseGrantable(text, out var role));
        Assert.Equal(AppRole.None, role);
    }

    [Fact]
    public void An_unknown_stored_role_grants_nothing()
    {
        Assert.Equal(AppRole.None, AppRoleNames.FromStored("SuperAdmin"));
        Assert.Equal(AppRole.Editor, AppRoleNames.FromStored(AppRoleNames.ToStored(AppRole.Editor)));
    }
}
