using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Bot.Tests.Architecture;

/// <summary>
/// Every module-to-module use in the bot's compiled assembly: signatures, attributes, and what method bodies touch
/// (types, calls, fields), read with Mono.Cecil so nothing hidden inside a method escapes.
/// </summary>
internal static class TypeEdges
{
    public static IReadOnlyDictionary<(string From, string To), string> Read(string assemblyPath)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var module = assembly.MainModule;
        var edges = new Dictionary<(string, string), string>();
        foreach (var type in module.GetTypes())
        {
            var from = Module(type);
            if (from is null) continue;
            foreach (var used in Uses(type))
            {
                foreach (var reference in Flatten(used))
                {
                    if (reference.Scope != module && reference.Module != module) continue;
                    if (reference.Scope is AssemblyNameReference) continue;
                    var to = Module(reference);
                    if (to is null || to == from) continue;
                    edges.TryAdd((from, to), $"{type.FullName} uses {reference.FullName}");
                }
            }
        }

        return edges;
    }

    private static IEnumerable<TypeReference> Uses(TypeDefinition type)
    {
        if (type.BaseType is not null) yield return type.BaseType;
        foreach (var i in type.Interfaces) yield return i.InterfaceType;
        foreach (var a in type.CustomAttributes) yield return a.AttributeType;
        foreach (var f in type.Fields) yield return f.FieldType;
        foreach (var p in type.Properties) yield return p.PropertyType;
        foreach (var e in type.Events) yield return e.EventType;
        foreach (var method in type.Methods)
        {
            yield return method.ReturnType;
            foreach (var p in method.Parameters) yield return p.ParameterType;
            foreach (var a in method.CustomAttributes) yield return a.AttributeType;
            if (!method.HasBody) continue;
            foreach (var v in method.Body.Variables) yield return v.VariableType;
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        yield return t;
                        break;
                    case MethodReference m:
                        yield return m.DeclaringType;
                        yield return m.ReturnType;
                        foreach (var p in m.Parameters) yield return p.ParameterType;
                        if (m is GenericInstanceMethod g) foreach (var arg in g.GenericArguments) yield return arg;
                        break;
                    case FieldReference f:
                        yield return f.DeclaringType;
                        yield return f.FieldType;
                        break;
                }
            }
        }
    }

    /// <summary>A type and every type it is made of (generic arguments, array and by-ref element types).</summary>
    private static IEnumerable<TypeReference> Flatten(TypeReference type)
    {
        switch (type)
        {
            case GenericInstanceType generic:
                foreach (var t in Flatten(generic.ElementType)) yield return t;
                foreach (var arg in generic.GenericArguments)
                {
                    foreach (var t in Flatten(arg)) yield return t;
                }

                break;
            case TypeSpecification spec:
                foreach (var t in Flatten(spec.ElementType)) yield return t;
                break;
            case GenericParameter:
                break;
            default:
                yield return type;
                break;
        }
    }

    private static string? Module(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return LayerMap.ModuleOf(type.Namespace, type.Name);
    }
}
