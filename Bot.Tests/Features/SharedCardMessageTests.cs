using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Features.Help;

namespace Bot.Tests.Features;

/// <summary>A card inserted from the compose box and sent to the bot is a share the bot leaves unanswered.</summary>
public sealed class SharedCardMessageTests
{
    // Exactly the text the Agents Playground sends with an inserted message-extension card.
    private const string PlaygroundPlaceholder =
        "\n<span class=\"inline-compose-card\" itemid=\"0\" itemtype=\"http://schema.skype.com/InputExtension\">\n  <span content=\"0\" itemprop=\"cardId\"></span>\n</span>\n";

    private static Activity WithCard(string? text, string contentType = ContentTypes.AdaptiveCard) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Attachments = [new Attachment { ContentType = contentType, Content = new JsonObject { ["type"] = "AdaptiveCard" } }],
    };

    [Theory]
    [InlineData(PlaygroundPlaceholder)]
    [InlineData("")]
    [InlineData(null)]
    public void A_card_with_no_words_is_a_share(string? text) =>
        Assert.True(SharedCardMessage.Is(WithCard(text), WithCard(text).TextWithoutBotMention()));

    [Fact]
    public void A_card_with_words_is_still_read_as_text() =>
        Assert.False(SharedCardMessage.Is(WithCard("find ada"), "find ada"));

    [Fact]
    public void Text_without_a_card_is_not_a_share() =>
        Assert.False(SharedCardMessage.Is(new Activity { Type = ActivityTypes.Message, Text = "<p></p>" }, "<p></p>"));

    [Fact]
    public void A_file_with_no_words_is_not_a_card_share() =>
        Assert.False(SharedCardMessage.Is(WithCard("", "application/vnd.microsoft.teams.file.download.info"), ""));
}
