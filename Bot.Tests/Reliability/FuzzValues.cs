using System.Text;
using System.Text.Json.Nodes;

namespace Bot.Tests.Reliability;

/// <summary>Hostile JSON values drawn from a seeded <see cref="Random"/>: wrong types, huge and odd strings, deep nesting.</summary>
public sealed class FuzzValues(Random random)
{
    /// <summary>Strings that have broken parsers, paths, queries and renderers elsewhere.</summary>
    private static readonly string[] Nasty =
    [
        "", " ", "\t\n", "null", "undefined", "0", "-1", "1e309", "NaN", "true", "[]", "{}", "..", "../../", "/", "%2F..%2F", "?x=1#y",
        "' OR '1'='1", "\"; DROP TABLE x; --", "<script>alert(1)</script>", "<at>HubSpot</at>", "**bold** _it_ [link](javascript:alert(1))",
        "\u0000", "\u200B\u200E\u202E", "مرحبا", "こんにちは", "👩‍👩‍👧‍👦🏳️‍🌈", "Ω≈ç√∫", "\uFEFF", "%s%s%n", "${jndi:ldap://x}", "{{7*7}}",
        "0000000000000000000000000", "99999999999999999999999999", "-0", "1.5", "contact:abc", "deal:", ":", "verify-123456", "123456",
        "https://app.hubspot.com/contacts/20260301/record/0-1/1001", "http://127.0.0.1:1/", "a:b:c", "contact.create", "deal.update",
    ];

    public Random Random => random;

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public string NastyString() => Pick(Nasty);

    /// <summary>Random text of the given length mixing ASCII, accents, CJK, emoji and control characters.</summary>
    public string Text(int length)
    {
        var builder = new StringBuilder(length);
        while (builder.Length < length)
        {
            builder.Append(random.Next(10) switch
            {
                < 5 => (char)random.Next(0x20, 0x7F),
                5 => (char)random.Next(0xC0, 0x17F),
                6 => (char)random.Next(0x4E00, 0x9FFF),
                7 => "😀🚀🇬🇧".Substring(random.Next(3) * 2, 2),
                8 => (char)random.Next(0, 0x20),
                _ => ' ',
            });
        }
        return builder.ToString();
    }

    /// <summary>A string of up to ~300 KB: big enough to stress handlers, mostly under the bot's 512 KB body limit.</summary>
    public string Huge() => random.Next(4) switch
    {
        0 => new string('a', random.Next(10_000, 300_000)),
        1 => Text(random.Next(2_000, 40_000)),
        2 => string.Concat(Enumerable.Repeat("new contact ", random.Next(1_000, 10_000))),
        _ => string.Concat(Enumerable.Repeat("👍", random.Next(1_000, 50_000))),
    };

    /// <summary>Arrays or objects nested <paramref name="depth"/> levels (past 64 the JSON reader refuses them).</summary>
    public JsonNode Deep(int depth)
    {
        JsonNode node = JsonValue.Create("bottom");
        for (var i = 0; i < depth; i++)
            node = random.Next(2) == 0 ? new JsonArray(node) : new JsonObject { ["n"] = node, ["verb"] = "contact.create" };
        return node;
    }

    /// <summary>Any JSON value except the right one: numbers, booleans, arrays, objects, strings, huge, deep.</summary>
    public JsonNode? Any(int budget = 3) => random.Next(13) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.Next(int.MinValue, int.MaxValue)),
        3 => JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-5, 300))),
        4 => JsonValue.Create(long.MaxValue),
        5 => JsonValue.Create(NastyString()),
        6 => JsonValue.Create(Text(random.Next(1, 80))),
        7 => budget > 0 ? new JsonArray([.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => Any(budget - 1))]) : new JsonArray(),
        8 => budget > 0 ? RandomObject(budget - 1) : new JsonObject(),
        9 => JsonValue.Create(Huge()),
        10 => Deep(random.Next(2) == 0 ? random.Next(5, 40) : random.Next(65, 200)),
        11 => new JsonArray(new JsonArray(new JsonArray(JsonValue.Create(NastyString())))),
        _ => JsonValue.Create(random.Next(2) == 0 ? "" : " "),
    };

    public JsonObject RandomObject(int budget = 2)
    {
        var result = new JsonObject();
        for (var i = random.Next(0, 5); i > 0; i--) result[random.Next(3) == 0 ? NastyString() : Text(random.Next(1, 12))] = Any(budget);
        return result;
    }
}
