using System.Globalization;
using Microsoft.AspNetCore.Http;
using Vidgan.Library;
using Vidgan.Util;

namespace Vidgan.Web.Api;

/// <summary>Reads an asset list's query string (the same filters as `vidgan library list`): a value that does not
/// parse is a 400 naming its parameter.</summary>
public static class AssetQuery
{
    public static (AssetFilter Filter, int Size) Read(IQueryCollection q)
    {
        var sort = Text(q, "sort") is string s ? SettingNames.Parse<AssetSort>(s, "setting 'sort'") : AssetSort.Id;
        var filter = new AssetFilter(
            Text(q, "source") is string source ? SettingNames.Parse<AssetSource>(source, "setting 'source'") : null,
            Text(q, "class"),
            Number(q, "min_score"),
            Text(q, "split") is string split ? SettingNames.Parse<Split>(split, "setting 'split'") : null,
            Text(q, "tag"),
            sort
        )
        {
            RunId = Id(q, "run"),
            Text = Text(q, "q"),
            Review = Text(q, "review") is string review ? SettingNames.Parse<Review>(review, "setting 'review'") : null,
            CollectionId = Id(q, "collection"),
            Ids = Text(q, "ids") is string ids ? IdList(ids) : null,
            After = Text(q, "cursor") is string cursor ? AssetCursor.Decode(cursor, sort) : null,
        };
        int size = AssetPage.CheckSize(
            Text(q, "limit") is string limit
                ? long.TryParse(limit, CultureInfo.InvariantCulture, out long n)
                    ? (int)Math.Clamp(n, int.MinValue, int.MaxValue) // beyond int: out of range, not "not a number"
                    : throw Bad("limit", limit, "a whole number")
                : AssetPage.DefaultSize
        );
        return (filter, size);
    }

    static string? Text(IQueryCollection q, string name) =>
        q.TryGetValue(name, out var v) && v.ToString() is { Length: > 0 } s ? s : null;

    static double? Number(IQueryCollection q, string name) =>
        Text(q, name) is string v
            ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
                ? d
                : throw Bad(name, v, "a number")
            : null;

    static long? Id(IQueryCollection q, string name) =>
        Text(q, name) is string v
            ? long.TryParse(v, CultureInfo.InvariantCulture, out long id) && id > 0
                ? id
                : throw Bad(name, v, "an id")
            : null;

    static List<long> IdList(string text)
    {
        var ids = new List<long>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            ids.Add(
                long.TryParse(part, CultureInfo.InvariantCulture, out long id) && id > 0
                    ? id
                    : throw Bad("ids", part, "an id")
            );
        if (ids.Count > AssetPage.MaxSize)
            throw new VidganException($"setting 'ids' may list at most {AssetPage.MaxSize} assets", 2);
        return ids;
    }

    static VidganException Bad(string name, string value, string what) =>
        new($"setting '{name}' must be {what}, not '{value}'", 2);
}
