using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Bot.Tests.Production;

/// <summary>
/// A small evaluator for the ARM template expressions the compiled infra/main.bicep uses around the web app's settings
/// ("[format('{0}-bot', parameters('namePrefix'))]", concat, createObject, copy loops, user functions, reference() of
/// the module's own resources). Anything it does not know — a function, a resource symbol, a parameter — throws, so
/// a new setting built with something unexpected fails the production-settings test instead of slipping past it.
/// Values are plain .NET objects: string, long, bool, null, List&lt;object?&gt;, Dictionary&lt;string, object?&gt;.
/// </summary>
public sealed class ArmTemplateEvaluator
{
    private readonly JsonObject _template;
    private readonly Dictionary<string, object?> _parameters;
    private readonly IReadOnlyDictionary<string, Dictionary<string, object?>> _references;
    private readonly Dictionary<string, object?> _variables = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, object?> _copyIndex = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, object?>? _functionArguments;

    /// <param name="template">A (nested) template: parameters, variables, functions, resources.</param>
    /// <param name="parameters">Values given to the template; missing ones take their evaluated defaultValue.</param>
    /// <param name="references">reference('symbol') answers: the runtime properties of resources this template deploys.</param>
    public ArmTemplateEvaluator(JsonObject template, IReadOnlyDictionary<string, object?> parameters, IReadOnlyDictionary<string, Dictionary<string, object?>>? references = null)
    {
        _template = template;
        _references = references ?? new Dictionary<string, Dictionary<string, object?>>();
        _parameters = new(parameters, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, definition) in template["parameters"]?.AsObject() ?? [])
        {
            if (_parameters.ContainsKey(name)) continue;
            if (definition?["defaultValue"] is not { } fallback) continue; // asked for later → fails loudly there
            _parameters[name] = Evaluate(fallback);
        }
    }

    /// <summary>Resources this template deploys, by symbolic name (languageVersion 2.0).</summary>
    public JsonObject Resources => _template["resources"]!.AsObject();

    /// <summary>Evaluates a template value: expressions inside strings, objects and arrays, recursively.</summary>
    public object? Evaluate(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => Evaluate(p.Value)),
        JsonArray array => array.Select(Evaluate).ToList(),
        JsonValue value when value.TryGetValue<string>(out var text) => EvaluateString(text),
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        JsonValue value when value.TryGetValue<long>(out var number) => number,
        _ => throw new NotSupportedException($"Template value {node.ToJsonString()} is of an unknown kind."),
    };

    /// <summary>The parameters a module deployment passes to its nested template, evaluated here.</summary>
    public Dictionary<string, object?> ModuleParameters(string symbol) =>
        Resources[symbol]!["properties"]!["parameters"]!.AsObject().ToDictionary(p => p.Key, p => Evaluate(p.Value!["value"]));

    private object? EvaluateString(string text)
    {
        if (!text.StartsWith('[') || !text.EndsWith(']')) return text;
        if (text.StartsWith("[[", StringComparison.Ordinal)) return text[1..]; // escaped literal
        var parser = new Parser(text[1..^1]);
        var result = EvaluateExpression(parser.ParseExpression());
        parser.ExpectEnd();
        return result;
    }

    private object? EvaluateExpression(Expr expr) => expr switch
    {
        Literal literal => literal.Value,
        Call call => Accessed(Invoke(call.Name, call.Arguments), call.Accessors),
        _ => throw new NotSupportedException("Unknown expression node."),
    };

    private object? Accessed(object? value, IReadOnlyList<Accessor> accessors)
    {
        foreach (var accessor in accessors)
        {
            var key = accessor.Property ?? EvaluateExpression(accessor.Index!);
            value = (value, key) switch
            {
                (Dictionary<string, object?> obj, string name) => obj.TryGetValue(name, out var v) ? v
                    : obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } found ? found.Value
                    : throw new KeyNotFoundException($"Template value has no property '{name}' (has: {string.Join(", ", obj.Keys)})."),
                (List<object?> list, long index) => list[(int)index],
                _ => throw new NotSupportedException($"Cannot access [{key}] on {value?.GetType().Name ?? "null"}."),
            };
        }
        return value;
    }

    private object? Invoke(string name, IReadOnlyList<Expr> arguments)
    {
        List<object?> Args() => arguments.Select(EvaluateExpression).ToList();
        string Text(int i) => EvaluateExpression(arguments[i]) as string ?? throw new InvalidOperationException($"{name}: argument {i} is not a string.");
        switch (name.ToLowerInvariant())
        {
            case "parameters":
                var parameter = Text(0);
                if (_functionArguments is not null && _functionArguments.TryGetValue(parameter, out var argument)) return argument;
                return _parameters.TryGetValue(parameter, out var given) ? given : throw new KeyNotFoundException($"Template parameter '{parameter}' has no value and no default.");
            case "variables":
                return Variable(Text(0));
            case "format":
                var values = Args();
                var pattern = values[0] as string ?? throw new InvalidOperationException("format: the pattern is not a string.");
                return string.Format(CultureInfo.InvariantCulture, pattern, values.Skip(1).Select(Display).ToArray());
            case "concat":
                var parts = Args();
                return parts.All(p => p is List<object?>) ? parts.SelectMany(p => (List<object?>)p!).ToList() : string.Concat(parts.Select(Display));
            case "createarray":
                return Args();
            case "createobject":
                var pairs = Args();
                var created = new Dictionary<string, object?>();
                for (var i = 0; i < pairs.Count; i += 2) created[(string)pairs[i]!] = pairs[i + 1];
                return created;
            case "length":
                return Args()[0] switch { List<object?> list => (long)list.Count, string s => (long)s.Length, Dictionary<string, object?> o => (long)o.Count, var other => throw new NotSupportedException($"length of {other}") };
            case "copyindex":
                var loop = arguments.Count > 0 ? Text(0) : throw new NotSupportedException("copyIndex() without a loop name.");
                return _copyIndex.TryGetValue(loop, out var index) ? index : throw new InvalidOperationException($"copyIndex('{loop}') outside its loop.");
            case "uniquestring":
                // Stable, 13 lowercase characters like ARM's; the exact hash does not matter to the app.
                var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', Args().Select(Display))));
                return string.Concat(hash.Take(13).Select(b => (char)('a' + (b % 26))));
            case "resourcegroup":
                return new Dictionary<string, object?> { ["id"] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso-hsbot-rg", ["name"] = "contoso-hsbot-rg", ["location"] = "westeurope" };
            case "environment":
                return new Dictionary<string, object?>
                {
                    ["name"] = "AzureCloud",
                    ["suffixes"] = new Dictionary<string, object?> { ["storage"] = "core.windows.net", ["keyvaultDns"] = ".vault.azure.net" },
                };
            case "reference":
                var symbol = Text(0);
                return _references.TryGetValue(symbol, out var properties) ? properties
                    : throw new KeyNotFoundException($"reference('{symbol}') has no sample runtime properties: add them to the test's deployment facts.");
            default:
                return InvokeUserFunction(name, Args());
        }
    }

    private object? InvokeUserFunction(string name, List<object?> arguments)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var function = dot < 0 ? null : _template["functions"]?.AsArray()
            .FirstOrDefault(ns => (string?)ns!["namespace"] == name[..dot])?["members"]?[name[(dot + 1)..]];
        if (function is null) throw new NotSupportedException($"The template uses '{name}', which this evaluator does not know: teach it, or keep the setting simple.");
        var names = function["parameters"]!.AsArray().Select(p => (string)p!["name"]!).ToList();
        var outer = _functionArguments;
        _functionArguments = names.Select((n, i) => (n, arguments[i])).ToDictionary(p => p.n, p => p.Item2);
        try
        {
            return Evaluate(function["output"]!["value"]);
        }
        finally
        {
            _functionArguments = outer;
        }
    }

    private object? Variable(string name)
    {
        if (_variables.TryGetValue(name, out var known)) return known;
        var variables = _template["variables"]?.AsObject() ?? throw new KeyNotFoundException($"No variables; asked for '{name}'.");
        if (variables["copy"]?.AsArray().FirstOrDefault(c => (string?)c!["name"] == name) is { } copy)
        {
            var count = Convert.ToInt64(EvaluateExpression(new Parser(((string)copy["count"]!)[1..^1]).ParseExpression()), CultureInfo.InvariantCulture);
            var items = new List<object?>();
            for (long i = 0; i < count; i++)
            {
                _copyIndex[name] = i;
                items.Add(Evaluate(copy["input"]));
            }
            _copyIndex.Remove(name);
            return _variables[name] = items;
        }
        return _variables[name] = variables.ContainsKey(name) ? Evaluate(variables[name]) : throw new KeyNotFoundException($"Template variable '{name}' does not exist.");
    }

    private static string Display(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "True" : "False",
        long n => n.ToString(CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"Cannot put a {value.GetType().Name} into text."),
    };

    private abstract record Expr;
    private sealed record Literal(object? Value) : Expr;
    private sealed record Call(string Name, IReadOnlyList<Expr> Arguments, IReadOnlyList<Accessor> Accessors) : Expr;
    private sealed record Accessor(string? Property, Expr? Index);

    /// <summary>Recursive descent over ARM's expression syntax: literals, calls, .property and [index] accessors.</summary>
    private sealed class Parser(string text)
    {
        private int _at;

        public Expr ParseExpression()
        {
            SkipSpace();
            if (Peek == '\'') return ParseString();
            if (char.IsAsciiDigit(Peek) || Peek == '-') return ParseNumber();
            var name = ParseName();
            if (name is "true" or "false") return new Literal(name == "true");
            if (name == "null") return new Literal(null);
            Expect('(');
            var arguments = new List<Expr>();
            SkipSpace();
            if (Peek != ')')
            {
                do arguments.Add(ParseExpression());
                while (TryTake(','));
            }
            Expect(')');
            var accessors = new List<Accessor>();
            while (true)
            {
                if (TryTake('.')) accessors.Add(new Accessor(ParseName(), null));
                else if (TryTake('['))
                {
                    accessors.Add(new Accessor(null, ParseExpression()));
                    Expect(']');
                }
                else break;
            }
            return new Call(name, arguments, accessors);
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_at != text.Length) throw new FormatException($"Unexpected '{text[_at..]}' in expression [{text}].");
        }

        private char Peek => _at < text.Length ? text[_at] : '\0';

        private Literal ParseString()
        {
            var value = new StringBuilder();
            _at++;
            while (true)
            {
                if (_at >= text.Length) throw new FormatException($"Unterminated string in [{text}].");
                if (text[_at] == '\'')
                {
                    if (_at + 1 < text.Length && text[_at + 1] == '\'') { value.Append('\''); _at += 2; continue; }
                    _at++;
                    return new Literal(value.ToString());
                }
                value.Append(text[_at++]);
            }
        }

        private Literal ParseNumber()
        {
            var start = _at++;
            while (char.IsAsciiDigit(Peek)) _at++;
            return new Literal(long.Parse(text[start.._at], CultureInfo.InvariantCulture));
        }

        private string ParseName()
        {
            SkipSpace();
            var start = _at;
            while (true)
            {
                if (char.IsAsciiLetterOrDigit(Peek) || Peek == '_') _at++;
                // A dot belongs to a name only in namespaced user functions (__bicep.keyVaultReference).
                else if (Peek == '.' && _at > start && text[start] == '_') _at++;
                else break;
            }
            if (_at == start) throw new FormatException($"Expected a name at {start} in [{text}].");
            return text[start.._at];
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (Peek != c) throw new FormatException($"Expected '{c}' at {_at} in [{text}].");
            _at++;
        }

        private bool TryTake(char c)
        {
            SkipSpace();
            if (Peek != c) return false;
            _at++;
            return true;
        }

        private void SkipSpace()
        {
            while (Peek == ' ') _at++;
        }
    }
}
