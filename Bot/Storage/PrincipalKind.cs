namespace HubSpotTeamsBot.Storage;

public enum PrincipalKind
{
    User,
    Group,
}
