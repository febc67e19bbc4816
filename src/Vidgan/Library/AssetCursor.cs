using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Vidgan.Util;

namespace Vidgan.Library;

/// <summary>Where a page of assets ended: the sort, the last asset's sort value and its id. It travels as an opaque
/// URL-safe string, so that a client can only pass back what a page gave it.</summary>
public sealed record AssetCursor(AssetSort Sort, string? Value, long Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{SettingNames.Name(Sort)}\n{Id}\n{Value ?? "\0"}"));

    public static AssetCursor For(Asset last, AssetSort sort) =>
        new(
            sort,
            sort switch
            {
                AssetSort.Name => last.Name,
                AssetSort.Score => last.Score?.ToString("R", CultureInfo.InvariantCulture),
                AssetSort.Created => last.CreatedAt,
                _ => null,
            },
            last.Id
        );

    /// <summary>Reads a cursor; one from another sort, or not a cursor at all, is a usage error.</summary>
    public static AssetCursor Decode(string text, AssetSort sort)
    {
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('\n', 3);
        }
        catch (FormatException)
        {
            parts = [];
        }
        if (
            parts.Length != 3
            || parts[0] != SettingNames.Name(sort)
            || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out long id)
        )
            throw new VidganException("setting 'cursor' is not a cursor of this list (sort by the same key)", 2);
        return new AssetCursor(sort, parts[2] == "\0" ? null : parts[2], id);
    }
}
