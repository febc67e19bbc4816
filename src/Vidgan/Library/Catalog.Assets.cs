namespace Vidgan.Library;

public sealed partial class Catalog
{
    /// <summary>Every asset the filter selects, in its order (up to its limit).</summary>
    public IReadOnlyList<Asset> ListAssets(AssetFilter filter)
    {
        // SQL reads a negative LIMIT as none at all.
        if (filter.Limit is < 1)
            throw new VidganException("setting 'limit' must be at least 1", 2);
        var (where, binds) = Where(filter);
        string order = " ORDER BY " + Order(filter.OrderBy);
        // The page is chosen first and its tags gathered after, so that sorting never pays for the tags of rows
        // that do not make the page.
        string page = "(SELECT * FROM assets a " + where + order + (filter.Limit is int n ? $" LIMIT {n}" : "") + ")";
        return QueryAssets(page, order, binds);
    }

    /// <summary>At most <paramref name="size"/> assets after the filter's cursor, and the cursor of the next
    /// page.</summary>
    public AssetPage PageAssets(AssetFilter filter, int size)
    {
        var items = ListAssets(filter with { Limit = size + 1 });
        return items.Count > size
            ? new AssetPage(items.Take(size).ToList(), AssetCursor.For(items[size - 1], filter.OrderBy).Encode())
            : new AssetPage(items, null);
    }

    static string Order(AssetSort sort) =>
        sort switch
        {
            AssetSort.Score => "a.score DESC NULLS LAST, a.id",
            AssetSort.Name => "a.name, a.id",
            AssetSort.Created => "a.created_at DESC, a.id DESC",
            _ => "a.id",
        };

    (string Sql, List<(string, object?)> Binds) Where(AssetFilter f)
    {
        var where = new List<string>();
        var binds = new List<(string, object?)>();
        void Add(string condition, string name, object? value)
        {
            where.Add(condition);
            binds.Add((name, value));
        }
        if (f.Source is AssetSource source)
            Add("a.source = @source", "@source", Name(source));
        if (f.Class != null)
            Add("a.class = @class", "@class", f.Class);
        if (f.MinScore != null)
            Add("a.score >= @minscore", "@minscore", f.MinScore);
        if (f.Split is Split split)
            Add("a.split = @split", "@split", Name(split));
        if (f.Tag != null)
            // Alone, a tag filter is best driven from the tag's index; beside text search the (smaller) match list
            // drives, and the tag is checked per row.
            Add(
                f.Text is { Length: >= 3 }
                    ? "EXISTS (SELECT 1 FROM tags t WHERE t.asset_id = a.id AND t.tag = @tag)"
                    : "a.id IN (SELECT asset_id FROM tags WHERE tag = @tag)",
                "@tag",
                f.Tag
            );
        if (f.RunId != null)
            Add("a.run_id = @run", "@run", f.RunId);
        if (f.Review is Review review)
            Add("a.review = @review", "@review", Name(review));
        if (f.CollectionId != null)
            Add(
                "a.id IN (SELECT asset_id FROM collection_assets WHERE collection_id = @coll)",
                "@coll",
                f.CollectionId
            );
        if (f.Text is { Length: > 0 } text)
        {
            var (condition, value) = dialect.TextSearch(text, "@text");
            Add(condition, "@text", value);
        }
        if (f.Ids != null)
            where.Add(f.Ids.Count == 0 ? "1 = 0" : $"a.id IN ({string.Join(",", f.Ids)})");
        if (f.After is AssetCursor after)
        {
            binds.Add(("@cid", after.Id));
            binds.Add(("@cv", after.Value));
            where.Add(
                after.Sort switch
                {
                    AssetSort.Name => "(a.name > @cv OR (a.name = @cv AND a.id > @cid))",
                    AssetSort.Score when after.Value == null => "(a.score IS NULL AND a.id > @cid)",
                    AssetSort.Score => "(a.score < CAST(@cv AS DOUBLE PRECISION) "
                        + "OR (a.score = CAST(@cv AS DOUBLE PRECISION) AND a.id > @cid) "
                        + "OR a.score IS NULL)",
                    AssetSort.Created => "(a.created_at < @cv OR (a.created_at = @cv AND a.id < @cid))",
                    _ => "a.id > @cid",
                }
            );
        }
        return (where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "", binds);
    }

    List<Asset> QueryAssets(string tail, IEnumerable<(string, object?)> binds) =>
        QueryAssets("assets", " " + tail, binds);

    /// <param name="from">The assets table, or a subquery of it.</param>
    List<Asset> QueryAssets(string from, string tail, IEnumerable<(string, object?)> binds)
    {
        using var cmd = Command(
            $"""
            SELECT a.id, a.sha256, a.source, a.name, a.format, a.class, a.split, a.original_path, a.width, a.height,
              a.frames, a.fps, a.duration, a.codec, a.bytes, a.score, a.seed, a.run_id, a.model, a.checkpoint_sha256,
              a.parameters, a.nearest_train_distance, a.near_copy, a.created_at,
              (SELECT {dialect.TagList} FROM tags t WHERE t.asset_id = a.id), a.review, a.nearest_clip_id,
              a.content_sha256, a.watermark, a.credentials_sha256
            FROM
            """
                + " "
                + from
                + " a"
                + tail
        );
        foreach (var (k, v) in binds)
            Bind(cmd, (k, v));
        using var r = cmd.ExecuteReader();
        var list = new List<Asset>();
        while (r.Read())
            list.Add(
                new Asset
                {
                    Id = r.GetInt64(0),
                    Sha256 = r.GetString(1),
                    Source = Parse<AssetSource>(r.GetString(2)),
                    Name = r.GetString(3),
                    Format = r.GetString(4),
                    Class = Str(r, 5),
                    Split = Str(r, 6) is string split ? Parse<Split>(split) : null,
                    OriginalPath = Str(r, 7),
                    Width = r.IsDBNull(8) ? 0 : r.GetInt32(8),
                    Height = r.IsDBNull(9) ? 0 : r.GetInt32(9),
                    Frames = r.IsDBNull(10) ? 0 : r.GetInt64(10),
                    Fps = r.IsDBNull(11) ? 0 : r.GetDouble(11),
                    Duration = r.IsDBNull(12) ? 0 : r.GetDouble(12),
                    Codec = Str(r, 13),
                    Bytes = r.IsDBNull(14) ? 0 : r.GetInt64(14),
                    Score = r.IsDBNull(15) ? null : r.GetDouble(15),
                    Seed = r.IsDBNull(16) ? null : r.GetInt64(16),
                    RunId = r.IsDBNull(17) ? null : r.GetInt64(17),
                    Model = Str(r, 18),
                    CheckpointSha256 = Str(r, 19),
                    Parameters = Str(r, 20),
                    NearestTrainDistance = r.IsDBNull(21) ? null : r.GetDouble(21),
                    NearCopy = r.GetInt64(22) != 0,
                    CreatedAt = r.GetString(23),
                    Tags = r.IsDBNull(24) ? Array.Empty<string>() : r.GetString(24).Split(',').Order().ToArray(),
                    Review = Str(r, 25) is string review ? Parse<Review>(review) : null,
                    NearestClipId = r.IsDBNull(26) ? null : r.GetInt64(26),
                    ContentSha256 = Str(r, 27),
                    Watermark = r.IsDBNull(28) ? null : r.GetInt32(28),
                    CredentialsSha256 = Str(r, 29),
                }
            );
        return list;
    }
}
