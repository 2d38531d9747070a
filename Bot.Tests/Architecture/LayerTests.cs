using HubSpotTeamsBot.BotFramework;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Architecture;

/// <summary>
/// Keeps the shape of docs/ARCHITECTURE.md: dependencies point down the layers of <see cref="LayerMap"/>. The edges
/// the code still has against that order are listed here by name, as debts; the list may only shrink — an edge not
/// on it fails, and so does a listed edge that is gone (take it off the list and out of the document).
/// </summary>
public sealed class LayerTests
{
    /// <summary>Today's edges against the layers, each with why it is still there. docs/ARCHITECTURE.md lists them too.</summary>
    private static readonly Dictionary<(string From, string To), string> KnownDebts = new()
    {
        [("BotFramework", "Storage")] = "the durable activity queue, poison table and idempotency claims live in Storage's tables and clients.",
    };

    /// <summary>What the compiled code uses, and what the source declares it uses (constants leave no trace in IL).</summary>
    private static readonly IReadOnlyDictionary<(string From, string To), string> Edges =
        TypeEdges.Read(typeof(BotOptions).Assembly.Location)
            .Concat(SourceEdges.Read())
            .GroupBy(e => e.Key)
            .ToDictionary(g => g.Key, g => g.First().Value);

    [Fact]
    public void No_module_uses_one_of_its_own_layer_or_above_except_the_listed_debts()
    {
        var against = Edges.Where(e => !LayerMap.Allowed(e.Key.From, e.Key.To) && !KnownDebts.ContainsKey(e.Key))
            .Select(e => $"{e.Key.From} -> {e.Key.To}: {e.Value}")
            .Order()
            .ToList();

        Assert.True(against.Count == 0, "Edges against the layers:\n" + string.Join('\n', against));
    }

    [Fact]
    public void Every_listed_debt_still_exists_so_the_list_only_shrinks()
    {
        var paid = KnownDebts.Keys.Where(k => !Edges.ContainsKey(k)).Select(k => $"{k.From} -> {k.To}").ToList();

        Assert.True(paid.Count == 0, "No longer used, take off KnownDebts and docs/ARCHITECTURE.md:\n" + string.Join('\n', paid));
    }

    [Fact]
    public void Every_module_of_the_bot_has_a_layer()
    {
        var modules = Edges.Keys.SelectMany(k => new[] { k.From, k.To }).Distinct().ToList();

        Assert.All(modules, m => LayerMap.LayerOf(m));
        Assert.Contains("BotFramework", modules);
        Assert.Contains("Features.Deals", modules);
    }
}
