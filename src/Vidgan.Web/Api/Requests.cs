using Vidgan.Library;

namespace Vidgan.Web.Api;

/// <summary>Tags to add to an asset.</summary>
public sealed record TagsRequest(IReadOnlyList<string> Tags);

/// <summary>A curator's verdict: kept, rejected, or null to clear it.</summary>
public sealed record ReviewRequest(Review? Review);

/// <summary>A new collection.</summary>
public sealed record CollectionRequest(string Name, string? Description);

/// <summary>Assets to add to a collection.</summary>
public sealed record AssetIdsRequest(IReadOnlyList<long> Ids);

/// <summary>An API key to sign a browser in with.</summary>
public sealed record SignInRequest(string Key);

/// <summary>A new API key.</summary>
public sealed record KeyRequest(ApiKeyRole Role, string? Name);

/// <summary>What removing an asset did.</summary>
public sealed record RemoveResult(long Removed, int BytesKeptFor);
