namespace HubSpotTeamsBot.BotFramework.Routing;

internal static class CommandText
{
    public static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>What follows the first <paramref name="count"/> words of <paramref name="text"/>, as typed.</summary>
    public static string After(string text, int count)
    {
        var rest = text.AsSpan().Trim();
        for (var i = 0; i < count && !rest.IsEmpty; i++)
        {
            var space = rest.IndexOf(' ');
            rest = space < 0 ? [] : rest[(space + 1)..].TrimStart();
        }
        return rest.ToString();
    }
}
