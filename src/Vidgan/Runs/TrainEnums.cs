namespace Vidgan.Runs;

/// <summary>bce: non-saturating (Goodfellow 2014); hinge (Lim &amp; Ye 2017, used by SNGAN/BigGAN); wgan-gp:
/// Wasserstein critic with gradient penalty (Gulrajani 2017).</summary>
public enum GanLoss
{
    Bce,
    Hinge,
    WganGp,
}

/// <summary>The number type a run trains in: float32, or bfloat16 with float32 master weights.</summary>
public enum Precision
{
    Fp32,
    Bf16,
}

/// <summary>What a user may ask for: a precision, or auto (measure which is faster on this device).</summary>
public enum PrecisionMode
{
    Auto,
    Fp32,
    Bf16,
}
