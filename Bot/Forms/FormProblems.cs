namespace HubSpotTeamsBot.Forms;

/// <summary>What to show on a re-shown form: a sentence at the top and/or a message under individual inputs.</summary>
public sealed record FormProblems(string? Banner, IReadOnlyDictionary<string, string> FieldErrors)
{
    public static readonly FormProblems None = new(null, new Dictionary<string, string>());

    public static FormProblems Message(string banner) => new(banner, new Dictionary<string, string>());

    public static FormProblems Fields(IReadOnlyDictionary<string, string> errors, string? banner = "Please fix the fields marked below.") =>
        new(banner, errors);

    public bool Any => Banner is not null || FieldErrors.Count > 0;

    /// <summary>The error for an input id, or null.</summary>
    public string? For(string field) => FieldErrors.TryGetValue(field, out var error) ? error : null;
}
