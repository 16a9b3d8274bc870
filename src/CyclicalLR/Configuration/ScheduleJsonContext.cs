using System.Text.Json;
using System.Text.Json.Serialization;

namespace CyclicalLR;

/// <summary>The source-generated (reflection-free, AOT-safe) serializer for <see cref="ScheduleDocument"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    PropertyNameCaseInsensitive = false,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = ScheduleJson.MaxDepth)]
[JsonSerializable(typeof(ScheduleDocument))]
internal sealed partial class ScheduleJsonContext : JsonSerializerContext;
