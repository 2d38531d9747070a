namespace HubSpotTeamsBot.Features.Help;

/// <summary>What the bot can do, as people type it. The help card and the unknown-command answer read this.</summary>
public static class HelpCatalogue
{
    public sealed record Entry(string Command, string Description);

    public static readonly IReadOnlyList<Entry> Commands =
    [
        new("help", "What I can do"),
        new("whoami", "Your Teams identity and app role"),
        new("find <text>", "Search HubSpot contacts and deals"),
        new("new contact", "Create a contact"),
        new("edit contact <email | name | id>", "Update a contact"),
        new("new deal", "Create a deal"),
        new("update deal <name | id>", "Update a deal"),
        new("log note | call | meeting | task <record>", "Log an activity on a contact or deal"),
        new("notify deals · notify contacts · notify list · notify me", "Cards here when HubSpot records change"),
        new("connect · status · disconnect", "Link HubSpot for the whole organisation (admins)"),
        new("roles · role grant · role revoke", "Who may do what (admins)"),
        new("audit [n]", "Recent changes made through the bot (admins)"),
    ];
}
