using System.Globalization;

namespace HubSpotTeamsBot.Cards;

/// <summary>Amounts as people read them: "£25,000.00" for 25000 in GBP. The app runs with invariant globalization (no
/// culture data), so the symbols of the common currencies are listed here; any other currency shows its ISO code
/// ("25,000.00 CHF"). A value that is not a number is shown as stored.</summary>
public static class Money
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GBP"] = "£", ["USD"] = "$", ["EUR"] = "€", ["JPY"] = "¥", ["CNY"] = "CN¥", ["INR"] = "₹", ["AUD"] = "A$",
        ["CAD"] = "CA$", ["NZD"] = "NZ$", ["HKD"] = "HK$", ["SGD"] = "S$", ["KRW"] = "₩", ["BRL"] = "R$", ["ILS"] = "₪",
        ["MXN"] = "MX$",
    };

    public static string? Format(string? amount, string? currency)
    {
        if (string.IsNullOrWhiteSpace(amount)) return amount;
        if (!decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) return amount;
        var magnitude = Math.Abs(value).ToString("#,##0.00", CultureInfo.InvariantCulture);
        var sign = value < 0 ? "-" : string.Empty;
        if (string.IsNullOrWhiteSpace(currency)) return sign + magnitude;
        var code = currency.Trim().ToUpperInvariant();
        return Symbols.TryGetValue(code, out var symbol) ? $"{sign}{symbol}{magnitude}" : $"{sign}{magnitude} {code}";
    }
}
