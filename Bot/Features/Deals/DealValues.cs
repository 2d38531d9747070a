using System.Globalization;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Deals;

/// <summary>
/// The deal form's values checked and turned into HubSpot properties. Checks here are the ones a card cannot be
/// trusted with (a mobile or old client skips client-side validation); HubSpot's own 400s are mapped separately.
/// </summary>
public sealed record DealValues(IReadOnlyDictionary<string, string> Properties, IReadOnlyDictionary<string, string> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <param name="values">Submitted input values keyed by <see cref="DealFields"/> ids.</param>
    /// <param name="creating">A new deal needs a name and a stage; an update may leave fields as they were.</param>
    public static DealValues Parse(IReadOnlyDictionary<string, string?> values, bool creating)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string Get(string id) => values.TryGetValue(id, out var v) ? (v ?? string.Empty).Trim() : string.Empty;

        var name = Get(DealFields.Name);
        if (name.Length == 0) errors[DealFields.Name] = "Give the deal a name.";
        else if (name.Length > HubSpotLimits.MaxStringLength) errors[DealFields.Name] = HubSpotLimits.TooLong("a deal name", name.Length);
        else properties["dealname"] = name;

        if (StageChoice.TryParse(Get(DealFields.Stage), out var pipelineId, out var stageId))
        {
            properties["pipeline"] = pipelineId;
            properties["dealstage"] = stageId;
        }
        else if (creating || Get(DealFields.Stage).Length > 0)
        {
            errors[DealFields.Stage] = "Choose a pipeline and stage.";
        }

        var amount = Get(DealFields.Amount);
        if (amount.Length == 0) properties["amount"] = string.Empty;
        else if (!decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
            errors[DealFields.Amount] = "Enter the amount as a number, e.g. 12500.50.";
        // Refused, not clamped to 0: a negative amount is a slip the person should see and fix.
        else if (number < 0) errors[DealFields.Amount] = $"The amount can't be negative ({amount}). Enter 0 or more.";
        else properties["amount"] = number.ToString(CultureInfo.InvariantCulture);

        var close = Get(DealFields.CloseDate);
        if (close.Length == 0) properties["closedate"] = string.Empty;
        else if (DateOnly.TryParseExact(close, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            properties["closedate"] = EpochMilliseconds(date);
        else errors[DealFields.CloseDate] = "Enter the close date as a date (YYYY-MM-DD).";

        if (creating)
        {
            // Clearing makes no sense on create: leave unset properties out of the request.
            foreach (var key in properties.Where(p => p.Value.Length == 0).Select(p => p.Key).ToList()) properties.Remove(key);
        }

        return new DealValues(properties, errors);
    }

    /// <summary>HubSpot stores deal dates as datetimes; midnight UTC keeps the calendar day the user picked.</summary>
    public static string EpochMilliseconds(DateOnly date) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The card value (YYYY-MM-DD) for a stored HubSpot datetime (ISO or epoch ms); empty when unset or unreadable.</summary>
    public static string DateForCard(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored)) return string.Empty;
        if (long.TryParse(stored, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
            return DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return DateTimeOffset.TryParse(stored, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : string.Empty;
    }
}
