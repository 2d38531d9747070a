using System.Text;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.Cards;

/// <summary>
/// The bot keeps every card under 28 KB so it fits every Teams surface (docs/teams-protocol.md, "Card size"). Measured
/// as the bot sends it: UTF-8 JSON written with the bot's serializer options (which escape non-ASCII characters).
/// </summary>
public static class CardSize
{
    public const int MaxBytes = 28 * 1024;

    public static int Bytes(JsonNode card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return Encoding.UTF8.GetByteCount(card.ToJsonString(BotJson.Options));
    }

    public static bool Fits(JsonNode card) => Bytes(card) <= MaxBytes;
}
