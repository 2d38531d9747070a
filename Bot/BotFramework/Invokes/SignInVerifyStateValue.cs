using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.BotFramework.Invokes;

/// <summary><c>signin/verifyState</c>: the sign-in popup finished (docs/teams-protocol.md, "Sign-in flow"). A missing
/// state is a sign-in that did not finish, which the feature answers itself, so it is not required here.</summary>
public sealed class SignInVerifyStateValue
{
    public string? State { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
