using System.Reflection;
using System.Xml.Linq;

namespace CyclicalLR.Tests;

/// <summary>
/// The documentation-comment IDs (as the C# compiler writes them in the XML documentation file) of an assembly's public
/// API, computed by reflection: independent of build/PublicXmlDocs, which reads metadata to strip the shipped file.
/// Linked into CyclicalLR.Plotting.Tests too.
/// </summary>
internal static class ReflectionDocIds
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The member names in the XML documentation file next to <paramref name="assembly"/>.</summary>
    public static IReadOnlyList<string> Documented(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        File.Exists(path).Should().BeTrue($"the build copies {Path.GetFileName(path)} next to the assembly");
        return XDocument.Load(path).Descendants("member").Select(m => (string?)m.Attribute("name") ?? "").ToList();
    }

    /// <summary>
    /// Every type and member that code outside the assembly can use: public and protected members of public types
    /// (accessors, enum <c>value__</c> and delegate plumbing excluded: they have no doc comment of their own). With
    /// <paramref name="withCompilerGenerated"/> false, also without the members a record gets from the compiler.
    /// </summary>
    public static IReadOnlySet<string> PublicApi(Assembly assembly, bool withCompilerGenerated = true)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes().Where(IsVisible))
        {
            var typeId = TypeName(type);
            ids.Add("T:" + typeId);
            if (type.IsSubclassOf(typeof(Delegate)))
            {
                continue;
            }

            foreach (var member in type.GetMembers(Declared))
            {
                if (!withCompilerGenerated && member.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))
                {
                    continue;
                }

                var id = member switch
                {
                    ConstructorInfo c when IsVisible(c) => "M:" + typeId + "." + (c.IsStatic ? "#cctor" : "#ctor") + Parameters(c.GetParameters()),
                    MethodInfo m when IsVisible(m) && (!m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal)) => MethodId(typeId, m),
                    PropertyInfo p when p.GetAccessors(nonPublic: true).Any(IsVisible) => "P:" + typeId + "." + p.Name + Parameters(p.GetIndexParameters()),
                    FieldInfo f when (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && !f.IsSpecialName => "F:" + typeId + "." + f.Name,
                    EventInfo e when e.AddMethod is { } add && IsVisible(add) => "E:" + typeId + "." + e.Name,
                    _ => null,
                };
                if (id is not null)
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    /// <summary>A constructor without parameters the compiler may have added (it has no doc comment to ship).</summary>
    public static bool IsParameterlessConstructor(string id) => id.StartsWith("M:", StringComparison.Ordinal) && id.EndsWith(".#ctor", StringComparison.Ordinal);

    private static string MethodId(string typeId, MethodInfo method)
    {
        var id = "M:" + typeId + "." + method.Name;
        if (method.IsGenericMethodDefinition)
        {
            id += "``" + method.GetGenericArguments().Length;
        }

        id += Parameters(method.GetParameters());
        return method.Name is "op_Implicit" or "op_Explicit" ? id + "~" + TypeInSignature(method.ReturnType) : id;
    }

    private static bool IsVisible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static bool IsVisible(Type type) => type.IsNested
        ? (type.IsNestedPublic || type.IsNestedFamily || type.IsNestedFamORAssem) && IsVisible(type.DeclaringType!)
        : type.IsPublic;

    private static string Parameters(ParameterInfo[] parameters) =>
        parameters.Length == 0 ? "" : "(" + string.Join(",", parameters.Select(p => TypeInSignature(p.ParameterType))) + ")";

    // The name of a type definition: namespace, declaring types joined by '.', and the `n arity suffixes.
    private static string TypeName(Type type) => type.IsNested ? TypeName(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name;

    private static string TypeInSignature(Type type)
    {
        if (type.IsByRef)
        {
            return TypeInSignature(type.GetElementType()!) + "@";
        }

        if (type.IsPointer)
        {
            return TypeInSignature(type.GetElementType()!) + "*";
        }

        if (type.IsArray)
        {
            var element = TypeInSignature(type.GetElementType()!);
            return type.IsSZArray ? element + "[]" : element + "[" + string.Join(",", Enumerable.Repeat("0:", type.GetArrayRank())) + "]";
        }

        if (type.IsGenericParameter)
        {
            return (type.DeclaringMethod is null ? "`" : "``") + type.GenericParameterPosition;
        }

        return type.IsGenericType ? Constructed(type, type.GetGenericArguments()) : TypeName(type);
    }

    // Span`1 of T -> System.Span{``0}; a nested generic type takes its declaring types' arguments first.
    private static string Constructed(Type type, Type[] arguments)
    {
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        var outer = type.IsNested ? definition.DeclaringType!.GetGenericArguments().Length : 0;
        var prefix = type.IsNested ? Constructed(definition.DeclaringType!, arguments[..outer]) : type.Namespace;
        var tick = type.Name.IndexOf('`', StringComparison.Ordinal);
        var name = tick < 0 ? type.Name : type.Name[..tick];
        var own = arguments[outer..];
        return prefix + "." + name + (own.Length == 0 ? "" : "{" + string.Join(",", own.Select(TypeInSignature)) + "}");
    }
}
