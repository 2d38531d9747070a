using System.Text.Json.Nodes;

namespace Bot.Tests.Production;

/// <summary>The template evaluator the production-settings test relies on: what it knows, and that it refuses the rest.</summary>
public sealed class ArmTemplateEvaluatorTests
{
    private static ArmTemplateEvaluator For(string variablesJson) =>
        new(JsonNode.Parse($$"""{ "parameters": { "p": { "type": "string" } }, "variables": {{variablesJson}} }""")!.AsObject(),
            new Dictionary<string, object?> { ["p"] = "x" });

    [Fact]
    public void Format_concat_objects_and_copy_loops_evaluate()
    {
        var evaluator = For("""
            { "copy": [ { "name": "items", "count": "[length(createArray('a','b'))]", "input": { "name": "[format('N__{0}', copyIndex('items'))]" } } ],
              "joined": "[concat(createArray(createObject('name', format('{0}-bot', parameters('p')))), variables('items'))]" }
            """);

        var joined = (List<object?>)evaluator.Evaluate(JsonValue.Create("[variables('joined')]"))!;

        Assert.Equal(["x-bot", "N__0", "N__1"], joined.Cast<Dictionary<string, object?>>().Select(o => (string)o["name"]!));
    }

    [Theory]
    [InlineData("[listKeys('account', '2025-06-01').keys[0].value]", "listKeys")]
    [InlineData("[parameters('missing')]", "missing")]
    [InlineData("[reference('storage').primaryEndpoints]", "storage")]
    public void Anything_unknown_fails_loudly_naming_it(string expression, string named)
    {
        var failure = Record.Exception(() => For("{}").Evaluate(JsonValue.Create(expression)));

        Assert.NotNull(failure);
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }
}
