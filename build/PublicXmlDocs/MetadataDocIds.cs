using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;

namespace PublicXmlDocs;

/// <summary>
/// The documentation-comment ID (the <c>name</c> the C# compiler writes in the XML documentation file, e.g.
/// <c>M:CyclicalLR.SgdUpdater.Apply``1(System.Span{``0},System.ReadOnlySpan{``0},``0)</c>) of every type and member an
/// assembly defines, read from its metadata without loading it, each with whether code outside the assembly can use it.
/// </summary>
internal static partial class MetadataDocIds
{
    /// <summary>Every ID in the assembly, mapped to <see langword="true"/> for a public or protected member of a
    /// visible type (what a package's users see) and <see langword="false"/> for anything else.</summary>
    public static Dictionary<string, bool> Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var names = new DocIdTypeProvider();
        var ids = new Dictionary<string, bool>(StringComparer.Ordinal);

        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            var typeId = names.GetTypeFromDefinition(reader, handle, 0);
            var typeVisible = IsVisible(reader, handle);
            ids.TryAdd("T:" + typeId, typeVisible);

            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                var signature = method.DecodeSignature(names, null);
                var name = reader.GetString(method.Name);
                var id = new StringBuilder("M:").Append(typeId).Append('.').Append(MemberName(name));
                if (signature.GenericParameterCount > 0)
                {
                    id.Append("``").Append(signature.GenericParameterCount);
                }

                AppendParameters(id, signature.ParameterTypes, '(', ')');
                if (name is "op_Implicit" or "op_Explicit")
                {
                    id.Append('~').Append(signature.ReturnType);
                }

                ids.TryAdd(id.ToString(), typeVisible && IsVisible(method.Attributes));
            }

            foreach (var propertyHandle in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(propertyHandle);
                var accessors = property.GetAccessors();
                var id = new StringBuilder("P:").Append(typeId).Append('.').Append(MemberName(reader.GetString(property.Name)));
                AppendParameters(id, property.DecodeSignature(names, null).ParameterTypes, '(', ')');
                ids.TryAdd(id.ToString(), typeVisible && (IsVisible(reader, accessors.Getter) || IsVisible(reader, accessors.Setter)));
            }

            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                var access = field.Attributes & FieldAttributes.FieldAccessMask;
                var visible = access is FieldAttributes.Public or FieldAttributes.Family or FieldAttributes.FamORAssem;
                ids.TryAdd("F:" + typeId + "." + MemberName(reader.GetString(field.Name)), typeVisible && visible);
            }

            foreach (var eventHandle in type.GetEvents())
            {
                var @event = reader.GetEventDefinition(eventHandle);
                var accessors = @event.GetAccessors();
                var visible = IsVisible(reader, accessors.Adder) || IsVisible(reader, accessors.Remover);
                ids.TryAdd("E:" + typeId + "." + MemberName(reader.GetString(@event.Name)), typeVisible && visible);
            }
        }

        return ids;
    }

    // ".ctor" -> "#ctor"; an explicit implementation "System.IDisposable.Dispose" -> "System#IDisposable#Dispose".
    private static string MemberName(string name) => name.Replace('.', '#').Replace('<', '{').Replace('>', '}');

    private static void AppendParameters(StringBuilder id, ImmutableArray<string> parameters, char open, char close)
    {
        if (parameters.Length > 0)
        {
            id.Append(open).AppendJoin(',', parameters).Append(close);
        }
    }

    private static bool IsVisible(MethodAttributes attributes) =>
        (attributes & MethodAttributes.MemberAccessMask) is MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem;

    private static bool IsVisible(MetadataReader reader, MethodDefinitionHandle accessor) =>
        !accessor.IsNil && IsVisible(reader.GetMethodDefinition(accessor).Attributes);

    private static bool IsVisible(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        return (type.Attributes & TypeAttributes.VisibilityMask) switch
        {
            TypeAttributes.Public => true,
            TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem => IsVisible(reader, type.GetDeclaringType()),
            _ => false,
        };
    }

    /// <summary>Type names as documentation IDs spell them inside a member's parameter list.</summary>
    private sealed partial class DocIdTypeProvider : ISignatureTypeProvider<string, object?>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
        {
            PrimitiveTypeCode.Boolean => "System.Boolean",
            PrimitiveTypeCode.Char => "System.Char",
            PrimitiveTypeCode.SByte => "System.SByte",
            PrimitiveTypeCode.Byte => "System.Byte",
            PrimitiveTypeCode.Int16 => "System.Int16",
            PrimitiveTypeCode.UInt16 => "System.UInt16",
            PrimitiveTypeCode.Int32 => "System.Int32",
            PrimitiveTypeCode.UInt32 => "System.UInt32",
            PrimitiveTypeCode.Int64 => "System.Int64",
            PrimitiveTypeCode.UInt64 => "System.UInt64",
            PrimitiveTypeCode.Single => "System.Single",
            PrimitiveTypeCode.Double => "System.Double",
            PrimitiveTypeCode.IntPtr => "System.IntPtr",
            PrimitiveTypeCode.UIntPtr => "System.UIntPtr",
            PrimitiveTypeCode.Object => "System.Object",
            PrimitiveTypeCode.String => "System.String",
            PrimitiveTypeCode.TypedReference => "System.TypedReference",
            PrimitiveTypeCode.Void => "System.Void",
            _ => throw new NotSupportedException($"primitive type {typeCode}"),
        };

        public string GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var type = metadata.GetTypeDefinition(handle);
            // A file-local type (`file class X`, e.g. what [GeneratedRegex] emits) is named "<File>F<hash>__X" in
            // metadata and "X" in its documentation ID.
            var name = FileLocalName().Replace(metadata.GetString(type.Name), "$1");
            var declaring = type.GetDeclaringType();
            return declaring.IsNil
                ? Qualified(metadata.GetString(type.Namespace), name)
                : GetTypeFromDefinition(metadata, declaring, rawTypeKind) + "." + name;
        }

        public string GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = metadata.GetTypeReference(handle);
            var name = metadata.GetString(type.Name);
            return type.ResolutionScope.Kind == HandleKind.TypeReference
                ? GetTypeFromReference(metadata, (TypeReferenceHandle)type.ResolutionScope, rawTypeKind) + "." + name
                : Qualified(metadata.GetString(type.Namespace), name);
        }

        public string GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        // "System.Span`1" with (``0) -> "System.Span{``0}"; a nested "Outer`1.Inner`1" takes its arguments in order.
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
        {
            var next = 0;
            var result = Arity().Replace(genericType, match =>
            {
                var count = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                var arguments = string.Join(',', typeArguments.Skip(next).Take(count));
                next += count;
                return "{" + arguments + "}";
            });
            return next == typeArguments.Length ? result : throw new NotSupportedException($"generic instantiation {genericType} of {typeArguments.Length} arguments");
        }

        public string GetGenericTypeParameter(object? genericContext, int index) => "`" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public string GetGenericMethodParameter(object? genericContext, int index) => "``" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) =>
            elementType + "[" + string.Join(',', Enumerable.Range(0, shape.Rank).Select(i => "0:")) + "]";

        public string GetByReferenceType(string elementType) => elementType + "@";

        public string GetPointerType(string elementType) => elementType + "*";

        // The C# compiler writes no custom modifiers (e.g. an `in` parameter's modreq) into documentation IDs.
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetPinnedType(string elementType) => elementType;

        public string GetFunctionPointerType(MethodSignature<string> signature) =>
            throw new NotSupportedException("function pointer types in a documented signature");

        private static string Qualified(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

        [GeneratedRegex(@"`(\d+)")]
        private static partial Regex Arity();

        [GeneratedRegex(@"^<[^>]*>F[0-9A-Fa-f]+__(.+)$")]
        private static partial Regex FileLocalName();
    }
}
