namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// HubSpot record, owner and association ids are decimal numbers (int64). Ids reach us from card data, pasted links and
/// invokes that a client can forge, so each is checked before it goes into a HubSpot path or association: anything
/// else (path segments, query strings, "../", emails in an id field) is refused instead of sent.
/// </summary>
public static class RecordId
{
    /// <summary>Longest id accepted: a positive int64 has at most 19 digits.</summary>
    public const int MaxLength = 19;

    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(char.IsAsciiDigit) && long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0;

    /// <exception cref="InvalidRecordIdException">The id is not a HubSpot id.</exception>
    public static string Require(string? id, string what = "record") =>
        IsValid(id) ? id! : throw new InvalidRecordIdException(what);
}

/// <summary>An id that cannot be a HubSpot id was about to be used; nothing was sent to HubSpot.</summary>
public sealed class InvalidRecordIdException(string what)
    : ArgumentException($"The {what} id is not a HubSpot id (HubSpot ids are whole numbers).")
{
    public string What { get; } = what;
}
