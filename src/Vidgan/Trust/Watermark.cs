using Vidgan.Media;

namespace Vidgan.Trust;

/// <summary>An invisible watermark in a clip's pixels. The central 80 % of the frame is cut into a 4×4 grid and the
/// clip into 8 time segments: 128 cells, one code bit each (<see cref="WatermarkCode"/>). A cell's bit is the lattice
/// its mean brightness lies on (quantisation index modulation, step <see cref="Step"/>, a fixed dither per cell): the
/// whole cell is brightened or darkened evenly until the mean of its inner part lands there. A mean survives
/// re-encoding, palettes and scaling; the 10 % border left free and a search over crops let a cropped clip be read.
/// </summary>
public static class Watermark
{
    public const int Grid = 4;
    public const int Segments = 8;
    public const double Step = 14;

    /// <summary>The smallest side that can carry the watermark: below it a cell's inner part is too few
    /// pixels.</summary>
    public const int MinSize = 16;

    const double Border = 0.1;
    const double Inner = 0.25;

    public static bool CanCarry(int frames, int height, int width) =>
        frames >= Segments && Math.Min(height, width) >= MinSize;

    /// <summary>A copy of the clip with the payload in its pixels.</summary>
    public static Clip Embed(Clip clip, WatermarkPayload payload)
    {
        if (!CanCarry(clip.Frames, clip.Height, clip.Width))
            throw new TrustException(
                $"a {clip.Width}×{clip.Height}×{clip.Frames} clip is too small for a watermark "
                    + $"(at least {MinSize}×{MinSize}×{Segments})"
            );
        var bits = WatermarkCode.Encode(payload);
        int w = clip.Width,
            h = clip.Height;
        var targets = new double[WatermarkCode.Cells];
        var shifts = new double[WatermarkCode.Cells];
        for (int cell = 0; cell < WatermarkCode.Cells; cell++)
        {
            double mean = InnerMean(clip, cell);
            targets[cell] = Saturated(mean) ? double.NaN : Target(mean, bits[cell], Dither(cell));
            shifts[cell] = Saturated(mean) ? 0 : targets[cell] - mean;
        }
        // The shifts are corrected twice for what rounding and clipping take off before the clip is written. Inside
        // a cell's inner part the written shift is exactly the cell's own (every other cell weighs 0 there), so the
        // means the corrections need come from those pixels alone, without writing the clip.
        for (int refinement = 0; refinement < Refinements; refinement++)
        for (int cell = 0; cell < WatermarkCode.Cells; cell++)
            if (!double.IsNaN(targets[cell]))
                shifts[cell] += targets[cell] - InnerMean(clip, cell, shifts[cell]);
        return new Clip(Apply(clip, shifts, Profiles(w), Profiles(h)), clip.Frames, h, w, clip.Fps);
    }

    const int Refinements = 2;

    /// <summary>The mean brightness of a cell's inner part once <paramref name="shift"/> is added and written as
    /// bytes.</summary>
    static double InnerMean(Clip clip, int cell, double shift = 0)
    {
        var (gx, gy, seg) = Place(cell);
        int w = clip.Width,
            h = clip.Height;
        var (x0, x1, y0, y1) = InnerBox(gx, gy, w, h, (0, 0), (0, 0));
        var frames = FramesOf(seg, clip.Frames);
        double sum = 0;
        foreach (int t in frames)
            for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
            {
                int i = ((t * h + y) * w + x) * 3;
                sum += Luma(
                    Shifted(clip.Rgb[i], shift),
                    Shifted(clip.Rgb[i + 1], shift),
                    Shifted(clip.Rgb[i + 2], shift)
                );
            }
        return sum / (frames.Length * (x1 - x0) * (y1 - y0));
    }

    static byte Shifted(byte value, double shift) => (byte)Math.Clamp(Math.Round(value + shift), 0, 255);

    /// <summary>A copy of the clip with each cell's shift added: the full shift over the cell's inner part, smooth
    /// (cosine) ramps between neighbouring inner parts and out to the free border, so the mark has no edges to
    /// see.</summary>
    static byte[] Apply(Clip clip, double[] shifts, double[][] profileX, double[][] profileY)
    {
        int w = clip.Width,
            h = clip.Height;
        var rgb = (byte[])clip.Rgb.Clone();
        var field = new double[h * w];
        // Terms whose weight is 0 are left out: adding ±0 changes no sum.
        var columns = profileX.Select(NonZero).ToArray();
        var rows = profileY.Select(NonZero).ToArray();
        for (int seg = 0; seg < Segments; seg++)
        {
            Array.Clear(field);
            for (int gy = 0; gy < Grid; gy++)
            for (int gx = 0; gx < Grid; gx++)
            {
                double s = shifts[(seg * Grid + gy) * Grid + gx];
                if (s == 0)
                    continue;
                for (int y = rows[gy].Start; y < rows[gy].End; y++)
                {
                    double wy = profileY[gy][y];
                    for (int x = columns[gx].Start; x < columns[gx].End; x++)
                        field[y * w + x] += s * wy * profileX[gx][x];
                }
            }
            foreach (int t in FramesOf(seg, clip.Frames))
                for (int p = 0; p < h * w; p++)
                {
                    if (field[p] == 0)
                        continue;
                    int i = (t * h * w + p) * 3;
                    for (int c = 0; c < 3; c++)
                        rgb[i + c] = Shifted(clip.Rgb[i + c], field[p]);
                }
        }
        return rgb;
    }

    /// <summary>The first and one past the last position where <paramref name="profile"/> is not 0 (a profile is 0
    /// outside one stretch); an empty range when it is 0 everywhere.</summary>
    static (int Start, int End) NonZero(double[] profile)
    {
        int first = Array.FindIndex(profile, v => v != 0);
        return first < 0 ? (0, 0) : (first, Array.FindLastIndex(profile, v => v != 0) + 1);
    }

    /// <summary>For each grid column, its weight at each pixel: 1 on its inner part, a cosine ramp to the
    /// neighbouring inner parts (or over as wide a stretch into the border), 0 elsewhere.</summary>
    static double[][] Profiles(int n)
    {
        var inner = Enumerable.Range(0, Grid).Select(g => InnerRange(g, n, (0, 0))).ToArray();
        double ramp = Grid > 1 ? inner[1].Item1 - inner[0].Item2 : n * Border;
        var profiles = new double[Grid][];
        for (int g = 0; g < Grid; g++)
        {
            profiles[g] = new double[n];
            double a = inner[g].Item1,
                b = inner[g].Item2;
            double left = g > 0 ? inner[g - 1].Item2 : Math.Max(0, a - ramp);
            double right = g < Grid - 1 ? inner[g + 1].Item1 : Math.Min(n, b + ramp);
            for (int x = 0; x < n; x++)
            {
                double c = x + 0.5;
                profiles[g][x] =
                    c >= a && c <= b ? 1
                    : c < a && c > left ? Math.Pow(Math.Sin(Math.PI / 2 * (c - left) / (a - left)), 2)
                    : c > b && c < right ? Math.Pow(Math.Cos(Math.PI / 2 * (c - b) / (right - b)), 2)
                    : 0;
            }
        }
        return profiles;
    }

    /// <summary>Reads the payload from a clip in memory.</summary>
    public static WatermarkReading Detect(Clip clip) =>
        Detect(LumaFrames(clip.Rgb, clip.Frames, clip.Height, clip.Width), clip.Height, clip.Width);

    /// <summary>Each frame's luma with the weights the watermark is written in (BT.601).</summary>
    public static float[][] LumaFrames(byte[] rgb, int frames, int height, int width)
    {
        var luma = new float[frames][];
        for (int t = 0; t < frames; t++)
        {
            luma[t] = new float[height * width];
            for (int p = 0; p < height * width; p++)
                luma[t][p] = (float)Luma(rgb, (t * height * width + p) * 3);
        }
        return luma;
    }

    /// <summary>Reads the payload from luma frames (T × H × W), trying each crop of up to 10 % per axis.</summary>
    public static WatermarkReading Detect(float[][] luma, int height, int width)
    {
        if (!CanCarry(luma.Length, height, width))
            return WatermarkReading.TooSmall;
        var tables = Enumerable
            .Range(0, Segments)
            .Select(seg => SummedArea(luma, FramesOf(seg, luma.Length), height, width))
            .ToArray();
        var soft = new double[WatermarkCode.Cells];
        WatermarkReading best = WatermarkReading.NotFound;
        (WatermarkPayload? Guess, double Confidence) bestGuess = (null, double.NegativeInfinity);
        foreach (var (left, right, top, bottom) in Crops)
        {
            for (int cell = 0; cell < WatermarkCode.Cells; cell++)
            {
                var (gx, gy, seg) = Place(cell);
                double mean = Observed(tables[seg], width, height, gx, gy, (left, right), (top, bottom));
                soft[cell] =
                    double.IsNaN(mean) || Saturated(mean) ? 0 : Math.Cos(2 * Math.PI * ((mean - Dither(cell)) / Step));
            }
            var (payload, confidence, guess) = WatermarkCode.Decode(soft);
            if (confidence > bestGuess.Confidence)
                bestGuess = (guess, confidence);
            if (payload is WatermarkPayload found && confidence >= MinConfidence && confidence > best.Confidence)
                best = new WatermarkReading(true, found, confidence, (left, top, right, bottom));
            if (best.Found && left + right + top + bottom == 0 && best.Confidence >= Sure)
                break;
        }
        return best with { Guess = best.Payload ?? bestGuess.Guess, GuessConfidence = bestGuess.Confidence };
    }

    /// <summary>A reading of the uncropped frame this good ends the search.</summary>
    const double Sure = 0.7;

    /// <summary>Below this mean decision margin a word that passes its check is taken for chance.</summary>
    public const double MinConfidence = 0.45;

    static readonly (double, double)[] CropsPerAxis =
    [
        .. from a in new[] { 0, 1 / 32.0, 2 / 32.0, 3 / 32.0, 4 / 32.0 }
        from b in new[] { 0, 1 / 32.0, 2 / 32.0, 3 / 32.0, 4 / 32.0 }
        where a + b <= 4 / 32.0 + 1e-9
        select (a, b),
    ];

    /// <summary>Every crop searched, the uncropped frame first.</summary>
    static readonly (double, double, double, double)[] Crops =
    [
        .. from x in CropsPerAxis from y in CropsPerAxis select (x.Item1, x.Item2, y.Item1, y.Item2),
    ];

    static (int Gx, int Gy, int Seg) Place(int cell) => (cell % Grid, cell / Grid % Grid, cell / (Grid * Grid));

    static int[] FramesOf(int seg, int frames) =>
        Enumerable.Range(0, frames).Where(t => (long)t * Segments / frames == seg).ToArray();

    static double Dither(int cell)
    {
        ulong state = 0xD17E5EEDUL + (ulong)cell;
        return WatermarkCode.SplitMix(ref state) % 1000 / 1000.0 * Step;
    }

    /// <summary>A cell this close to black or white is left alone (brightening black would show as a grey block)
    /// and read as unknown; the code's redundancy covers a few, a clip that is mostly black carries no mark.</summary>
    static bool Saturated(double mean) => mean < Step / 2 || mean > 255 - Step / 2;

    /// <summary>The lattice point nearest <paramref name="mean"/> that stands for <paramref name="bit"/>, kept
    /// inside the range a mean can take.</summary>
    static double Target(double mean, bool bit, double dither)
    {
        double offset = dither + (bit ? Step / 2 : 0);
        double k = Math.Round((mean - offset) / Step);
        double t = offset + k * Step;
        if (t < Step / 2)
            t += Step;
        if (t > 255 - Step / 2)
            t -= Step;
        return t;
    }

    static double Luma(byte[] rgb, int i) => Luma(rgb[i], rgb[i + 1], rgb[i + 2]);

    static double Luma(double r, double g, double b) => 0.299 * r + 0.587 * g + 0.114 * b;

    /// <summary>Sums of the segment's mean frame over every rectangle from the origin: (H+1) × (W+1).</summary>
    static double[] SummedArea(float[][] luma, int[] frames, int h, int w)
    {
        var s = new double[(h + 1) * (w + 1)];
        for (int y = 0; y < h; y++)
        {
            double row = 0;
            for (int x = 0; x < w; x++)
            {
                double v = 0;
                foreach (int t in frames)
                    v += luma[t][y * w + x];
                row += v / frames.Length;
                s[(y + 1) * (w + 1) + x + 1] = s[y * (w + 1) + x + 1] + row;
            }
        }
        return s;
    }

    /// <summary>The mean over a cell's inner part, seen in a frame that is the original cropped by the given
    /// fractions; NaN when that part falls outside the frame.</summary>
    static double Observed(double[] sat, int w, int h, int gx, int gy, (double A, double B) cx, (double A, double B) cy)
    {
        var (x0, x1, y0, y1) = InnerBox(gx, gy, w, h, cx, cy);
        if (x0 < 0 || y0 < 0 || x1 > w || y1 > h)
            return double.NaN;
        int stride = w + 1;
        double sum = sat[y1 * stride + x1] - sat[y0 * stride + x1] - sat[y1 * stride + x0] + sat[y0 * stride + x0];
        return sum / ((x1 - x0) * (y1 - y0));
    }

    /// <summary>The pixels of a cell's inner part in a frame of w × h that shows the original cropped by the given
    /// fractions (at least one pixel each way).</summary>
    static (int X0, int X1, int Y0, int Y1) InnerBox(
        int gx,
        int gy,
        int w,
        int h,
        (double A, double B) cx,
        (double A, double B) cy
    )
    {
        var (x0, x1) = InnerRange(gx, w, cx);
        var (y0, y1) = InnerRange(gy, h, cy);
        return (x0, x1, y0, y1);
    }

    static (int, int) InnerRange(int g, int n, (double A, double B) crop)
    {
        double cell = (1 - 2 * Border) / Grid;
        double Map(double u) => (u - crop.A) / (1 - crop.A - crop.B) * n;
        int a = (int)Math.Ceiling(Map(Border + cell * (g + Inner)) - 1e-9);
        int b = (int)Math.Floor(Map(Border + cell * (g + 1 - Inner)) + 1e-9);
        if (b > a)
            return (a, b);
        int mid = (int)Math.Floor(Map(Border + cell * (g + 0.5)));
        return (mid, mid + 1);
    }
}

/// <summary>What a watermark search found: the payload, the decision margin, and the crop (left, top, right,
/// bottom fractions) under which it read.</summary>
public sealed record WatermarkReading(
    bool Found,
    WatermarkPayload? Payload,
    double Confidence,
    (double Left, double Top, double Right, double Bottom) Crop,
    bool Readable = true
)
{
    /// <summary>The best decoding whether or not its check held (for measuring bit accuracy), and its match.</summary>
    public WatermarkPayload? Guess { get; init; }
    public double GuessConfidence { get; init; }

    public static readonly WatermarkReading NotFound = new(false, null, 0, default);
    public static readonly WatermarkReading TooSmall = new(false, null, 0, default, Readable: false);
}
