namespace Vidgan.Models;

/// <summary>Which spatial levels also double (generator) or halve (discriminator) the time axis.</summary>
public static class TimeSchedule
{
    /// <summary>Frames at the generator's 4×4 stage, and the number of levels that double time.</summary>
    public static (int StartFrames, int Doublings) For(int frames, int levels)
    {
        int t = frames,
            doublings = 0;
        while (doublings < levels && t % 2 == 0 && t / 2 >= 2)
        {
            t /= 2;
            doublings++;
        }
        return (t, doublings);
    }
}
