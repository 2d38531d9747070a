namespace HubSpotSandbox.Model;

/// <summary>One HUBSPOT_DEFINED association type: direction, id and its reverse (docs/hubspot-api.md, "Association type ids", HubSpot's AssociationTypes enum).</summary>
public sealed record AssociationType(string From, string To, int Id, int ReverseId, bool Primary = false)
{
    public string Label => $"{From}_to_{To}";
}

/// <summary>The association types the sandbox knows. Each pair is listed once; reverses are derived.</summary>
public static class AssociationTypes
{
    public const string HubSpotDefined = "HUBSPOT_DEFINED";

    private static readonly AssociationType[] Forward =
    [
        new("contact", "company", 279, 280),
        new("contact", "company", 1, 2, Primary: true),
        new("deal", "contact", 3, 4),
        new("deal", "company", 341, 342),
        new("deal", "company", 5, 6, Primary: true),
        new("note", "contact", 202, 201),
        new("note", "deal", 214, 213),
        new("note", "company", 190, 189),
        new("task", "contact", 204, 203),
        new("task", "deal", 216, 215),
        new("task", "company", 192, 191),
        new("call", "contact", 194, 193),
        new("call", "deal", 206, 205),
        new("call", "company", 182, 181),
        new("meeting", "contact", 200, 199),
        new("meeting", "deal", 212, 211),
        new("meeting", "company", 188, 187),
        new("email", "contact", 198, 197),
        new("email", "deal", 210, 209),
        new("email", "company", 186, 185),
    ];

    public static readonly IReadOnlyList<AssociationType> All =
        [.. Forward, .. Forward.Select(a => new AssociationType(a.To, a.From, a.ReverseId, a.Id, a.Primary))];

    public static AssociationType? ById(int id) => All.FirstOrDefault(a => a.Id == id);

    /// <summary>The unlabelled (default) type between two object types, as used by associations/default.</summary>
    public static AssociationType? Default(string fromSingular, string toSingular) =>
        All.FirstOrDefault(a => a.From == fromSingular && a.To == toSingular && !a.Primary);
}
