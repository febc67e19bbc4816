namespace Vidgan.Media;

/// <summary>Lays many equally sized clips out as one picture or one clip, with a thin gap between cells.</summary>
public static class ClipGrid
{
    const int Gap = 2;

    /// <summary>One animated clip: the clips tiled in <paramref name="columns"/> columns.</summary>
    public static Clip Tile(IReadOnlyList<Clip> clips, int columns, int upscale = 1)
    {
        if (clips.Count == 0)
            throw new ArgumentException("no clips to lay out");
        var scaled = clips.Select(c => c.Upscale(upscale)).ToArray();
        int h = scaled[0].Height,
            w = scaled[0].Width,
            frames = scaled.Max(c => c.Frames);
        int rows = (scaled.Length + columns - 1) / columns;
        int gridH = rows * h + (rows + 1) * Gap,
            gridW = columns * w + (columns + 1) * Gap;
        var bytes = new byte[frames * gridH * gridW * 3];
        Array.Fill(bytes, (byte)255);
        for (int i = 0; i < scaled.Length; i++)
        {
            var c = scaled[i];
            int top = Gap + (i / columns) * (h + Gap),
                left = Gap + (i % columns) * (w + Gap);
            for (int t = 0; t < frames; t++)
                Blit(c.Frame(Math.Min(t, c.Frames - 1)), h, w, bytes.AsSpan(t * gridH * gridW * 3), gridW, top, left);
        }
        return new Clip(bytes, frames, gridH, gridW, scaled[0].Fps);
    }

    /// <summary>One still: each clip is a row, and its frames (every <paramref name="frameStep"/>-th) run left to
    /// right.</summary>
    public static Clip Strips(IReadOnlyList<Clip> clips, int frameStep, int upscale = 1)
    {
        if (clips.Count == 0)
            throw new ArgumentException("no clips to lay out");
        var scaled = clips.Select(c => c.Upscale(upscale)).ToArray();
        int h = scaled[0].Height,
            w = scaled[0].Width;
        int columns = (scaled.Max(c => c.Frames) + frameStep - 1) / frameStep;
        int gridH = scaled.Length * h + (scaled.Length + 1) * Gap,
            gridW = columns * w + (columns + 1) * Gap;
        var bytes = new byte[gridH * gridW * 3];
        Array.Fill(bytes, (byte)255);
        for (int r = 0; r < scaled.Length; r++)
        for (int col = 0; col < columns; col++)
        {
            int t = Math.Min(col * frameStep, scaled[r].Frames - 1);
            Blit(scaled[r].Frame(t), h, w, bytes, gridW, Gap + r * (h + Gap), Gap + col * (w + Gap));
        }
        return new Clip(bytes, 1, gridH, gridW, scaled[0].Fps);
    }

    static void Blit(ReadOnlySpan<byte> frame, int h, int w, Span<byte> canvas, int canvasW, int top, int left)
    {
        for (int y = 0; y < h; y++)
            frame.Slice(y * w * 3, w * 3).CopyTo(canvas.Slice(((top + y) * canvasW + left) * 3, w * 3));
    }
}
