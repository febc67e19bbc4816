namespace Vidgan.Media;

/// <summary>A short video in memory: T frames of H×W RGB bytes, frame-major (T, H, W, 3).</summary>
public sealed class Clip
{
    public Clip(byte[] rgb, int frames, int height, int width, double fps)
    {
        if (rgb.Length != (long)frames * height * width * 3)
            throw new ArgumentException($"expected {frames}x{height}x{width}x3 bytes, got {rgb.Length}");
        Rgb = rgb;
        Frames = frames;
        Height = height;
        Width = width;
        Fps = fps;
    }

    public byte[] Rgb { get; }
    public int Frames { get; }
    public int Height { get; }
    public int Width { get; }
    public double Fps { get; }
    public int FrameBytes => Height * Width * 3;

    public ReadOnlySpan<byte> Frame(int t) => Rgb.AsSpan(t * FrameBytes, FrameBytes);

    public Clip Slice(int start, int count)
    {
        var bytes = new byte[count * FrameBytes];
        Array.Copy(Rgb, start * FrameBytes, bytes, 0, bytes.Length);
        return new Clip(bytes, count, Height, Width, Fps);
    }

    /// <summary>Nearest-neighbour enlargement, for posters and grids of tiny clips.</summary>
    public Clip Upscale(int factor)
    {
        if (factor <= 1)
            return this;
        int h = Height * factor,
            w = Width * factor;
        var bytes = new byte[Frames * h * w * 3];
        for (int t = 0; t < Frames; t++)
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            int src = ((t * Height + y / factor) * Width + x / factor) * 3;
            int dst = ((t * h + y) * w + x) * 3;
            bytes[dst] = Rgb[src];
            bytes[dst + 1] = Rgb[src + 1];
            bytes[dst + 2] = Rgb[src + 2];
        }
        return new Clip(bytes, Frames, h, w, Fps);
    }
}
